/**
 * The controllers kubelab runs, in the order kube-controller-manager lists them. A table, not
 * logic: each entry builds one controller from the shared context.
 */
import { DeploymentController } from './deployment.js';
import type { ControllerFactory } from './manager.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { LeaderElectionLease } from './leader-election-lease.js';
import { ApiserverIdentityLease } from './apiserver-identity-lease.js';
import { JobController } from './job.js';
import { CronJobController } from './cronjob.js';
import { TTLAfterFinishedController } from './ttl-after-finished.js';
import { DaemonSetController } from './daemonset.js';
import { StatefulSetController } from './statefulset.js';
import { NamespaceController } from './namespace.js';
import { NodeLifecycleController } from './node-lifecycle.js';
import { TaintEvictionController } from './taint-eviction.js';
import { DisruptionController } from './disruption.js';
import { PodGCController } from './pod-gc.js';
import { ReplicaSetController } from './replicaset.js';
import { ReplicationManager } from './replicationcontroller.js';
import { GarbageCollector } from './garbage-collector.js';
import { ServiceAccountController } from './serviceaccount.js';
import { RootCAPublisher } from './root-ca-publisher.js';
import { EndpointsController } from './endpoints.js';
import { EndpointSliceController } from './endpointslice.js';
import { PersistentVolumeController } from './persistentvolume.js';
import { LocalPathProvisioner } from './local-path-provisioner.js';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler.js';
import { ClusterRoleAggregationController } from './clusterrole-aggregation.js';
import { TokensController } from './serviceaccount-tokens.js';
import { PVCProtectionController } from './pvc-protection.js';
import { PVProtectionController } from './pv-protection.js';
import { CsrSigningController } from './csr-signing.js';
import { CsrCleanerController } from './csr-cleaner.js';

export const controllerFactories: readonly ControllerFactory[] = [(context) => Scheduler.fromContext(context), (context) => NamespaceController.fromContext(context), (context) => NodeLifecycleController.fromContext(context), (context) => TaintEvictionController.fromContext(context), (context) => DisruptionController.fromContext(context), (context) => PodGCController.fromContext(context), (context) => ReplicaSetController.fromContext(context), (context) => ReplicationManager.fromContext(context), (context) => DeploymentController.fromContext(context), (context) => JobController.fromContext(context), (context) => CronJobController.fromContext(context), (context) => TTLAfterFinishedController.fromContext(context), (context) => DaemonSetController.fromContext(context), (context) => StatefulSetController.fromContext(context), (context) => GarbageCollector.fromContext(context), (context) => ServiceAccountController.fromContext(context), (context) => TokensController.fromContext(context), (context) => RootCAPublisher.fromContext(context), (context) => EndpointsController.fromContext(context), (context) => EndpointSliceController.fromContext(context), (context) => PersistentVolumeController.fromContext(context), (context) => LocalPathProvisioner.fromContext(context), (context) => HorizontalPodAutoscalerController.fromContext(context), (context) => ClusterRoleAggregationController.fromContext(context), (context) => PVCProtectionController.fromContext(context), (context) => PVProtectionController.fromContext(context), (context) => CsrSigningController.fromContext(context), (context) => CsrCleanerController.fromContext(context), (context) => ApiserverIdentityLease.fromContext(context), LeaderElectionLease.forComponent('kube-controller-manager', 'kube-controller-manager'), LeaderElectionLease.forComponent('kube-scheduler', 'kube-scheduler')];
