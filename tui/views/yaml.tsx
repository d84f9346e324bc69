/**
 * YamlView (`y`): the object as `kubectl get -o yaml` prints it (tui/state/object-yaml.ts), kept
 * live by a watch on that one object; metadata.managedFields hidden unless `m` shows them, as in
 * k9s. A deleted or missing object shows kubectl's NotFound line.
 */
import { useMemo, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { TextPage } from '../components/text-page.js';
import { objectYaml } from '../state/object-yaml.js';
import { targetTitle } from '../state/object-target.js';
import { textLines, useWatchedObject, type PageText } from './use-page-text.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface YamlViewProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

const hints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['m', 'toggle managedFields'],
  ['esc', 'back'],
];

export function YamlView(props: YamlViewProps) {
  const [showManagedFields, setShowManagedFields] = useState(false);
  const { object, missing, live } = useWatchedObject(props);
  const text = useMemo((): PageText => {
    if (missing) return { lines: [missing], tone: 'error' };
    if (!object) return { lines: ['loading…'], tone: 'loading' };
    return { lines: textLines(objectYaml(object, { showManagedFields })) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [object, missing, live.version, showManagedFields]);
  const onKey = (input: string): boolean => {
    if (input !== 'm') return false;
    setShowManagedFields((shown) => !shown);
    return true;
  };
  const title = `yaml ${targetTitle(props.target)}${showManagedFields ? ' (managedFields shown)' : ''}`;
  return <TextPage {...props} title={title} lines={text.lines} tone={text.tone} hints={hints} onKey={onKey} />;
}
