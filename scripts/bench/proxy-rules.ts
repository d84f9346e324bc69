/**
 * kube-proxy rule-table updates: how long one node's ProxyRuleTable takes to apply an EndpointSlice
 * change for a Service with 1,000 endpoints (10 slices of 100, as the EndpointSlice controller cuts
 * them), alone and followed by the `iptables-save -t nat` render a `kubelab node rules` would ask
 * for. In-process, no daemon: this is the table's own cost. The same run times route() for
 * comparison, and a full rebuild (all Services) as the cost the incremental path avoids.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { ManualClock, monotonicMs } from '../../shared/clock.js';
import { ProxyRuleTable } from '../../daemon/node/proxy/rule-table.js';
import { median, ms, percentile, type BenchRow } from './bench-report.js';

const endpointCount = 1_000;
const perSlice = 100;
const updates = 200;
const otherServices = 200;
const targetMs = 10;

function service(name: string, clusterIP: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'bench', name }, spec: { type: 'NodePort', clusterIP, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }] } };
}

function slice(serviceName: string, index: number, ips: string[], notReady: number): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'bench', name: `${serviceName}-${index}`, labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: ips.map((ip, i) => ({ addresses: [ip], nodeName: `node${1 + (i % 3)}`, conditions: { ready: i !== notReady, serving: i !== notReady, terminating: false } })),
  };
}

function ipOf(i: number): string {
  return `10.244.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;
}

/** A table with `otherServices` small Services and the 1,000-endpoint one. */
function buildTable(): ProxyRuleTable {
  const table = new ProxyRuleTable({ nodeName: 'node1', nodeIP: '127.0.10.2', clusterCIDR: '10.244.0.0/16', clock: new ManualClock() });
  for (let s = 0; s < otherServices; s++) {
    table.setService(service(`svc${s}`, `10.96.${1 + Math.floor(s / 200)}.${10 + (s % 200)}`));
    table.setEndpointSlice(slice(`svc${s}`, 0, [ipOf(s), ipOf(s + 1)], -1));
  }
  table.setService(service('big', '10.96.200.200'));
  for (let k = 0; k < endpointCount / perSlice; k++) {
    table.setEndpointSlice(slice('big', k, Array.from({ length: perSlice }, (_, i) => ipOf(k * perSlice + i)), -1));
  }
  table.render();
  return table;
}

interface Samples {
  wall: number[];
  /** Process CPU time: on a busy machine the wall time also counts waits for a core. */
  cpu: number[];
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Each update turns one endpoint of one slice not-ready, or ready again: one endpoint leaves or joins. */
function timeUpdates(table: ProxyRuleTable, withRender: boolean): Samples {
  const samples: Samples = { wall: [], cpu: [] };
  const sliceCount = endpointCount / perSlice;
  for (let u = 0; u < updates; u++) {
    const k = u % sliceCount;
    const visit = Math.floor(u / sliceCount);
    const notReady = visit % 2 === 0 ? (visit * 7) % perSlice : -1;
    const next = slice('big', k, Array.from({ length: perSlice }, (_, i) => ipOf(k * perSlice + i)), notReady);
    const start = monotonicMs();
    const startCpu = cpuMs();
    table.setEndpointSlice(next);
    if (withRender) table.render();
    samples.cpu.push(cpuMs() - startCpu);
    samples.wall.push(monotonicMs() - start);
  }
  return samples;
}

export async function benchProxyRules(): Promise<BenchRow[]> {
  const table = buildTable();
  timeUpdates(table, true); // warm-up: JIT and the chain-name cache
  const applyOnly = timeUpdates(table, false);
  const withRender = timeUpdates(table, true);

  const routes = 100_000;
  const start = monotonicMs();
  for (let i = 0; i < routes; i++) {
    table.route({ sourceIP: ipOf(i % 500), destinationIP: '10.96.200.200', destinationPort: 80, protocol: 'TCP', origin: 'pod' });
  }
  const routeMicros = ((monotonicMs() - start) * 1000) / routes;
  const rules = table.render().split('\n').filter((l) => l.startsWith('-A')).length;
  const row = (figure: string, samples: Samples): BenchRow => {
    const p99 = percentile(samples.wall, 99);
    return {
      figure,
      measured: `median ${ms(median(samples.wall))}, p99 ${ms(p99)}`,
      target: `p99 < ${targetMs} ms`,
      met: p99 < targetMs,
      comparison: `CPU time median ${ms(median(samples.cpu))}, p99 ${ms(percentile(samples.cpu, 99))}; ${updates} updates, ${otherServices + 1} Services, ${rules.toLocaleString('en-US')} nat rules`,
    };
  };
  return [
    row(`kube-proxy rules: EndpointSlice change, Service with ${endpointCount.toLocaleString('en-US')} endpoints`, applyOnly),
    row('kube-proxy rules: same change + iptables-save render', withRender),
    { figure: 'kube-proxy rules: route() one new connection to that Service', measured: `${routeMicros.toFixed(1)} µs`, target: '', comparison: `${routes.toLocaleString('en-US')} connections` },
  ];
}
