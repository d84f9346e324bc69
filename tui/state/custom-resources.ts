/**
 * The custom kinds the TUI knows, learned from the cluster's CustomResourceDefinitions: what
 * discovery serves for each established CRD (its accepted names, in its preferred served
 * version; shared/api/custom-resource-info.ts) and the version's additionalPrinterColumns, which
 * the server's Table prints for it.
 * k9s reads discovery for this; kubelab watches the CRDs themselves (app-controller.ts), which
 * is the same information pushed on change rather than polled.
 * Leaves out: aggregated APIs (kubelab serves none) and conversion between versions.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { preferredCustomResource, type CustomResource } from '../../shared/api/custom-resource-info.js';

export type { CustomResource } from '../../shared/api/custom-resource-info.js';

let known: CustomResource[] = [];

/** Replaces the custom kinds known (the CRD watch calls it on every change). */
export function setCustomResources(crds: readonly Readonly<KubeObject>[]): void {
  known = crds.map(preferredCustomResource).filter((c): c is CustomResource => c !== undefined).sort((a, b) => (a.info.group < b.info.group ? -1 : a.info.group > b.info.group ? 1 : 0));
}

/** Every custom kind known now, groups in alphabetical order as discovery lists them. */
export function customResources(): readonly CustomResource[] {
  return known;
}

/** The custom kind behind a group and plural, if it is one. */
export function customResourceFor(group: string, resource: string): CustomResource | undefined {
  return known.find((c) => c.info.group === group && c.info.resource === resource);
}
