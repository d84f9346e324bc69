/**
 * kind's storage addon as `kind create cluster` v0.26 applies it (the node image's
 * default-storage.yaml, rancher's local-path-provisioner as kind customises it): the
 * `local-path-storage` Namespace, the provisioner's ServiceAccount, Role, ClusterRole and their
 * bindings, the `local-path-config` ConfigMap (config.json, setup, teardown, helperPod.yaml) and
 * the `local-path-provisioner` Deployment of one replica running docker.io/kindest/local-path-provisioner.
 * The manifest's `standard` StorageClass is made with the objects every cluster has
 * (bootstrap.ts), so that in-process API tests have it too. The provisioning itself is done by the
 * in-process controller (controllers/local-path-provisioner.ts), which names this Deployment's pod
 * in its Events; the pod's image only prints the provisioner's start-up lines. Left out: the
 * helper pods that create and delete the volume directories. Created once (what exists is left alone).
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import { localPathHelperImage, localPathProvisionerImage } from '../../shared/kind-addon-images.js';
import { logger } from '../../shared/log.js';
import { ensure, v1Ref } from './bootstrap.js';

const namespace = 'local-path-storage';
const serviceAccount = 'local-path-provisioner-service-account';
const rbac = (resource: string) => v1Ref('rbac.authorization.k8s.io', resource);
const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace }];

/** The ConfigMap's data, with the indentation kind's manifest gives it, keys in the order the API server stores them. */
export function localPathConfig(helperImage: string = localPathHelperImage): Record<string, string> {
  return {
    'config.json': `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`,
    'helperPod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  priorityClassName: system-node-critical
  tolerations:
    - key: node.kubernetes.io/disk-pressure
      operator: Exists
      effect: NoSchedule
  containers:
  - name: helper-pod
    image: ${helperImage}
    imagePullPolicy: IfNotPresent`,
    setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
    teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
  };
}

export async function bootstrapLocalPathStorage(client: ApiClient, image: string = localPathProvisionerImage): Promise<void> {
  await ensure(client, v1Ref('', 'namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  // A namespace a user deleted while the daemon was down may still be terminating: nothing can be
  // created in it, and the daemon must start anyway (the next start makes the addon again).
  if (await isTerminating(client)) {
    logger('bootstrap').info('local-path-storage is terminating; its provisioner is not created', { namespace });
    return;
  }
  await ensure(client, v1Ref('', 'serviceaccounts'), namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: serviceAccount, namespace } });
  await ensure(client, rbac('roles'), namespace, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'local-path-provisioner-role', namespace },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }],
  });
  await ensure(client, rbac('clusterroles'), undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'local-path-provisioner-role' },
    rules: [
      { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  await ensure(client, rbac('rolebindings'), namespace, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'local-path-provisioner-bind', namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'local-path-provisioner-role' },
    subjects,
  });
  await ensure(client, rbac('clusterrolebindings'), undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'local-path-provisioner-bind' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'local-path-provisioner-role' },
    subjects,
  });
  // Before the Deployment (kind's manifest lists it last): the pod then mounts it at once.
  await ensure(client, v1Ref('', 'configmaps'), namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'local-path-config', namespace }, data: localPathConfig() });
  await ensure(client, v1Ref('apps', 'deployments'), namespace, provisionerDeployment(image));
}

async function isTerminating(client: ApiClient): Promise<boolean> {
  try {
    return Boolean((await client.get(v1Ref('', 'namespaces'), undefined, namespace)).metadata.deletionTimestamp);
  } catch (err) {
    if (isNotFound(err)) return true; // deleted between the two calls: as good as terminating
    throw err;
  }
}

function provisionerDeployment(image: string): KubeObject {
  const labels = { app: 'local-path-provisioner' };
  // kind still tolerates the pre-1.24 master taint (kind#1699).
  const taint = (key: string) => ({ key, operator: 'Equal', effect: 'NoSchedule' });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'local-path-provisioner', namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [taint('node-role.kubernetes.io/control-plane'), taint('node-role.kubernetes.io/master')],
          serviceAccountName: serviceAccount,
          containers: [
            {
              name: 'local-path-provisioner',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['local-path-provisioner', '--debug', 'start', '--helper-image', localPathHelperImage, '--config', '/etc/config/config.json'],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
              ],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
        },
      },
    },
  };
}
