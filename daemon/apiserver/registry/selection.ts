/**
 * Label and field selection of stored objects, for lists and watches. Parsing errors are 400s.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { convertFieldSelector, fieldsOf, parseFieldSelector } from '../../../shared/fields.js';
import { parseLabelSelector } from '../../../shared/labels.js';

export type Matcher = (obj: KubeObject) => boolean;

/** A predicate for the selectors, or undefined when both are empty (everything matches). */
export function matcherFor(info: ResourceInfo, labelSelector?: string, fieldSelector?: string): Matcher | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? convertFieldSelector(info.group, info.resource, parseFieldSelector(fieldSelector)) : undefined;
  if (!labels && !fields) return undefined;
  return (obj) => (!labels || labels.matches(obj.metadata.labels ?? {})) && (!fields || fields.matches(selectableFields(info.resource, obj)));
}

/**
 * Stored objects are never changed in place, so their field map is built once and shared by every
 * watch that matches the same change (each kubelet's `spec.nodeName=` watch sees every pod write).
 */
const fieldMaps = new WeakMap<object, { resource: string; fields: Record<string, string> }>();

function selectableFields(resource: string, obj: KubeObject): Record<string, string> {
  const known = fieldMaps.get(obj);
  if (known?.resource === resource) return known.fields;
  const fields = fieldsOf(resource, obj);
  fieldMaps.set(obj, { resource, fields });
  return fields;
}
