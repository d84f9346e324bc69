/**
 * Namespaces (`pkg/registry/core/namespace/strategy.go`, SetDefaults_Namespace): the name is a
 * DNS-1123 label; every namespace carries the label `kubernetes.io/metadata.name=<name>` (set
 * again on each write), `spec.finalizers` gets `kubernetes` on create, and the status starts
 * `{phase: Active}`. Updates keep the stored finalizers and status: those change only through the
 * finalize and status subresources.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate, validateQualifiedName } from './metadata.js';
import type { Strategy } from './strategy.js';

export const namespaceNameLabel = 'kubernetes.io/metadata.name';
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** validateFinalizerName of core validation; ValidateNamespace reports them all at `spec.finalizers`. */
function validateSpecFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of finalizers ?? []) {
    errors.push(...validateQualifiedName(name, path));
    if (!name.includes('/') && !standardFinalizers.has(name)) errors.push(field.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errors;
}

/** ValidateNamespaceStatusUpdate: the phase follows the deletion timestamp. */
function validateStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const phase = obj.status?.phase ?? '';
  if (!obj.metadata.deletionTimestamp && phase !== 'Active') {
    errors.push(field.invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (obj.metadata.deletionTimestamp && phase !== 'Terminating') {
    errors.push(field.invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errors;
}

export const namespaceStrategy: Strategy = {
  nameRule: 'label',
  defaults(obj) {
    if (obj.metadata.name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [namespaceNameLabel]: obj.metadata.name };
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const finalizers: string[] = (obj.spec ??= {}).finalizers ?? [];
    if (!finalizers.includes('kubernetes')) obj.spec.finalizers = [...finalizers, 'kubernetes'];
  },
  prepareForUpdate(obj, old) {
    obj.spec = { ...(obj.spec ?? {}) };
    if (old.spec?.finalizers) obj.spec.finalizers = [...old.spec.finalizers];
    else delete obj.spec.finalizers;
    obj.status = structuredClone(old.status);
  },
  validate: (obj) => validateSpecFinalizers(obj.spec?.finalizers, 'spec.finalizers'),
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  validateStatusUpdate,
};
