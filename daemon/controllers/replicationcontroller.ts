/**
 * The ReplicationController controller (kube-controller-manager's
 * replicationcontroller-controller, k/k `pkg/controller/replication`): the ReplicaSet controller
 * run over core/v1 ReplicationControllers. k/k converts each RC to a ReplicaSet on the way in and
 * back on the way out; here the one controller is parameterised instead, so only what differs
 * lives in this file: the resource, the kind in ownerReferences (`v1`, `ReplicationController`),
 * the Events' source (`replication-controller`) and the selector, a plain label map.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { nothing, selectorFromSet } from '../../shared/labels.js';
import type { ControllerContext } from './manager.js';
import { optionsFromContext, ReplicaSetController, type ReplicaSetControllerOptions, type ReplicaSetKind } from './replicaset.js';

export const replicationControllerKind: ReplicaSetKind = {
  name: 'replicationcontroller-controller',
  resource: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  kind: 'ReplicationController',
  component: 'replication-controller',
  // A missing selector selects nothing, as the converted ReplicaSet's nil selector does.
  selectorOf: (rc: Readonly<KubeObject>) => (rc.spec?.selector ? selectorFromSet(rc.spec.selector) : nothing),
};

/** k/k's ReplicationManager: a ReplicaSetController for ReplicationControllers. */
export class ReplicationManager extends ReplicaSetController {
  constructor(options: Omit<ReplicaSetControllerOptions, 'kind'>) {
    super({ ...options, kind: replicationControllerKind });
  }

  static override fromContext(context: ControllerContext): ReplicationManager {
    return new ReplicationManager(optionsFromContext(context, replicationControllerKind));
  }
}
