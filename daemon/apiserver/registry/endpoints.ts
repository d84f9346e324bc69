/**
 * Endpoints (SetDefaults_Endpoints, ValidateEndpoints): subset ports default to TCP; each subset
 * needs addresses (ready or not) and ports; addresses must be IPs, ports named when there are
 * several. Written by the endpoints controller, or by hand for Services without a selector.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateDNS1123Label, validateObjectMetaUpdate } from './metadata.js';
import { invalidIPMessage, isDNS1123Subdomain, isIP, isValidPortNum } from './name-validation.js';
import type { Strategy } from './strategy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Subset = Record<string, any>;

function validateAddress(address: Subset, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIP(address.ip ?? '')) errors.push(field.invalid(`${path}.ip`, address.ip ?? '', invalidIPMessage));
  if (address.hostname) errors.push(...validateDNS1123Label(address.hostname, `${path}.hostname`));
  if (address.nodeName) errors.push(...invalidEach(`${path}.nodeName`, address.nodeName, isDNS1123Subdomain(address.nodeName)));
  return errors;
}

function validateSubsets(subsets: Subset[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  (subsets ?? []).forEach((subset, i) => {
    const at = `subsets[${i}]`;
    const addresses: Subset[] = subset.addresses ?? [];
    const notReady: Subset[] = subset.notReadyAddresses ?? [];
    if (addresses.length === 0 && notReady.length === 0) errors.push(field.required(at, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errors.push(...validateAddress(a, `${at}.addresses[${j}]`)));
    notReady.forEach((a, j) => errors.push(...validateAddress(a, `${at}.notReadyAddresses[${j}]`)));
    const ports: Subset[] = subset.ports ?? [];
    ports.forEach((port, j) => {
      const pat = `${at}.ports[${j}]`;
      if (ports.length > 1 && !port.name) errors.push(field.required(`${pat}.name`));
      else if (port.name) errors.push(...validateDNS1123Label(port.name, `${pat}.name`));
      errors.push(...invalidEach(`${pat}.port`, port.port ?? 0, isValidPortNum(port.port ?? 0)));
      if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) errors.push(field.notSupported(`${pat}.protocol`, port.protocol ?? '', ['SCTP', 'TCP', 'UDP']));
    });
  });
  return errors;
}

export const endpointsStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj: KubeObject) {
    for (const subset of obj.subsets ?? []) for (const port of subset.ports ?? []) port.protocol ||= 'TCP';
  },
  validate: (obj) => validateSubsets(obj.subsets),
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
