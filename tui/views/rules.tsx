/**
 * RulesView (`:rules node1`): a node's kube-proxy table as `iptables-save -t nat` prints it, from
 * the daemon's `GET /kubelab/v1/nodes/<name>/rules`, fetched again (throttled to twice a second)
 * whenever a watch says Services or EndpointSlices changed: no timed polling. A daemon without
 * that endpoint answers 405, shown as a flash; a stopped node as the daemon's 503 message.
 */
import { isStatusError } from '../../shared/api/errors.js';
import { canGetText } from '../../shared/client/log-stream.js';
import type { Clock } from '../../shared/clock.js';
import { scrollHints, TextPage } from '../components/text-page.js';
import { errorText } from '../state/api-error-text.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import { useLoadedText } from './use-page-text.js';
import type { ViewProps } from './view-props.js';

export interface RulesViewProps extends ViewProps {
  node: string;
  clock?: Clock;
}

export const rulesUnavailableMessage = 'rules are not available from this daemon';
const refreshIntervalMs = 500;

/** 405/404 on the path itself: a daemon from before the rules endpoint. */
function rulesErrorText(err: unknown): string {
  return isStatusError(err) && (err.code === 405 || (err.code === 404 && err.status.details?.group === 'kubelab')) ? rulesUnavailableMessage : errorText(err);
}

export function RulesView(props: RulesViewProps) {
  const { client, node } = props;
  const clock = props.clock ?? defaultViewClock;
  const live = useInformers(
    client,
    [
      { ref: { group: '', version: 'v1', resource: 'services' } },
      { ref: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } },
      { ref: { group: '', version: 'v1', resource: 'nodes' }, fieldSelector: `metadata.name=${node}` },
    ],
    { clock, intervalMs: refreshIntervalMs, flash: props.flash },
  );
  const load = async (): Promise<string> => {
    if (!canGetText(client)) throw new Error(rulesUnavailableMessage);
    return client.getText(`/kubelab/v1/nodes/${encodeURIComponent(node)}/rules`);
  };
  const text = useLoadedText(live, load, { flash: props.flash, messageOf: rulesErrorText, deps: [client, node] });
  return <TextPage {...props} title={`rules ${node} (iptables-save -t nat)`} lines={text.lines} tone={text.tone} hints={scrollHints} />;
}
