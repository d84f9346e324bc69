/**
 * The `Volumes:` section of pod and pod-template describes (describe.go `describeVolumes` and the
 * print*VolumeSource functions), and the volume sources a PersistentVolume shows under `Source:`.
 * Covers the sources kubelab runs or a learner writes (emptyDir, hostPath, configMap, secret,
 * projected, downwardAPI, persistentVolumeClaim, ephemeral, nfs, csi, local, image, gitRepo);
 * the cloud-disk sources print `<unknown>` here, where kubectl would list their fields.
 */
import { goBool, int, quantityString, str, toQuantity } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import type { PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Go's `%v` of a *bool: kubectl prints the pointer itself; `<nil>` when unset. */
function goBoolPointer(value: unknown): string {
  // A set pointer prints as an address (0xc…) in kubectl, which nothing can reproduce; the value
  // it points to says the same thing to a reader.
  return value === undefined || value === null ? '<nil>' : goBool(value);
}

function printHostPath(source: Json, w: PrefixWriter): void {
  w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(source.path)}\n    HostPathType:\t${source.type === undefined || source.type === null ? '<none>' : str(source.type)}\n`);
}

function printEmptyDir(source: Json, w: PrefixWriter): void {
  const limit = toQuantity(source.sizeLimit);
  const sizeLimit = limit && limit.mantissa > 0n ? quantityString(source.sizeLimit) : '<unset>';
  w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(source.medium)}\n    SizeLimit:\t${sizeLimit}\n`);
}

function printProjected(source: Json, w: PrefixWriter): void {
  w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const item of source.sources ?? []) {
    if (item.secret) w.write(2, `SecretName:\t${str(item.secret.name)}\n    SecretOptionalName:\t${goBoolPointer(item.secret.optional)}\n`);
    else if (item.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
    else if (item.configMap) w.write(2, `ConfigMapName:\t${str(item.configMap.name)}\n    ConfigMapOptional:\t${goBoolPointer(item.configMap.optional)}\n`);
    else if (item.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${int(item.serviceAccountToken.expirationSeconds)}\n`);
  }
}

function printDownwardApi(source: Json, w: PrefixWriter): void {
  w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
  for (const item of source.items ?? []) {
    if (item.fieldRef) w.write(3, `${str(item.fieldRef.fieldPath)} -> ${str(item.path)}\n`);
    if (item.resourceFieldRef) w.write(3, `${str(item.resourceFieldRef.resource)} -> ${str(item.path)}\n`);
  }
}

function printCsi(source: Json, w: PrefixWriter, persistent: boolean): void {
  const handle = persistent ? `    VolumeHandle:\t${str(source.volumeHandle)}\n` : '';
  w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(source.driver)}\n    FSType:\t${str(source.fsType)}\n${handle}    ReadOnly:\t${goBool(source.readOnly)}\n`);
  const attributes: Record<string, string> = source.volumeAttributes ?? {};
  const keys = Object.keys(attributes).sort();
  w.write(2, 'VolumeAttributes:\t');
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    // kubectl writes every continuation at level 2 three times over (indent, tab, entry): kept.
    if (i !== 0) {
      w.write(2, '');
      w.write(2, '\t');
    }
    const line = `${key}=${attributes[key]}`;
    w.write(2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** Writes one volume source; returns false when the source is none kubelab knows. */
export function printVolumeSource(source: Json, w: PrefixWriter, persistent = false): boolean {
  if (source.hostPath) printHostPath(source.hostPath, w);
  else if (source.emptyDir) printEmptyDir(source.emptyDir, w);
  else if (source.gitRepo) w.write(2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${str(source.gitRepo.repository)}\n    Revision:\t${str(source.gitRepo.revision)}\n`);
  else if (source.secret) w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(source.secret.secretName)}\n    Optional:\t${goBool(source.secret.optional)}\n`);
  else if (source.configMap) w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(source.configMap.name)}\n    Optional:\t${goBool(source.configMap.optional)}\n`);
  else if (source.nfs) w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(source.nfs.server)}\n    Path:\t${str(source.nfs.path)}\n    ReadOnly:\t${goBool(source.nfs.readOnly)}\n`);
  else if (source.persistentVolumeClaim) w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(source.persistentVolumeClaim.claimName)}\n    ReadOnly:\t${goBool(source.persistentVolumeClaim.readOnly)}\n`);
  else if (source.ephemeral) printEphemeral(source.ephemeral, w);
  else if (source.downwardAPI) printDownwardApi(source.downwardAPI, w);
  else if (source.projected) printProjected(source.projected, w);
  else if (source.csi) printCsi(source.csi, w, persistent);
  else if (source.local) w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${str(source.local.path)}\n`);
  else if (source.image) w.write(2, `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${str(source.image.reference)}\n    PullPolicy:\t${str(source.image.pullPolicy)}\n`);
  else return false;
  return true;
}

/** An ephemeral volume's claim template, printed as a PVC without its runtime fields. */
function printEphemeral(source: Json, w: PrefixWriter): void {
  w.write(2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  const template = source.volumeClaimTemplate;
  if (!template) return;
  printClaimTemplate(w.nested(2), template);
}

/** describe.go printPersistentVolumeClaim for a template: no name, status or finalizers. */
function printClaimTemplate(w: PrefixWriter, template: Json): void {
  const spec = template.spec ?? {};
  w.write(0, `StorageClass:\t${claimStorageClass(template)}\n`);
  w.write(0, `Volume:\t${str(spec.volumeName)}\n`);
  printLabelsMultiline(w, 'Labels', template.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', template.metadata?.annotations);
  w.write(0, 'Capacity:\t\n');
  w.write(0, 'Access Modes:\t\n');
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n');
    if (spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${str(spec.dataSource.apiGroup)}\n`);
    w.write(1, `Kind:\t${str(spec.dataSource.kind)}\n`);
    w.write(1, `Name:\t${str(spec.dataSource.name)}\n`);
  }
}

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function claimStorageClass(claim: Json): string {
  const annotation = claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotation !== undefined) return str(annotation);
  return str(claim.spec?.storageClassName);
}

/** `Volumes:` then each volume's name and source; `space` is `  ` inside a pod template. */
export function describeVolumes(volumes: readonly Json[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const volume of volumes) {
    w.write(1, `${space ? ' ' : ''}${volume.name}:\n`);
    if (!printVolumeSource(volume, w)) w.write(1, '<unknown>\n');
  }
}
