/**
 * Cluster IP and node port allocation for Services, as the apiserver's service REST storage does:
 * cluster IPs from the service CIDR (10.96.0.0/12 by default; .1 is the `kubernetes` Service),
 * node ports from 30000-32767. Taken values are read from the stored Services at each call, so
 * nothing can leak across restarts. An update that leaves clusterIP or a nodePort empty keeps the
 * allocated value, as the real strategy does.
 */
import { field, invalid, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Store } from '../../store/store.js';
import { resourcePrefix } from '../../store/key-layout.js';

export const serviceCIDR = '10.96.0.0/12';
export const nodePortRange = { min: 30000, max: 32767 };

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

const [cidrBase, cidrBits] = serviceCIDR.split('/');
const rangeStart = ipToInt(cidrBase)!;
const rangeSize = 2 ** (32 - Number(cidrBits));

function usedValues(store: Store, except?: string): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const entry of store.list(resourcePrefix('', 'services'))) {
    if (entry.object.metadata.uid === except) continue;
    for (const ip of entry.object.spec?.clusterIPs ?? [entry.object.spec?.clusterIP]) if (ip && ip !== 'None') ips.add(ip);
    for (const port of entry.object.spec?.ports ?? []) if (port.nodePort) ports.add(port.nodePort);
  }
  return { ips, ports };
}

function needsNodePorts(type: string | undefined): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** Fills clusterIP(s) and node ports of a new or updated Service, or throws 422 Invalid. */
export function allocateServiceAddresses(store: Store, svc: KubeObject, old: KubeObject | undefined, random: () => number = Math.random): void {
  const spec = svc.spec ?? (svc.spec = {});
  const errors: FieldError[] = [];
  const { ips, ports } = usedValues(store, svc.metadata.uid);

  if (old) {
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!spec.clusterIPs && old.spec?.clusterIPs && spec.clusterIP === old.spec.clusterIP) spec.clusterIPs = old.spec.clusterIPs;
    for (const port of spec.ports ?? []) {
      if (port.nodePort || !needsNodePorts(spec.type)) continue;
      const previous = (old.spec?.ports ?? []).find((p: { port: number; protocol?: string }) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
      if (previous?.nodePort) port.nodePort = previous.nodePort;
    }
  }

  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  } else if (!spec.clusterIP) {
    spec.clusterIP = pickIp(ips, random);
    spec.clusterIPs = [spec.clusterIP];
  } else if (!old || old.spec?.clusterIP !== spec.clusterIP) {
    const n = ipToInt(spec.clusterIP);
    if (n === undefined || n < rangeStart || n >= rangeStart + rangeSize) {
      errors.push(field.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${serviceCIDR}`));
    } else if (ips.has(spec.clusterIP)) {
      errors.push(field.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`));
    }
    spec.clusterIPs = [spec.clusterIP];
  }

  const taken = new Set(ports);
  (spec.ports ?? []).forEach((port: { nodePort?: number }, i: number) => {
    if (!needsNodePorts(spec.type)) {
      if (port.nodePort && spec.type !== 'NodePort') delete port.nodePort;
      return;
    }
    if (!port.nodePort) {
      port.nodePort = pickPort(taken, random);
    } else {
      const unchanged = old?.spec?.ports?.some((p: { nodePort?: number }) => p.nodePort === port.nodePort);
      if (port.nodePort < nodePortRange.min || port.nodePort > nodePortRange.max) {
        errors.push(field.invalid(`spec.ports[${i}].nodePort`, port.nodePort, `provided port is not in the valid range. The range of valid ports is ${nodePortRange.min}-${nodePortRange.max}`));
      } else if (!unchanged && taken.has(port.nodePort)) {
        errors.push(field.invalid(`spec.ports[${i}].nodePort`, port.nodePort, 'provided port is already allocated'));
      }
    }
    taken.add(port.nodePort!);
  });

  if (errors.length) throw invalid({ group: '', kind: 'Service' }, svc.metadata.name ?? '', errors);
}

/**
 * ServiceIPStaticSubrange (GA 1.26): the first min(max(16, size/16), 256) addresses are kept for
 * static picks such as kube-dns's 10.96.0.10 and handed out dynamically only once the rest is
 * full, so a random ClusterIP never takes the address kubeadm gives cluster DNS.
 */
const staticBandSize = Math.min(Math.max(16, Math.floor(rangeSize / 16)), 256);

function pickIp(used: Set<string>, random: () => number): string {
  // Random probing first (as the real allocator does), then a scan so a full range is detected.
  const dynamicStart = rangeStart + staticBandSize;
  const dynamicSize = rangeStart + rangeSize - 1 - dynamicStart;
  for (let tries = 0; tries < 64; tries++) {
    const candidate = intToIp(dynamicStart + Math.floor(random() * dynamicSize));
    if (!used.has(candidate)) return candidate;
  }
  for (let n = dynamicStart; n < rangeStart + rangeSize - 1; n++) if (!used.has(intToIp(n))) return intToIp(n);
  for (let n = rangeStart + 2; n < dynamicStart; n++) if (!used.has(intToIp(n))) return intToIp(n);
  throw new Error('allocate cluster IP: range is full');
}

function pickPort(used: Set<number>, random: () => number): number {
  const span = nodePortRange.max - nodePortRange.min + 1;
  for (let tries = 0; tries < 64; tries++) {
    const candidate = nodePortRange.min + Math.floor(random() * span);
    if (!used.has(candidate)) return candidate;
  }
  for (let p = nodePortRange.min; p <= nodePortRange.max; p++) if (!used.has(p)) return p;
  throw new Error('allocate node port: range is full');
}
