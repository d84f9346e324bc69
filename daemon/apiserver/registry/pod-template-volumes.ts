/**
 * Pod volumes: SetDefaults_Volume and the source defaults (`emptyDir: {}` for a volume without a
 * source, `defaultMode: 420` for configMap/secret/downwardAPI/projected, hostPath `type: ""`,
 * fieldRef `apiVersion: v1`) and ValidateVolumes / validateVolumeSource for the sources the labs
 * use. Other sources are counted (one per volume) but not checked in depth.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateDNS1123Label } from './metadata.js';
import { canonicalizeResourceList, quantityOf } from './pod-template-resources.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Volume = Record<string, any>;

/** Volume source fields, in the order validateVolumeSource visits them. */
const volumeSources = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];
const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const fileModeMessage = 'must be a number between 0 and 0777 (octal), both inclusive';

function defaultItems(items: Volume[] | undefined): void {
  for (const item of items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
}

/** SetDefaults_Volume and the defaults of each source. */
export function defaultVolume(volume: Volume, owner: KubeObject): void {
  if (!volumeSources.some((s) => volume[s])) volume.emptyDir = {};
  if (volume.emptyDir?.sizeLimit !== undefined) canonicalizeResourceList(volume.emptyDir, owner);
  if (volume.hostPath) volume.hostPath.type ??= '';
  for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    if (volume[source]) volume[source].defaultMode ??= 420;
  }
  defaultItems(volume.downwardAPI?.items);
  for (const source of volume.projected?.sources ?? []) {
    defaultItems(source.downwardAPI?.items);
    if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= 3600;
  }
  const claimSpec = volume.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec) claimSpec.volumeMode ??= 'Filesystem';
}

function validateMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [field.invalid(path, mode, fileModeMessage)] : [];
}

/** ValidateLocalNonReservedPath: relative, no `..` element, not starting with `..`. */
function validateRelativePath(value: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (value.startsWith('/')) errors.push(field.invalid(path, value, 'must be a relative path'));
  if (value.split('/').includes('..')) errors.push(field.invalid(path, value, "must not contain '..'"));
  if (value.startsWith('..')) errors.push(field.invalid(path, value, "must not start with '..'"));
  return errors;
}

function validateItems(items: Volume[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (items ?? []).forEach((item, i) => {
    const at = `${path}.items[${i}]`;
    if (!item.key) errors.push(field.required(`${at}.key`));
    if (!item.path) errors.push(field.required(`${at}.path`));
    errors.push(...validateRelativePath(item.path ?? '', `${at}.path`));
    errors.push(...validateMode(item.mode, `${at}.mode`));
  });
  return errors;
}

function validateSource(kind: string, source: Volume, path: string): FieldError[] {
  const errors: FieldError[] = [];
  switch (kind) {
    case 'emptyDir': {
      const limit = quantityOf(source.sizeLimit);
      if (limit && limit.mantissa < 0n) errors.push(field.forbidden(`${path}.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'hostPath':
      if (!source.path) return [field.required(`${path}.path`)];
      if (source.path.split('/').includes('..')) errors.push(field.invalid(`${path}.path`, source.path, "must not contain '..'"));
      if (source.type !== undefined && !hostPathTypes.includes(source.type)) errors.push(field.notSupported(`${path}.type`, source.type, hostPathTypes));
      break;
    case 'secret':
      if (!source.secretName) errors.push(field.required(`${path}.secretName`));
      errors.push(...validateMode(source.defaultMode, `${path}.defaultMode`), ...validateItems(source.items, path));
      break;
    case 'configMap':
      if (!source.name) errors.push(field.required(`${path}.name`));
      errors.push(...validateMode(source.defaultMode, `${path}.defaultMode`), ...validateItems(source.items, path));
      break;
    case 'persistentVolumeClaim':
      if (!source.claimName) errors.push(field.required(`${path}.claimName`));
      break;
    case 'nfs':
      if (!source.server) errors.push(field.required(`${path}.server`));
      if (!source.path) errors.push(field.required(`${path}.path`));
      if (!String(source.path ?? '').startsWith('/')) errors.push(field.invalid(`${path}.path`, source.path ?? '', 'must be an absolute path'));
      break;
    case 'downwardAPI':
      errors.push(...validateMode(source.defaultMode, `${path}.defaultMode`));
      break;
  }
  return errors;
}

/** validateVolumeSource: exactly one source per volume. */
function validateVolumeSource(volume: Volume, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const kind of volumeSources) {
    if (!volume[kind]) continue;
    if (count++ > 0) errors.push(field.forbidden(`${path}.${kind}`, 'may not specify more than 1 volume type'));
    else errors.push(...validateSource(kind, volume[kind], `${path}.${kind}`));
  }
  if (count === 0) errors.push(field.required(path, 'must specify a volume type'));
  return errors;
}

/** ValidateVolumes: source, name (a DNS-1123 label) and uniqueness of each volume. */
export function validateVolumes(volumes: Volume[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((volume, i) => {
    const at = `${path}[${i}]`;
    const own = validateVolumeSource(volume, at);
    if (!volume.name) own.push(field.required(`${at}.name`));
    else own.push(...validateDNS1123Label(volume.name, `${at}.name`));
    if (names.has(volume.name)) own.push(field.duplicate(`${at}.name`, volume.name));
    if (own.length === 0) names.add(volume.name);
    errors.push(...own);
  });
  return errors;
}
