/**
 * `pods/<name>/binding`: the scheduler's write of spec.nodeName (and PodScheduled) in one commit.
 * The other acting subresource, `eviction`, is subresources/eviction.ts.
 */
import { badRequest, conflict } from '../../../shared/api/errors.js';
import type { KubeObject, Status } from '../../../shared/api/meta.js';
import { findResource } from '../../../shared/api/resources.js';
import { rfc3339 } from '../../../shared/clock.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import type { RequestContext } from '../request-context.js';
import { mutableCopy } from '../../store/store.js';

const pods = findResource('', 'v1', 'pods')!;

function success(code: number): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

export async function bindPod(registry: GenericRegistry, namespace: string, name: string, body: unknown, ctx: RequestContext): Promise<Status> {
  const binding = body as KubeObject;
  const target = binding?.target?.name;
  if (!target) throw badRequest('Binding target name is required');
  const existing = registry.get(pods, namespace, name);
  const pod = mutableCopy(existing);
  if (pod.metadata.deletionTimestamp) throw conflict({ group: '', resource: 'pods/binding' }, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw conflict({ group: '', resource: 'pods/binding' }, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  pod.spec.nodeName = target;
  const now = rfc3339(registry.options.clock.now());
  const conditions = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
  pod.status = { ...pod.status, conditions };
  if (ctx.dryRun) return success(201);
  // Binding writes spec and status together, in one commit, as the real binding REST does.
  await registry.commitPut(pods, existing.key, pod, { expectRevision: existing.revision });
  return success(201);
}
