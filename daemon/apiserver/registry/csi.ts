/**
 * The CSI objects of storage.k8s.io/v1, with storage/v1's defaults and pkg/apis/storage
 * validation: CSIDrivers (defaults attachRequired true, podInfoOnMount/storageCapacity/
 * requiresRepublish/seLinuxMount false, fsGroupPolicy ReadWriteOnceWithFSType, Persistent mode;
 * attachRequired and the modes immutable), CSINodes (named after their node, one entry per driver,
 * an entry's fields fixed once there), CSIStorageCapacities (storageClassName and nodeTopology
 * fixed) and VolumeAttachments (exactly one source; the spec fixed, the status its own
 * subresource). kind runs no CSI driver, so nothing but the kubelets' CSINodes exists at first.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { parseQuantity } from '../../../shared/quantity.js';
import { validateLabelSelector, validateObjectMetaUpdate, validateQualifiedName } from './metadata.js';
import { isDNS1123Subdomain } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual, goLabelSelector, invalidFormatted, validateImmutable } from './strategy-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const fsGroupPolicies = ['File', 'None', 'ReadWriteOnceWithFSType'];
const lifecycleModes = ['Persistent', 'Ephemeral'];
const csiNodeIdMaxLength = 192;
/** 10 minutes and 2^32 seconds: the bounds of a CSI token request's lifetime. */
const minTokenSeconds = 600;
const maxTokenSeconds = 2 ** 32;

/** ValidateCSIDriverName (core validation): required, at most 63 bytes, a subdomain once lower-cased. */
function validateCsiDriverName(name: string, path: string): FieldError[] {
  if (!name) return [field.required(path, '')];
  const errors: FieldError[] = [];
  if (name.length > 63) errors.push(field.tooLong(path, name, 63));
  errors.push(...isDNS1123Subdomain(name.toLowerCase()).map((msg) => field.invalid(path, name, msg)));
  return errors;
}

function defaultCsiDriver(driver: KubeObject): void {
  const spec: Json = (driver.spec ??= {});
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  spec.requiresRepublish ??= false;
  if (!spec.volumeLifecycleModes || spec.volumeLifecycleModes.length === 0) spec.volumeLifecycleModes = ['Persistent'];
  spec.seLinuxMount ??= false;
}

/** validateCSIDriverSpec. The required booleans are always set by the defaults. */
export function validateCsiDriver(driver: KubeObject): FieldError[] {
  const spec: Json = driver.spec ?? {};
  const errors: FieldError[] = [];
  if (spec.fsGroupPolicy != null && !fsGroupPolicies.includes(spec.fsGroupPolicy)) errors.push(field.notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, fsGroupPolicies));
  const audiences = new Set<string>();
  (spec.tokenRequests ?? []).forEach((request: Json, i: number) => {
    const path = `spec.tokenRequests[${i}]`;
    const audience: string = request.audience ?? '';
    if (audiences.has(audience)) return errors.push(field.duplicate(`${path}.audience`, audience));
    audiences.add(audience);
    const seconds = request.expirationSeconds;
    if (typeof seconds !== 'number') return;
    if (seconds < minTokenSeconds) errors.push(field.invalid(`${path}.expirationSeconds`, seconds, 'may not specify a duration less than 10 minutes'));
    if (seconds > maxTokenSeconds) errors.push(field.invalid(`${path}.expirationSeconds`, seconds, 'may not specify a duration larger than 2^32 seconds'));
  });
  for (const mode of spec.volumeLifecycleModes ?? []) {
    if (!lifecycleModes.includes(mode)) errors.push(field.notSupported('spec.volumeLifecycleModes', mode, lifecycleModes));
  }
  return errors;
}

/** validateCSINodeSpec: each driver named, with a node ID, once; topology keys qualified names. */
export function validateCsiNode(node: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (node.spec?.drivers ?? []).forEach((driver: Json, i: number) => {
    const path = `spec.drivers[${i}]`;
    errors.push(...validateCsiDriverName(driver.name ?? '', `${path}.name`));
    const nodeID: string = driver.nodeID ?? '';
    if (!nodeID) errors.push(field.required(`${path}.nodeID`, ''));
    if (nodeID.length > csiNodeIdMaxLength) errors.push(field.invalid(`${path}.nodeID`, nodeID, `must be ${csiNodeIdMaxLength} characters or less`));
    const count = driver.allocatable?.count;
    if (typeof count === 'number' && count < 0) errors.push(field.invalid(`${path}.allocatable.count`, count, 'must be greater than or equal to 0'));
    if (names.has(driver.name)) errors.push(field.duplicate(`${path}.name`, driver.name));
    names.add(driver.name);
    const keys = new Set<string>();
    for (const key of driver.topologyKeys ?? []) {
      if (!key) errors.push(field.required(path, ''));
      if (keys.has(key)) errors.push(field.duplicate(path, key));
      keys.add(key);
      errors.push(...validateQualifiedName(key, path));
    }
  });
  return errors;
}

/** ValidateCSINodeUpdate: an existing driver entry may not change (its allocatable count aside, MutableCSINodeAllocatableCount is off in v1.32). */
function validateCsiNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(node, old);
  for (const before of old.spec?.drivers ?? []) {
    const after = (node.spec?.drivers ?? []).find((d: Json) => d.name === before.name);
    if (after && !deepEqual(after, before)) errors.push(invalidFormatted('spec.drivers', `storage.CSINodeDriver{Name:${JSON.stringify(after.name ?? '')}, NodeID:${JSON.stringify(after.nodeID ?? '')}}`, 'field is immutable'));
  }
  return errors;
}

/** ValidateCSIStorageCapacity: a class name, a valid node selector, a capacity not below 0. */
export function validateCsiStorageCapacity(capacity: KubeObject): FieldError[] {
  const errors = validateLabelSelector(capacity.nodeTopology, 'nodeTopology');
  const className: string = capacity.storageClassName ?? '';
  errors.push(...isDNS1123Subdomain(className).map((msg) => field.invalid('storageClassName', className, msg)));
  if (capacity.capacity != null && isNegativeQuantity(capacity.capacity)) errors.push(field.invalid('capacity', capacity.capacity, 'must be greater than or equal to 0'));
  return errors;
}

function validateCsiStorageCapacityUpdate(capacity: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(capacity, old);
  if (!deepEqual(capacity.nodeTopology, old.nodeTopology)) errors.push(invalidFormatted('nodeTopology', goLabelSelector(capacity.nodeTopology), 'field is immutable'));
  if ((capacity.storageClassName ?? '') !== (old.storageClassName ?? '')) errors.push(field.invalid('storageClassName', capacity.storageClassName ?? '', 'field is immutable'));
  return errors;
}

/** ValidateVolumeAttachment (+ the v1 checks): a CSI attacher, exactly one source, a node name. */
export function validateVolumeAttachment(va: KubeObject): FieldError[] {
  const spec: Json = va.spec ?? {};
  const errors = validateCsiDriverName(spec.attacher ?? '', 'spec.attacher');
  const source: Json = spec.source ?? {};
  const hasName = source.persistentVolumeName != null;
  const hasInline = source.inlineVolumeSpec != null;
  const exactlyOne = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';
  if (!hasName && !hasInline) errors.push(field.required('spec.source', exactlyOne));
  else if (hasName && hasInline) errors.push(field.forbidden('spec.source', exactlyOne));
  else if (hasName && !source.persistentVolumeName) errors.push(field.required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'));
  else if (hasName) errors.push(...isDNS1123Subdomain(source.persistentVolumeName).map((msg) => field.invalid('spec.source.persistentVolumeName', source.persistentVolumeName, msg)));
  errors.push(...isDNS1123Subdomain(spec.nodeName ?? '').map((msg) => field.invalid('spec.nodeName', spec.nodeName ?? '', msg)));
  return errors;
}

function isNegativeQuantity(value: unknown): boolean {
  try {
    return parseQuantity(value).mantissa < 0n;
  } catch {
    // Not a quantity at all: not a negative one either (the decoder refuses such text first).
    return false;
  }
}

/** `%#v` of a VolumeAttachmentSpec, as the immutable-spec error prints it (pointers elided). */
function goVolumeAttachmentSpec(spec: Json): string {
  const pv = spec.source?.persistentVolumeName;
  const name = pv == null ? '(*string)(nil)' : `&${JSON.stringify(pv)}`;
  return `storage.VolumeAttachmentSpec{Attacher:${JSON.stringify(spec.attacher ?? '')}, Source:storage.VolumeAttachmentSource{PersistentVolumeName:${name}}, NodeName:${JSON.stringify(spec.nodeName ?? '')}}`;
}

export const csiDriverStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultCsiDriver,
  validate: (driver) => [...(driver.metadata.name && driver.metadata.name.length > 63 ? [field.tooLong('metadata.name', driver.metadata.name, 63)] : []), ...validateCsiDriver(driver)],
  validateUpdate: (driver, old) => [
    ...validateObjectMetaUpdate(driver, old),
    ...validateImmutable(driver.spec?.attachRequired, old.spec?.attachRequired, 'spec.attachedRequired'),
    ...validateImmutable(driver.spec?.volumeLifecycleModes, old.spec?.volumeLifecycleModes, 'spec.volumeLifecycleModes', (v) => `[]storage.VolumeLifecycleMode{${((v as string[]) ?? []).map((m) => JSON.stringify(m)).join(', ')}}`),
  ],
};

export const csiNodeStrategy: Strategy = {
  nameRule: 'subdomain',
  // A CSINode written without drivers reads back `drivers: null`: the real apiserver stores it
  // as protobuf, where an empty list and no list are the same.
  prepareForCreate: (node) => dropEmptyDrivers(node),
  prepareForUpdate: (node) => dropEmptyDrivers(node),
  validate: validateCsiNode,
  validateUpdate: validateCsiNodeUpdate,
};

function dropEmptyDrivers(node: KubeObject): void {
  node.spec ??= {};
  if (!node.spec.drivers || node.spec.drivers.length === 0) node.spec.drivers = null;
}

export const csiStorageCapacityStrategy: Strategy = {
  nameRule: 'subdomain',
  validate: validateCsiStorageCapacity,
  validateUpdate: validateCsiStorageCapacityUpdate,
};

export const volumeAttachmentStrategy: Strategy = {
  nameRule: 'subdomain',
  prepareForCreate(va) {
    delete va.status;
  },
  validate: validateVolumeAttachment,
  validateUpdate: (va, old) => [...validateObjectMetaUpdate(va, old), ...(deepEqual(va.spec, old.spec) ? [] : [invalidFormatted('spec', goVolumeAttachmentSpec(va.spec ?? {}), 'field is immutable')])],
  validateStatusUpdate: (va, old) => validateObjectMetaUpdate(va, old),
};
