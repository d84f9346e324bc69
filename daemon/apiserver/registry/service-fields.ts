/**
 * The field bookkeeping of the service strategy and REST storage, before validation:
 * patchAllocatedValues (an update that omits clusterIP or a nodePort keeps the allocated one),
 * NormalizeClusterIPs (clusterIP and clusterIPs kept in step), dropTypeDependentFields (fields
 * that only made sense for the old type are cleared on a type change), and the IP family fields
 * of a single-stack IPv4 cluster (`ipFamilies: [IPv4]`, `ipFamilyPolicy: SingleStack`; a headless
 * Service without selector gets RequireDualStack, as the real allocator gives it).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;

function needsClusterIP(spec: Spec): boolean {
  return spec.type !== 'ExternalName';
}

function needsNodePort(spec: Spec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** patchAllocatedValues: copy back what the client left empty but the server had allocated. */
export function patchAllocatedValues(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!(spec.clusterIPs ?? []).length && (old.clusterIPs ?? []).length) spec.clusterIPs = [...old.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const used = new Set((spec.ports ?? []).map((p: Spec) => p.nodePort).filter((n: unknown) => n));
    const byName = new Map<string, number>((old.ports ?? []).map((p: Spec) => [p.name ?? '', p.nodePort]));
    for (const port of spec.ports ?? []) {
      if (port.nodePort) continue;
      const previous = byName.get(port.name ?? '');
      if (previous && !used.has(previous)) port.nodePort = previous;
    }
  }
  if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort && old.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/** NormalizeClusterIPs: a client usually sets only one of clusterIP and clusterIPs. */
export function normalizeClusterIPs(spec: Spec, old?: Spec): void {
  const ips: string[] = spec.clusterIPs ?? [];
  if (!spec.clusterIP && ips.length === 0) return;
  if (spec.clusterIP && ips.length === 0) {
    spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if (!spec.clusterIP) {
    // A client that cleared clusterIP but sent the old clusterIPs back means "clear both".
    if (old && same(ips, old.clusterIPs)) delete spec.clusterIPs;
    else spec.clusterIP = ips[0];
    return;
  }
  if (old && spec.clusterIP !== old.clusterIP && same(ips, old.clusterIPs) && ips.length <= 1) spec.clusterIPs = [spec.clusterIP];
}

/** dropTypeDependentFields: unchanged leftovers of the old type are removed. */
export function dropTypeDependentFields(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (same(spec.clusterIPs, old.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, old.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    for (const [i, port] of (spec.ports ?? []).entries()) if (port.nodePort && port.nodePort === old.ports?.[i]?.nodePort) delete port.nodePort;
  }
  if (spec.type !== 'LoadBalancer' && same(spec.allocateLoadBalancerNodePorts, old.allocateLoadBalancerNodePorts)) delete spec.allocateLoadBalancerNodePorts;
  if (spec.type !== 'LoadBalancer' && same(spec.loadBalancerClass, old.loadBalancerClass)) delete spec.loadBalancerClass;
  const external = spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.externalIPs ?? []).length > 0;
  if (!external && same(spec.externalTrafficPolicy, old.externalTrafficPolicy)) delete spec.externalTrafficPolicy;
  if (!external && same(spec.healthCheckNodePort, old.healthCheckNodePort)) delete spec.healthCheckNodePort;
  if (spec.type === 'ExternalName' && same(spec.internalTrafficPolicy, old.internalTrafficPolicy)) delete spec.internalTrafficPolicy;
}

/** The IP family fields the service REST storage fills on a single-stack IPv4 cluster. */
export function initIPFamilies(spec: Spec): void {
  if (!needsClusterIP(spec)) return;
  const headlessWithoutSelector = (spec.clusterIPs ?? [])[0] === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  spec.ipFamilyPolicy ??= headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack';
  if (!(spec.ipFamilies ?? []).length) spec.ipFamilies = ['IPv4'];
}
