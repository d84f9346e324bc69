/**
 * kube-apiserver's post-start hooks that kubelab has: `priority-and-fairness-config-producer`
 * (bootstrap-flowcontrol.ts) with the APF config controller's FlowSchema status
 * (flowcontrol-status.ts), and the aggregator's `kube-apiserver-autoregistration` with its
 * available controller (apiservice-autoregister.ts). They run beside the rest of start-up, not
 * before it: nothing `kubelab up` waits for needs them, and their writes share store batches.
 */
import type { ApiClient } from '../../shared/client/client.js';
import type { Clock } from '../../shared/clock.js';
import { ApiServiceAutoregister } from './apiservice-autoregister.js';
import { bootstrapFlowControl } from './bootstrap-flowcontrol.js';
import { FlowControlStatus } from './flowcontrol-status.js';

export interface PostStartHooks {
  /** Settles once the bootstrap objects exist and the controllers follow changes; rejects if a hook failed. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startPostStartHooks(client: ApiClient, clock: Clock): PostStartHooks {
  const apiServices = new ApiServiceAutoregister(client, clock);
  const flowControl = new FlowControlStatus(client, clock);
  const ready = Promise.all([apiServices.start(), bootstrapFlowControl(client).then(() => flowControl.start())]).then(() => undefined);
  return {
    ready,
    async stop() {
      // A hook that failed to start has nothing to stop; its error was reported through `ready`.
      await ready.catch(() => undefined);
      await Promise.all([apiServices.stop(), flowControl.stop()]);
    },
  };
}
