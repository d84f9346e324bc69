/**
 * `kubectl describe namespace` (describe.go `describeNamespace`, `DescribeResourceQuotas`,
 * `DescribeLimitRanges`): status, conditions, then the namespace's ResourceQuotas (used/hard per
 * resource) and LimitRanges, or `No resource quota.` / `No LimitRange resource.`. Also the
 * standalone ResourceQuota and LimitRange describes, which share those tables.
 */
import type { KubeObject } from '../api/meta.js';
import { isNotFound } from '../api/errors.js';
import type { ApiClient } from '../client/client.js';
import { quantityValue, formatQuantity } from '../quantity.js';
import { byteOrder, quantityString, rfc1123z, sortedKeys, str, toQuantity } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const quotasRef = { group: '', version: 'v1', resource: 'resourcequotas' };
const limitRangesRef = { group: '', version: 'v1', resource: 'limitranges' };

/** Lists a namespace's objects; undefined when the server does not serve the resource (404). */
async function listOrUndefined(client: ApiClient, ref: typeof quotasRef, namespace: string): Promise<KubeObject[] | undefined> {
  try {
    return (await client.list(ref, namespace)).items;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function describeNamespaceObject(client: ApiClient, namespace: KubeObject): Promise<string> {
  const name = namespace.metadata.name ?? '';
  return describeNamespace(namespace, await listOrUndefined(client, quotasRef, name), await listOrUndefined(client, limitRangesRef, name));
}

export function describeNamespace(namespace: Json, quotas: readonly KubeObject[] | undefined, limitRanges: readonly KubeObject[] | undefined): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${namespace.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', namespace.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', namespace.metadata.annotations);
    w.write(0, `Status:\t${str(namespace.status?.phase)}\n`);
    const conditions: Json[] = namespace.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(1, `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
    if (quotas) {
      w.write(0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(0, '\n');
      describeLimitRanges(limitRanges, w);
    }
  });
}

const scopeHelp: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function describeResourceQuotas(quotas: readonly KubeObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const quota of [...quotas].sort((a, b) => byteOrder(a.metadata.name ?? '', b.metadata.name ?? ''))) {
    w.write(1, `Name:\t${quota.metadata.name}\n`);
    const scopes: string[] = [...(quota.spec?.scopes ?? [])].sort(byteOrder);
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) if (scopeHelp[scope]) w.write(1, `* ${scopeHelp[scope]}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    for (const resource of sortedKeys(quota.status?.hard)) {
      w.write(1, `${resource}\t${quantityString(quota.status?.used?.[resource] ?? '0')}\t${quantityString(quota.status.hard[resource])}\n`);
    }
  }
}

function limitRangeRows(limitRange: Json, prefix: string, w: PrefixWriter): void {
  for (const item of limitRange.spec?.limits ?? []) {
    const columns = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    // Go walks a map here, in random order; sorted is one of the orders kubectl prints.
    const names = [...new Set(columns.flatMap((c) => Object.keys(c ?? {})))].sort(byteOrder);
    for (const name of names) {
      const cells = columns.map((c) => (c && c[name] !== undefined ? quantityString(c[name]) : '-'));
      w.write(0, `${prefix}${str(item.type)}\t${name}\t${cells.join('\t')}\n`);
    }
  }
}

function describeLimitRanges(limitRanges: readonly KubeObject[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const limitRange of limitRanges) limitRangeRows(limitRange, ' ', w);
}

export function describeLimitRange(limitRange: Json): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${limitRange.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(limitRange.metadata.namespace)}\n`);
    w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    limitRangeRows(limitRange, '', w);
  });
}

export function describeResourceQuota(quota: Json): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${quota.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(quota.metadata.namespace)}\n`);
    const scopes: string[] = [...(quota.spec?.scopes ?? [])].sort(byteOrder);
    if (scopes.length > 0) {
      w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) if (scopeHelp[scope]) w.write(0, ` * ${scopeHelp[scope]}\n`);
    }
    w.write(0, 'Resource\tUsed\tHard\n');
    w.write(0, '--------\t----\t----\n');
    for (const resource of sortedKeys(quota.status?.hard)) {
      const hard = toQuantity(quota.status.hard[resource]);
      let used = toQuantity(quota.status?.used?.[resource]);
      // Used is shown in Hard's format (`1Gi` hard makes used print in binary units too).
      if (hard && used && used.format !== hard.format) used = { mantissa: BigInt(quantityValue(used)), exponent: 0, format: hard.format };
      w.write(0, `${resource}\t${used ? formatQuantity(used) : '0'}\t${hard ? formatQuantity(hard) : quantityString(quota.status.hard[resource])}\n`);
    }
  });
}
