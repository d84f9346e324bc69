/**
 * SecretDecodeView (`x` on the secrets table, k9s' "Secret Decoder"): the selected Secret's data
 * with every value decoded (tui/state/secret-data.ts), kept live by a watch on that one Secret.
 * It opens only on that key: everywhere else the TUI shows sizes (describe) or base64 (YAML), as
 * kubectl does. A deleted or missing Secret shows kubectl's NotFound line. Unlike k9s it does not
 * offer copying the values to the clipboard.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo } from 'react';
import type { Clock } from '../../shared/clock.js';
import { TextLines, useScroll } from '../components/scroll-text.js';
import { errorText } from '../state/api-error-text.js';
import { objectFieldSelector, targetNotFound, targetTitle } from '../state/object-target.js';
import { decodedSecretYaml } from '../state/secret-data.js';
import { fitLine } from '../state/text-viewport.js';
import { useInformers } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface SecretDecodeViewProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

const hints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['esc', 'back'],
];

export function SecretDecodeView(props: SecretDecodeViewProps) {
  const { client, target, width, height, isActive } = props;
  const live = useInformers(client, [{ ref: target.ref, namespace: target.namespace, fieldSelector: objectFieldSelector(target) }], {
    clock: props.clock,
    flash: props.flash,
  });
  const secret = live.informers[0]?.list()[0];
  const missing = live.synced && !secret ? errorText(targetNotFound(target)) : undefined;
  const lines = useMemo(() => (secret ? decodedSecretYaml(secret).replace(/\n$/, '').split('\n') : []), [secret, live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const bodyHeight = Math.max(0, height - 1);
  const scroll = useScroll(lines.length, bodyHeight);

  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (missing) props.flash(missing, 'error');
  }, [missing]); // eslint-disable-line react-hooks/exhaustive-deps

  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      scroll.handleKey(input, key);
    },
    { isActive },
  );

  // The title says the values are plain text, so a learner sharing the screen knows what is on it.
  const title = `decode ${targetTitle(target)} (values in plain text)`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {height > 0 && (
        <Text bold wrap="truncate">
          {fitLine(title, width)}
        </Text>
      )}
      {missing ? (
        <TextLines lines={[missing]} top={0} width={width} height={bodyHeight} color="red" />
      ) : !secret ? (
        <TextLines lines={['loading…']} top={0} width={width} height={bodyHeight} color="gray" />
      ) : (
        <TextLines lines={lines} top={scroll.top} width={width} height={bodyHeight} />
      )}
    </Box>
  );
}
