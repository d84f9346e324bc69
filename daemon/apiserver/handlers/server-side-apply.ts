/**
 * Server-side apply (`kubectl apply --server-side`, PATCH with application/apply-patch+yaml): the
 * apiserver creates the object when it is missing (201) and otherwise merges the applied
 * configuration into the live object (200), as a real v1.32 apiserver answers kubectl.
 *
 * Approximated: kubelab keeps no managedFields, so there is no field ownership. The applied
 * configuration is merged as a strategic merge patch (lists keyed by their merge keys, as apply's
 * structured merge does for the built-in kinds); fields the manager applied before and left out now
 * are not removed (custom resources merge as a JSON merge patch: lists are replaced), and no FieldManagerConflict (409) is ever raised, so `--force-conflicts` is moot.
 */
import { badRequest, field, invalid, isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { isDynamicResource, type ResourceInfo } from '../../../shared/api/resources.js';
import { decodeObjectBody, mediaType } from '../codec/body.js';
import type { StoredEntry } from '../../store/store.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import type { RequestContext } from '../request-context.js';

/** The media type of an apply patch (types.ApplyYAMLPatchType). */
export const applyPatchMediaType = 'application/apply-patch+yaml';

export function isApplyPatch(contentType: string | undefined): boolean {
  return mediaType(contentType) === applyPatchMediaType;
}

export interface ApplyResult {
  entry: StoredEntry;
  created: boolean;
}

export async function serverSideApply(
  registry: GenericRegistry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: Buffer,
  url: URL,
  ctx: RequestContext,
): Promise<ApplyResult> {
  // ValidatePatchOptions: an apply must say who applies (kubectl sends fieldManager=kubectl).
  if (!url.searchParams.get('fieldManager')) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [field.required('fieldManager', 'is required for apply patch')]);
  }
  // The body is YAML (JSON is YAML too); decoded exactly as a create body in YAML would be.
  const applied = await decodeObjectBody('application/yaml', body);
  if (typeof applied !== 'object' || applied === null || Array.isArray(applied)) {
    throw badRequest('error decoding YAML: the applied configuration is not an object');
  }
  const config = applied as KubeObject;
  const configName = config.metadata?.name;
  if (configName !== undefined && configName !== name) {
    throw badRequest(`the name of the object (${configName}) does not match the name on the URL (${name})`);
  }
  let exists = true;
  try {
    registry.get(info, namespace, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    exists = false;
  }
  if (!exists) {
    const fresh: KubeObject = { ...config, metadata: { ...config.metadata, name } };
    return { entry: await registry.create(info, namespace, fresh, ctx), created: true };
  }
  // An apply never carries optimistic concurrency unless the config names a resourceVersion.
  // A custom resource has no merge keys to read: its configuration merges as a JSON merge patch.
  const type = isDynamicResource(info) ? 'merge' : 'strategic';
  return { entry: await registry.patch(info, namespace, name, type, config, ctx), created: false };
}
