/**
 * Strict decoding of a request object against the type schema, honouring `fieldValidation`:
 * Strict rejects unknown or repeated fields with 400 (`strict decoding error: unknown field
 * "spec.foo", duplicate field "spec.paused"`), Warn drops them with a `Warning: 299` each, Ignore
 * drops them silently. A wrong type is a 400 whatever the mode, as Go's decoder fails on it
 * (reference/kubectl-compat.md §3.2). The errors come in the order the apiserver lists them:
 * document order for a JSON object body; for a patch, the patch's repeated keys first; for YAML,
 * go-yaml's one multi-line error first (one warning per line).
 */
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { RequestContext } from '../request-context.js';
import { checkFields, decodeErrorMessage, stripUnknown, unknownFieldWarnings } from './strict.js';
import { decodeCustomResource } from '../crd/custom-resource-strategy.js';

/** One strict decoding error: its text in the 400, and the warnings it becomes under Warn. */
interface StrictError {
  text: string;
  warnings: string[];
}

export function checkInput(info: ResourceInfo, obj: KubeObject, ctx: RequestContext): KubeObject {
  // A custom resource is checked against its CRD's schema, which prunes as it goes.
  const custom = decodeCustomResource(info, obj, ctx);
  if (custom) return custom;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const check = checkFields(obj, gvk);
  if (check.typeError) throw badRequest(decodeErrorMessage(gvk, check.typeError));
  // The body's repeated keys are reported once, even when a request decodes twice (event aliases).
  const bodyKeys = ctx.bodyKeys;
  ctx.bodyKeys = undefined;
  if (ctx.fieldValidation !== 'Ignore') {
    const errors = strictErrors(check.unknown, bodyKeys);
    if (errors.length > 0 && ctx.fieldValidation === 'Strict') {
      throw badRequest(decodeErrorMessage(gvk, `strict decoding error: ${errors.map((e) => e.text).join(', ')}`));
    }
    ctx.warnings.push(...errors.flatMap((e) => e.warnings));
  }
  // The copy drops unknown fields and gives nulls Go's meaning, which the registry code relies on;
  // most writes (every controller's) need neither, and skip it.
  return check.unknown.length > 0 || check.rewritesNull ? stripUnknown(obj, gvk) : obj;
}

function strictErrors(unknown: string[], body: RequestContext['bodyKeys']): StrictError[] {
  const unknownErrors = unknownFieldWarnings(unknown).map((text) => ({ text, warnings: [text] }));
  if (!body) return unknownErrors;
  if (body.source === 'yaml') {
    return [{ text: `yaml: unmarshal errors:\n  ${body.lines.join('\n  ')}`, warnings: body.lines }, ...unknownErrors];
  }
  const { duplicates, firstOffset } = body.keys;
  if (body.source !== 'object') {
    // A patch is checked for repeated keys on its own, before the patched object is decoded.
    const prefix = body.source === 'json-patch' ? 'json patch ' : '';
    return [...duplicates.map(({ path }) => duplicateError(path, prefix)), ...unknownErrors];
  }
  // Go's decoder skips an unknown field's value, so nothing repeated inside one is reported.
  const isUnder = (path: string) => unknown.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`));
  const placed = [
    ...unknown.map((path, i) => ({ at: firstOffset.get(path) ?? Number.MAX_SAFE_INTEGER, error: unknownErrors[i] })),
    ...duplicates.filter((d) => !isUnder(d.path)).map((d) => ({ at: d.offset, error: duplicateError(d.path, '') })),
  ];
  return placed.sort((a, b) => a.at - b.at).map((p) => p.error);
}

function duplicateError(path: string, prefix: string): StrictError {
  const text = `${prefix}duplicate field ${JSON.stringify(path)}`;
  return { text, warnings: [text] };
}
