/**
 * The service environment variables every container gets (k/k kubelet getServiceEnvVarMap and
 * `pkg/kubelet/envvars` FromServices): `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, one
 * `<NAME>_SERVICE_PORT_<PORTNAME>` per named port, and Docker-link style `<NAME>_PORT…` variables,
 * for the services of the pod's namespace (when `enableServiceLinks` is on) and always for the
 * `kubernetes` service of `default`. Headless services (`clusterIP: None`) give none.
 */
import type { KubeObject } from '../../../shared/api/meta.js';

/** The services the kubelet always exposes, from the default namespace. */
const masterServices = new Set(['kubernetes']);

const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

function hasClusterIP(service: Readonly<KubeObject>): boolean {
  const ip = service.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None';
}

/** The variables for a pod in namespace, given every service the kubelet knows. */
export function serviceEnvironment(services: readonly Readonly<KubeObject>[], namespace: string, enableServiceLinks: boolean): Record<string, string> {
  const chosen = new Map<string, Readonly<KubeObject>>();
  for (const service of services) {
    if (!hasClusterIP(service)) continue;
    const name = service.metadata.name ?? '';
    if (service.metadata.namespace === 'default' && masterServices.has(name)) {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (service.metadata.namespace === namespace && enableServiceLinks) {
      chosen.set(name, service);
    }
  }
  const env: Record<string, string> = {};
  for (const service of chosen.values()) Object.assign(env, variablesOf(service));
  return env;
}

function variablesOf(service: Readonly<KubeObject>): Record<string, string> {
  const prefix = envName(service.metadata.name ?? '');
  const ip: string = service.spec.clusterIP;
  const ports: { name?: string; port: number; protocol?: string }[] = service.spec.ports ?? [];
  const env: Record<string, string> = {};
  if (ports.length === 0) return env;
  env[`${prefix}_SERVICE_HOST`] = ip;
  env[`${prefix}_SERVICE_PORT`] = String(ports[0]!.port);
  for (const port of ports) if (port.name) env[`${prefix}_SERVICE_PORT_${envName(port.name)}`] = String(port.port);
  ports.forEach((port, i) => {
    const protocol = port.protocol || 'TCP';
    const url = `${protocol.toLowerCase()}://${ip.includes(':') ? `[${ip}]` : ip}:${port.port}`;
    // Docker special-cases the first port.
    if (i === 0) env[`${prefix}_PORT`] = url;
    const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
    env[portPrefix] = url;
    env[`${portPrefix}_PROTO`] = protocol.toLowerCase();
    env[`${portPrefix}_PORT`] = String(port.port);
    env[`${portPrefix}_ADDR`] = ip;
  });
  return env;
}
