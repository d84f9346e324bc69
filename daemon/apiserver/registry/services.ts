/**
 * Services (`pkg/registry/core/service/strategy.go`, SetDefaults_Service, ValidateService).
 * Defaults: type ClusterIP, sessionAffinity None, port protocol TCP and targetPort = port,
 * internalTrafficPolicy Cluster, externalTrafficPolicy Cluster when externally reachable,
 * allocateLoadBalancerNodePorts true for LoadBalancer, and (from the service REST storage) the
 * single-stack IPv4 family fields. Cluster IPs and node ports are allocated by the apiserver's
 * allocator after validation (admission/service-allocator.ts), which also owns the node port range
 * error; on update the allocated values the client left out are copied back before validation,
 * as the real PrepareForUpdate does, so `kubectl apply` of a manifest without clusterIP works.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateDNS1123Label, validateDNS1123Subdomain, validateLabels, validateObjectMetaUpdate, validateQualifiedName } from './metadata.js';
import { invalidIPMessage, isIP, isValidPortNum } from './name-validation.js';
import { validatePortNumOrName } from './pod-template-probes.js';
import type { Strategy } from './strategy.js';
import { invalidFormatted } from './strategy-helpers.js';
import { dropTypeDependentFields, initIPFamilies, normalizeClusterIPs, patchAllocatedValues } from './service-fields.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];

export function isExternallyAccessible(spec: Spec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
}

export function isHeadless(spec: Spec): boolean {
  return (spec.clusterIPs ?? []).length === 1 && spec.clusterIPs[0] === 'None';
}

function defaultService(obj: KubeObject): void {
  const spec: Spec = (obj.spec ??= {});
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= 'ClusterIP';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port ?? 0;
  }
  if (isExternallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** `core.ServicePort{…}` with only protocol and port set: the key of the duplicate-port check. */
function goPortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validatePort(port: Spec, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requireName && !port.name) errors.push(field.required(`${path}.name`));
  else if (port.name) {
    errors.push(...validateDNS1123Label(port.name, `${path}.name`));
    if (names.has(port.name)) errors.push(field.duplicate(`${path}.name`, port.name));
    else names.add(port.name);
  }
  for (const msg of isValidPortNum(port.port ?? 0)) errors.push(field.invalid(`${path}.port`, port.port ?? 0, msg));
  if (!port.protocol) errors.push(field.required(`${path}.protocol`));
  else if (!protocols.includes(port.protocol)) errors.push(field.notSupported(`${path}.protocol`, port.protocol, protocols));
  errors.push(...validatePortNumOrName(port.targetPort, `${path}.targetPort`));
  if (port.appProtocol !== undefined) errors.push(...validateQualifiedName(port.appProtocol, `${path}.appProtocol`));
  return errors;
}

/** ValidateServiceClusterIPsRelatedFields, single-stack part. */
function validateClusterIPs(spec: Spec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errors: FieldError[] = [];
  const ips: string[] = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errors.push(field.required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) errors.push(field.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length) errors.push(field.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family: string, i: number) => {
    if (family !== 'IPv4' && family !== 'IPv6') errors.push(field.notSupported(`spec.ipFamilies[${i}]`, family, ['IPv4', 'IPv6']));
    if (seen.has(family)) errors.push(field.duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (spec.ipFamilyPolicy !== undefined && !policies.includes(spec.ipFamilyPolicy)) errors.push(field.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, policies));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errors.push(field.invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
    } else if (!isIP(ip)) errors.push(field.invalid(`spec.clusterIPs[${i}]`, ip, invalidIPMessage));
  });
  if (ips.length > 2) errors.push(field.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  return errors;
}

function validateTypeRules(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.type === 'LoadBalancer') {
    (spec.ports ?? []).forEach((p: Spec, i: number) => {
      if (p.port === 10250) errors.push(field.invalid(`spec.ports[${i}]`, p.port, 'may not expose port 10250 externally since it is used by kubelet'));
    });
  }
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(spec)) {
    errors.push(field.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length) errors.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length) errors.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined) errors.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (cname) errors.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
    else errors.push(field.required('spec.externalName'));
  }
  return errors;
}

function validateDuplicates(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  const nodePorts = new Set<string>();
  const ports = new Set<string>();
  (spec.ports ?? []).forEach((p: Spec, i: number) => {
    if (spec.type === 'ClusterIP' && p.nodePort) errors.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    if (p.nodePort) {
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errors.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      nodePorts.add(key);
    }
  });
  (spec.ports ?? []).forEach((p: Spec, i: number) => {
    const key = `${p.protocol}/${p.port}`;
    if (ports.has(key)) errors.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}]`, badValue: goPortKey(p.protocol ?? '', p.port ?? 0) });
    ports.add(key);
  });
  return errors;
}

function validateTrafficPolicies(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errors.push(field.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) errors.push(field.required('allocateLoadBalancerNodePorts'));
  if (!isExternallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errors.push(field.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errors.push(field.required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) errors.push(field.notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) errors.push(field.required('spec.internalTrafficPolicy'));
  if (spec.internalTrafficPolicy !== undefined && !['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) {
    errors.push(field.notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  return errors;
}

/** ValidateService, spec part (the name is a DNS-1035 label, checked with the metadata). */
export function validateServiceSpec(obj: KubeObject): FieldError[] {
  const spec: Spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  if (!(spec.ports ?? []).length && !isHeadless(spec) && spec.type !== 'ExternalName') errors.push(field.required('spec.ports'));
  errors.push(...validateTypeRules(spec));
  const names = new Set<string>();
  (spec.ports ?? []).forEach((p: Spec, i: number) => errors.push(...validatePort(p, spec.ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errors.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errors.push(field.required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errors.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400)) errors.push(field.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errors.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errors.push(...validateClusterIPs(spec));
  (spec.externalIPs ?? []).forEach((ip: string, i: number) => {
    if (!isIP(ip)) errors.push(field.invalid(`spec.externalIPs[${i}]`, ip, invalidIPMessage));
  });
  if (!spec.type) errors.push(field.required('spec.type'));
  else if (!serviceTypes.includes(spec.type)) errors.push(field.notSupported('spec.type', spec.type, serviceTypes));
  errors.push(...validateDuplicates(spec));
  errors.push(...validateTrafficPolicies(spec));
  return errors;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes once set. */
function validateClusterIPUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec: Spec = obj.spec ?? {};
  const prev: Spec = old.spec ?? {};
  if (spec.type === 'ExternalName' || prev.type === 'ExternalName' || (isHeadless(spec) && isHeadless(prev))) return [];
  const ips: string[] = spec.clusterIPs ?? [];
  const oldIps: string[] = prev.clusterIPs ?? [];
  if (ips.length === 0 && oldIps.length > 0) return [invalidFormatted('spec.clusterIPs[0]', '[]string(nil)', 'primary clusterIP can not be unset')];
  return oldIps.flatMap((ip, i) => (i < ips.length && ip !== ips[i] ? [field.invalid(`spec.clusterIPs[${i}]`, ips, 'may not change once set')] : []));
}

export const serviceStrategy: Strategy = {
  // Services are DNS-1035 labels; see NameRule in metadata.ts for why this needs a cast.
  nameRule: 'dns1035-label' as unknown as Strategy['nameRule'],
  defaults: defaultService,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
    normalizeClusterIPs(obj.spec);
    initIPFamilies(obj.spec);
  },
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(old.status);
    patchAllocatedValues(obj.spec, old.spec ?? {});
    normalizeClusterIPs(obj.spec, old.spec);
    dropTypeDependentFields(obj.spec, old.spec ?? {});
    initIPFamilies(obj.spec);
  },
  validate: validateServiceSpec,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateClusterIPUpdate(obj, old)],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
