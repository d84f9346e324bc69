/**
 * Server-side Table output (reference/kubectl-compat.md §6): kubectl asks for
 * `application/json;as=Table;v=v1;g=meta.k8s.io` and prints only what the Table holds.
 * The printers are shared with the TUI (shared/printers/).
 */
import { badRequest, notAcceptable } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { buildTable, printerFor, type Table } from '../../../shared/printers/table.js';
import { formatApiVersion } from '../../../shared/api/meta.js';
import { customColumnsPrinter } from '../../../shared/printers/custom-columns.js';
import { servedCrdFor } from '../crd/served-crds.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether the Accept header asks for a Table; 406 when it asks only for a Table version we lack. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept || !accept.includes('as=Table')) return false;
  const parts = accept.split(',');
  for (const part of parts) {
    if (!part.includes('as=Table')) {
      if (/application\/json|\*\/\*/.test(part)) continue;
      continue;
    }
    if (part.includes('g=meta.k8s.io') && (/v=v1(;|$|\s)/.test(part) || part.includes('v=v1beta1'))) return true;
  }
  if (parts.every((p) => p.includes('as=Table'))) throw notAcceptable('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  return false;
}

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw badRequest(`includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`);
}

export function tableOf(info: ResourceInfo, objects: KubeObject[], now: number, includeObject: IncludeObject, resourceVersion?: string, noHeaders = false): Table {
  // A custom resource prints its CRD version's additionalPrinterColumns.
  const custom = servedCrdFor(info)?.versions.get(info.version);
  const printer = custom ? customColumnsPrinter(custom.columns) : printerFor(info.group, info.resource);
  return buildTable(printer, objects, {
    now,
    includeObject,
    resourceVersion,
    noHeaders,
    apiVersion: formatApiVersion(info.group, info.version),
    kind: info.kind,
  });
}
