/**
 * `kubectl get ingresses`: NAME CLASS HOSTS ADDRESS PORTS AGE. HOSTS lists up to three rule hosts
 * (`*` when none); ADDRESS is the load balancer's IPs or hostnames; PORTS is `80`, or `80, 443`
 * when any TLS section exists.
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, loadBalancerAddresses, nameColumn } from './columns.js';
import type { Printer } from './table.js';

const shownHosts = 3;

/** HOSTS, reproducing formatHosts: hostless rules are skipped but still counted in `+ N more`. */
export function formatIngressHosts(ingress: KubeObject): string {
  const rules: { host?: string }[] = ingress.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === shownHosts) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const text = list.join(',');
  return more ? `${text} + ${rules.length - shownHosts} more...` : text;
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(ingress, now) {
    return [
      ingress.metadata.name ?? '',
      ingress.spec?.ingressClassName ?? '<none>',
      formatIngressHosts(ingress),
      loadBalancerAddresses(ingress.status?.loadBalancer?.ingress).join(','),
      (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
      age(ingress, now),
    ];
  },
};
