/**
 * Test helper: runs a Strategy the way the generic registry does (defaults, prepare, metadata and
 * kind validation) without a store, and renders the field errors as kubectl prints each cause.
 */
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { validateObjectMeta, type NameRule } from '../../../../../daemon/apiserver/registry/metadata.js';
import type { Strategy } from '../../../../../daemon/apiserver/registry/strategy.js';

export interface Outcome {
  obj: KubeObject;
  errors: string[];
}

export const testUid = '0b9c2a71-3d5e-4f6a-8b7c-9d0e1f2a3b4c';
export const testTime = '2025-01-05T01:16:38Z';

/** A create: the registry sets uid and creationTimestamp before defaults and prepareForCreate. */
export function create(strategy: Strategy, input: object, namespaced = true): Outcome {
  const obj = structuredClone(input) as KubeObject;
  obj.metadata ??= {};
  if (namespaced) obj.metadata.namespace ??= 'default';
  obj.metadata.uid = testUid;
  obj.metadata.creationTimestamp = testTime;
  strategy.defaults?.(obj);
  strategy.prepareForCreate?.(obj);
  const errors = [...validateObjectMeta(obj, (strategy.nameRule ?? 'subdomain') as NameRule, namespaced), ...(strategy.validate?.(obj) ?? [])];
  return { obj, errors: errors.map(fieldErrorString) };
}

/** An update of a stored object (the output of create) with changes applied by `edit`. */
export function update(strategy: Strategy, stored: KubeObject, edit: (obj: KubeObject) => void, namespaced = true): Outcome {
  const old = structuredClone(stored);
  old.metadata.resourceVersion = '1';
  const obj = structuredClone(old);
  edit(obj);
  obj.metadata.resourceVersion = '1';
  strategy.defaults?.(obj);
  strategy.prepareForUpdate?.(obj, old);
  const errors = [
    ...validateObjectMeta(obj, (strategy.nameRule ?? 'subdomain') as NameRule, namespaced),
    ...(strategy.validate?.(obj) ?? []),
    ...(strategy.validateUpdate?.(obj, old) ?? []),
  ];
  return { obj, errors: errors.map(fieldErrorString) };
}

/** A minimal valid pod spec. */
export function podSpec(image = 'nginx:1.14', name = 'web'): Record<string, unknown> {
  return { containers: [{ name, image }] };
}
