/**
 * The scripted cluster the TUI benchmark watches: 10,000 pods shaped as a kubelab daemon serves
 * them (a Deployment's pods with the service-account volume, tolerations, conditions and container
 * status: about 3 KB of JSON each, copied from `kubectl get pod -o json` on a kubelab cluster), and
 * a client that answers list and watch only. Everything reaches the TUI as JSON text parsed in the
 * TUI's process, as over the wire (shared/client/websocket-watch.ts parses one message per event),
 * so the parse cost is counted; serialising is the daemon's work and happens outside the timing
 * where it can (the list) or costs ~20 µs an event (the stream).
 */
import type { KubeObject, WatchEvent } from '../../shared/api/meta.js';
import type { ApiClient, WatchHandle, WatchHandler } from '../../shared/client/client.js';
import { rfc3339 } from '../../shared/clock.js';

const hash = '65d846d465';

function hex(i: number, length: number): string {
  return (i.toString(16) + 'abcdef0123456789'.repeat(5)).slice(0, length);
}

/** Pod `i` of the `web` Deployment, Running on one of three nodes, with `restarts` restarts. */
export function benchPod(i: number, created: number, restarts = 0): KubeObject {
  const name = `web-${hash}-${String(i).padStart(5, '0')}`;
  const started = rfc3339(created + 2000);
  const createdAt = rfc3339(created);
  const condition = (type: string, at: string): Record<string, unknown> => ({ lastProbeTime: null, lastTransitionTime: at, status: 'True', type });
  const volume = `kube-api-access-${hex(i, 5)}`;
  const mount = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume, readOnly: true };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: createdAt, generateName: `web-${hash}-`, labels: { app: 'web', 'pod-template-hash': hash }, name, namespace: 'default',
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `web-${hash}`, uid: 'bef48909-764f-44b9-9796-eba9778d9efb' }],
      resourceVersion: String(100 + i + restarts * 100_000), uid: `1ba29bb1-62a8-47e0-940a-${hex(i, 12)}`,
    },
    spec: {
      containers: [{ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', volumeMounts: [mount] }],
      dnsPolicy: 'ClusterFirst', enableServiceLinks: true, nodeName: `node${(i % 3) + 1}`, preemptionPolicy: 'PreemptLowerPriority', priority: 0, restartPolicy: 'Always',
      schedulerName: 'default-scheduler', securityContext: {}, serviceAccount: 'default', serviceAccountName: 'default', terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [{ name: volume, projected: { defaultMode: 420, sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ] } }],
    },
    status: {
      conditions: [condition('PodReadyToStartContainers', createdAt), condition('Initialized', createdAt), condition('Ready', started), condition('ContainersReady', started), condition('PodScheduled', createdAt)],
      containerStatuses: [{
        containerID: `containerd://${hex(i, 64)}`, image: 'docker.io/library/nginx:latest', imageID: 'docker.io/library/nginx@sha256:5d81ee36268176a1e1b655c944d6a800e5db34d636eb501ae930883c2d347c7d',
        lastState: restarts > 0 ? { terminated: { exitCode: 137, reason: 'Error', startedAt: createdAt, finishedAt: started } } : {},
        name: 'nginx', ready: true, restartCount: restarts, started: true, state: { running: { startedAt: started } }, volumeMounts: [{ ...mount, recursiveReadOnly: 'Disabled' }],
      }],
      hostIP: `127.0.10.${(i % 3) + 2}`, hostIPs: [{ ip: `127.0.10.${(i % 3) + 2}` }], phase: 'Running', podIP: `10.244.${i % 3}.${(i % 250) + 2}`, podIPs: [{ ip: `10.244.${i % 3}.${(i % 250) + 2}` }],
      qosClass: 'BestEffort', startTime: createdAt,
    },
  };
}

export interface ScriptedCluster {
  client: ApiClient;
  /** Delivers one watch event to every open watch, as JSON text parsed on arrival. */
  emit(event: WatchEvent): void;
}

/** A client that answers list (one JSON body, parsed once) and watch; anything else is refused. */
export function scriptedCluster(listBody: () => string): ScriptedCluster {
  const handlers = new Set<WatchHandler>();
  const refuse = (): Promise<never> => Promise.reject(new Error('not scripted'));
  const client = {
    list: async () => JSON.parse(listBody()),
    watch: async (_ref: unknown, _namespace: unknown, _options: unknown, handler: WatchHandler): Promise<WatchHandle> => {
      handlers.add(handler);
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      return { stop: () => (handlers.delete(handler), finish()), done };
    },
    get: refuse, create: refuse, update: refuse, patch: refuse, delete: refuse, deleteCollection: refuse, createSubresource: refuse, getSubresource: refuse,
  } as unknown as ApiClient;
  return {
    client,
    emit: (event) => {
      const text = JSON.stringify(event);
      for (const handler of handlers) handler(JSON.parse(text) as WatchEvent);
    },
  };
}
