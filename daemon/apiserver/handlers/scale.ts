/**
 * The scale subresource: `autoscaling/v1 Scale` views of Deployments, ReplicaSets, StatefulSets
 * and ReplicationControllers (`kubectl scale` PATCHes it with a merge patch), and of custom
 * resources whose CRD names the replica paths (subresources.scale).
 */
import { field, invalid } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { PatchType } from '../../../shared/client/client.js';
import { formatLabelSelector, formatLabels } from '../../../shared/labels.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import type { RequestContext } from '../request-context.js';
import { applyPatch } from './patch.js';
import { servedCrdFor, type ScalePaths } from '../crd/served-crds.js';
import { readPath, writePath } from '../crd/custom-resource-strategy.js';
import { mutableCopy } from '../../store/store.js';

/** The CRD's scale paths when info is a custom resource with the scale subresource. */
function customScale(info: ResourceInfo): ScalePaths | undefined {
  return servedCrdFor(info)?.versions.get(info.version)?.scale;
}

function selectorText(info: ResourceInfo, obj: KubeObject): string {
  const selector = obj.spec?.selector;
  if (!selector) return '';
  // ReplicationControllers select with a plain map; the apps kinds with a LabelSelector.
  return info.resource === 'replicationcontrollers' ? formatLabels(selector).replace('<none>', '') : formatLabelSelector(selector).replace('<none>', '');
}

export function scaleOf(info: ResourceInfo, obj: KubeObject): KubeObject {
  const meta = obj.metadata;
  const custom = customScale(info);
  if (custom) {
    const selector = custom.labelSelectorPath ? readPath(obj, custom.labelSelectorPath) : undefined;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
      spec: { replicas: readPath(obj, custom.specReplicasPath) ?? 0 },
      status: { replicas: readPath(obj, custom.statusReplicasPath) ?? 0, selector: typeof selector === 'string' ? selector : '' },
    };
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorText(info, obj) },
  };
}

export function getScale(registry: GenericRegistry, info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
  return scaleOf(info, registry.get(info, namespace, name).object as KubeObject);
}

export async function writeScale(
  registry: GenericRegistry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  input: { body: unknown } | { type: PatchType; patch: unknown },
  ctx: RequestContext,
): Promise<KubeObject> {
  const existing = registry.get(info, namespace, name);
  const current = scaleOf(info, existing.object as KubeObject);
  const wanted = 'body' in input ? (input.body as KubeObject) : applyPatch(current, input.type, input.patch, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  const replicas = wanted?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid({ group: 'autoscaling', kind: 'Scale' }, name, [field.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
  }
  const rv = wanted.metadata?.resourceVersion;
  const parent = mutableCopy(existing);
  if (rv) parent.metadata.resourceVersion = rv;
  const custom = customScale(info);
  if (custom) writePath(parent as unknown as Record<string, unknown>, custom.specReplicasPath, replicas);
  else parent.spec = { ...parent.spec, replicas };
  // Admission sees the request as kube-apiserver's scale subresource does: `<resource>/scale`, Scale objects.
  const admissionView = { subresource: 'scale', object: scaleOf(info, parent), oldObject: current };
  const entry = await registry.update(info, namespace, name, parent, { ...ctx, admissionView });
  return scaleOf(info, entry.object as KubeObject);
}
