/**
 * `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (+ SELECTOR). PORT(S) reads
 * `80/TCP` or `80:31234/TCP` per port; EXTERNAL-IP depends on the type: externalIPs for ClusterIP
 * and NodePort, load-balancer ingress or `<pending>` for LoadBalancer, the DNS name for ExternalName.
 */
import type { KubeObject } from '../api/meta.js';
import { formatLabels } from '../labels.js';
import { age, ageColumn, column, loadBalancerAddresses, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

interface ServicePort {
  port?: number;
  nodePort?: number;
  protocol?: string;
}

/** EXTERNAL-IP, by service type. */
export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc.status?.loadBalancer?.ingress), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP,443:30443/TCP`, or `<none>`. */
export function servicePorts(svc: KubeObject): string {
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  const text = ports
    // The registry defaults protocol to TCP; the fallback only matters for hand-built objects.
    .map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
  return text === '' ? '<none>' : text;
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', apiDocs['ServiceSpec.type']),
    column('Cluster-IP', 'string', apiDocs['ServiceSpec.clusterIP']),
    column('External-IP', 'string', apiDocs['ServiceSpec.externalIPs']),
    column('Port(s)', 'string', apiDocs['ServiceSpec.ports']),
    ageColumn,
    column('Selector', 'string', apiDocs['ServiceSpec.selector'], 1),
  ],
  cells(svc, now) {
    return [
      svc.metadata.name ?? '',
      svc.spec?.type ?? '',
      // v1 conversion fills clusterIPs from a lone clusterIP, so either gives the address.
      svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>',
      serviceExternalIP(svc),
      servicePorts(svc),
      age(svc, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};
