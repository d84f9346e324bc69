/**
 * SecretDecodeView (`x` on the secrets table, k9s' "Secret Decoder"): the selected Secret's data
 * with every value decoded (tui/state/secret-data.ts), kept live by a watch on that one Secret.
 * It opens only on that key: everywhere else the TUI shows sizes (describe) or base64 (YAML), as
 * kubectl does. A deleted or missing Secret shows kubectl's NotFound line. Unlike k9s it does not
 * offer copying the values to the clipboard.
 */
import { useMemo } from 'react';
import type { Clock } from '../../shared/clock.js';
import { scrollHints, TextPage } from '../components/text-page.js';
import { targetTitle } from '../state/object-target.js';
import { decodedSecretYaml } from '../state/secret-data.js';
import { textLines, useWatchedObject, type PageText } from './use-page-text.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface SecretDecodeViewProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

export function SecretDecodeView(props: SecretDecodeViewProps) {
  const { object: secret, missing, live } = useWatchedObject(props);
  const text = useMemo((): PageText => {
    if (missing) return { lines: [missing], tone: 'error' };
    if (!secret) return { lines: ['loading…'], tone: 'loading' };
    return { lines: textLines(decodedSecretYaml(secret)) };
  }, [secret, missing, live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  // The title says the values are plain text, so a learner sharing the screen knows what is on it.
  return <TextPage {...props} title={`decode ${targetTitle(props.target)} (values in plain text)`} lines={text.lines} tone={text.tone} hints={scrollHints} />;
}
