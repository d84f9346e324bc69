/**
 * YamlView (`y`): the object as `kubectl get -o yaml` prints it (tui/state/object-yaml.ts), kept
 * live by a watch on that one object; metadata.managedFields hidden unless `m` shows them, as in
 * k9s. A deleted or missing object shows kubectl's NotFound line.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { TextLines, useScroll } from '../components/scroll-text.js';
import { errorText } from '../state/api-error-text.js';
import { objectYaml } from '../state/object-yaml.js';
import { objectFieldSelector, targetNotFound, targetTitle } from '../state/object-target.js';
import { fitLine } from '../state/text-viewport.js';
import { useInformers } from './use-informers.js';
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
  const { client, target, width, height, isActive } = props;
  const [showManagedFields, setShowManagedFields] = useState(false);
  const live = useInformers(client, [{ ref: target.ref, namespace: target.namespace, fieldSelector: objectFieldSelector(target) }], {
    clock: props.clock,
    flash: props.flash,
  });
  const object = live.informers[0]?.list()[0];
  const missing = live.synced && !object ? errorText(targetNotFound(target)) : undefined;
  const lines = useMemo(() => {
    if (!object) return [];
    return objectYaml(object, { showManagedFields }).replace(/\n$/, '').split('\n');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [object, live.version, showManagedFields]);
  const bodyHeight = Math.max(0, height - 1);
  const scroll = useScroll(lines.length, bodyHeight);

  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (missing) props.flash(missing, 'error');
  }, [missing]); // eslint-disable-line react-hooks/exhaustive-deps

  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      if (input === 'm') return setShowManagedFields((shown) => !shown);
      scroll.handleKey(input, key);
    },
    { isActive },
  );

  const title = `yaml ${targetTitle(target)}${showManagedFields ? ' (managedFields shown)' : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {height > 0 && (
        <Text bold wrap="truncate">
          {fitLine(title, width)}
        </Text>
      )}
      {missing ? (
        <TextLines lines={[missing]} top={0} width={width} height={bodyHeight} color="red" />
      ) : !object ? (
        <TextLines lines={['loading…']} top={0} width={width} height={bodyHeight} color="gray" />
      ) : (
        <TextLines lines={lines} top={scroll.top} width={width} height={bodyHeight} />
      )}
    </Box>
  );
}
