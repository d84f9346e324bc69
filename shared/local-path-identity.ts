/**
 * The identity of a rancher.io/local-path provisioner instance: `rancher.io/local-path_<pod>_<uuid>`,
 * as sig-storage-lib-external-provisioner names itself (its hostname, the pod name, and a UUID it
 * draws at start). kubelab has two halves of one provisioner: the pod's image prints the identity
 * in its start-up lines and the in-process controller signs its Events with it (the From column of
 * `kubectl describe pvc`). Both derive the UUID from the pod name so that they agree without
 * talking to each other; the real one draws a new UUID at every container start.
 */
import { createHash } from 'node:crypto';

export const localPathProvisionerName = 'rancher.io/local-path';

/** A version-4-shaped UUID, fixed per pod name. */
export function provisionerInstanceUuid(podName: string): string {
  const hex = createHash('sha256').update(`local-path-provisioner:${podName}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `rancher.io/local-path_local-path-provisioner-<hash>-<suffix>_<uuid>` */
export function localPathProvisionerIdentity(podName: string): string {
  return `${localPathProvisionerName}_${podName}_${provisionerInstanceUuid(podName)}`;
}
