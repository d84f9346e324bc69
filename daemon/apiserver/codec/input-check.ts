/**
 * Strict decoding of a request object against the type schema, honouring `fieldValidation`:
 * Strict rejects unknown fields with 400 (`strict decoding error: unknown field "spec.foo"`),
 * Warn drops them with a `Warning: 299` each, Ignore drops them silently. A wrong type is a 400
 * whatever the mode, as Go's decoder fails on it (reference/kubectl-compat.md §3.2).
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { RequestContext } from '../request-context.js';
import { checkFields, fieldCheckError, stripUnknown, unknownFieldWarnings } from './strict.js';

export function checkInput(info: ResourceInfo, obj: KubeObject, ctx: RequestContext): KubeObject {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const check = checkFields(obj, gvk);
  const error = fieldCheckError(gvk, check, ctx.fieldValidation);
  if (error) throw error;
  if (ctx.fieldValidation === 'Warn') ctx.warnings.push(...unknownFieldWarnings(check.unknown));
  // Always through the copy: it also gives nulls Go's meaning, which the registry code relies on.
  return stripUnknown(obj, gvk);
}
