/**
 * Strict decoding of a request object against the type schema, honouring `fieldValidation`:
 * Strict rejects unknown fields with 400 (`strict decoding error: unknown field "spec.foo"`),
 * Warn drops them with a `Warning: 299` each, Ignore drops them silently. A wrong type is a 400
 * whatever the mode, as Go's decoder fails on it (reference/kubectl-compat.md §3.2).
 */
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { RequestContext } from '../request-context.js';
import { checkFields, decodingErrorMessage, stripUnknown } from './strict.js';

export function checkInput(info: ResourceInfo, obj: KubeObject, ctx: RequestContext): KubeObject {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const result = checkFields(obj, gvk);
  if (result.typeError) throw badRequest(decodingErrorMessage(gvk, result.typeError));
  if (result.unknown.length === 0) return obj;
  if (ctx.fieldValidation === 'Strict') {
    throw badRequest(decodingErrorMessage(gvk, `strict decoding error: ${result.unknown.map((f) => `unknown field "${f}"`).join(', ')}`));
  }
  if (ctx.fieldValidation === 'Warn') for (const f of result.unknown) ctx.warnings.push(`unknown field "${f}"`);
  return stripUnknown(obj, gvk) as KubeObject;
}
