/**
 * Small facts about the object a view is about: its kind, the field selectors that pick it and
 * its events (as `kubectl describe` queries them: involvedObject.name/namespace/kind), the
 * NotFound error kubectl would print, and `namespace/name` for titles.
 */
import { notFound, type StatusError } from '../../shared/api/errors.js';
import { findResource } from '../../shared/api/resources.js';
import { escapeFieldValue } from '../../shared/fields.js';
import { customResourceFor } from './custom-resources.js';
import type { ResourceRef } from '../../shared/client/client.js';

export interface Target {
  ref: ResourceRef;
  namespace?: string;
  name: string;
}

export function kindOf(ref: ResourceRef): string {
  return findResource(ref.group, ref.version, ref.resource)?.kind ?? customResourceFor(ref.group, ref.resource)?.info.kind ?? ref.resource;
}

export function targetTitle(target: Target): string {
  return target.namespace ? `${target.namespace}/${target.name}` : target.name;
}

export function objectFieldSelector(target: Target): string {
  return `metadata.name=${escapeFieldValue(target.name)}`;
}

export function eventsFieldSelector(target: Target): string {
  const parts = [`involvedObject.name=${escapeFieldValue(target.name)}`, `involvedObject.kind=${escapeFieldValue(kindOf(target.ref))}`];
  if (target.namespace) parts.push(`involvedObject.namespace=${escapeFieldValue(target.namespace)}`);
  return parts.join(',');
}

/** `pods "web" not found`, as the API says it for a GET of the target. */
export function targetNotFound(target: Target): StatusError {
  return notFound({ group: target.ref.group, resource: target.ref.resource }, target.name);
}
