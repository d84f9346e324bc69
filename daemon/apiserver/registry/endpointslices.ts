/**
 * EndpointSlices (discovery.k8s.io/v1; `pkg/registry/discovery/endpointslice/strategy.go`):
 * ports default to `name: ""` and TCP; the generation starts at 1 and goes up whenever anything
 * but metadata (labels excepted) changes. addressType is required, one of FQDN/IPv4/IPv6, and
 * immutable.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateDNS1123Label, validateObjectMetaUpdate } from './metadata.js';
import { isIP, isValidPortNum } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual, validateImmutable } from './strategy-helpers.js';

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];

function content(obj: KubeObject): unknown {
  const { metadata, ...rest } = obj;
  return { ...rest, labels: metadata.labels };
}

function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const type = obj.addressType;
  if (!type) errors.push(field.required('addressType'));
  else if (!addressTypes.includes(type)) errors.push(field.notSupported('addressType', type, addressTypes));
  (obj.endpoints ?? []).forEach((ep: Record<string, string[]>, i: number) => {
    const addresses = ep.addresses ?? [];
    if (addresses.length === 0) errors.push(field.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
    addresses.forEach((address, j) => {
      const ok = type === 'FQDN' || (isIP(address) && (type === 'IPv6') === address.includes(':'));
      if (!ok) errors.push(field.invalid(`endpoints[${i}].addresses[${j}]`, address, `must be a valid ${type} address`));
    });
  });
  (obj.ports ?? []).forEach((port: Record<string, never>, i: number) => {
    if (port.name) errors.push(...validateDNS1123Label(port.name, `ports[${i}].name`));
    if (port.port !== undefined && port.port !== null) errors.push(...isValidPortNum(port.port).map((m) => field.invalid(`ports[${i}].port`, port.port, m)));
    if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) errors.push(field.notSupported(`ports[${i}].protocol`, port.protocol ?? '', ['SCTP', 'TCP', 'UDP']));
  });
  return errors;
}

export const endpointSliceStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj) {
    for (const port of obj.ports ?? []) {
      port.name ??= '';
      port.protocol ||= 'TCP';
    }
  },
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    const previous = old.metadata.generation ?? 0;
    obj.metadata.generation = deepEqual(content(obj), content(old)) ? previous : previous + 1;
  },
  validate: validateEndpointSlice,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateImmutable(obj.addressType, old.addressType, 'addressType')],
};
