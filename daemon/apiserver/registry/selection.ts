/**
 * Label and field selection of stored objects, for lists and watches. Parsing errors are 400s.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { convertFieldSelector, fieldOf, parseFieldSelector } from '../../../shared/fields.js';
import { parseLabelSelector } from '../../../shared/labels.js';

export type Matcher = (obj: KubeObject) => boolean;

const noLabels: Readonly<Record<string, string>> = Object.freeze({});

/** A predicate for the selectors, or undefined when both are empty (everything matches). */
export function matcherFor(info: ResourceInfo, labelSelector?: string, fieldSelector?: string): Matcher | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? convertFieldSelector(info.group, info.resource, parseFieldSelector(fieldSelector)) : undefined;
  if (!labels && !fields) return undefined;
  // Made once per watch: matching allocates nothing (a kubelet's watch sees every pod write).
  const read = (obj: KubeObject, field: string): string => fieldOf(info.resource, obj, field);
  return (obj) => (!labels || labels.matches(obj.metadata.labels ?? noLabels)) && (!fields || fields.matchesObject(obj, read));
}
