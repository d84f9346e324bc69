/**
 * The kubelet's volume manager in miniature: before a pod's sandbox exists, every volume of the
 * pod is set up on the node, and each container mount then points into it (reference/
 * k8s-behaviour.md §8.3, §9). Volumes live where a real kubelet keeps them, in the node's own
 * filesystem under `/var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>`: emptyDir (shared by the
 * pod's containers, gone with the pod), configMap / secret / downwardAPI / projected (files written
 * from the API objects, mounted read-only), hostPath (the node path itself, with its type checks).
 * A claim's volume is the filesystem the node's storage registry keeps for its PersistentVolume.
 * Errors are the FailedMount messages. Left out: updating mounted ConfigMaps, sizeLimit, file modes.
 */
import { isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { VirtualFs } from '../../runtime/fs/vfs.js';
import type { Mount } from '../../runtime/container.js';
import type { ContainerSpec } from './container-state.js';
import type { PodAddresses } from './downward-api.js';
import { expand, mappingFor } from './expansion.js';
import { projectedSource } from './volume-projections.js';

/** The storage registry: one filesystem per PersistentVolume, by the volume's name. */
export interface VolumeStore {
  volumeFs(volumeName: string): VirtualFs;
}

/** A volume that could not be set up; the message is the FailedMount event's. */
export class MountError extends Error {}

export interface VolumeSources extends PodAddresses {
  nodeFs: VirtualFs;
  volumeStore: VolumeStore;
  get(resource: 'configmaps' | 'secrets' | 'persistentvolumeclaims' | 'persistentvolumes', namespace: string | undefined, name: string): Promise<Readonly<KubeObject>>;
  nodeAllocatable(): Promise<Readonly<Record<string, string>>>;
  /** POSTs a TokenRequest to `serviceaccounts/<name>/token` and returns `status.token`. */
  requestToken(namespace: string, serviceAccount: string, request: KubeObject): Promise<string>;
}

export interface PreparedVolume {
  fs: VirtualFs;
  path: string;
  readOnly: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Volume = Record<string, any>;

export const podDirectory = (uid: string): string => `/var/lib/kubelet/pods/${uid}`;
const pluginDirectory = (uid: string, plugin: string, name: string): string => `${podDirectory(uid)}/volumes/kubernetes.io~${plugin}/${name}`;

const setUpFailed = (volume: string, cause: string): MountError => new MountError(`MountVolume.SetUp failed for volume "${volume}" : ${cause}`);

/** Sets up every volume of the pod; throws MountError for the first that fails. */
export async function setUpPodVolumes(pod: Readonly<KubeObject>, sources: VolumeSources): Promise<Map<string, PreparedVolume>> {
  const prepared = new Map<string, PreparedVolume>();
  for (const volume of (pod.spec?.volumes ?? []) as Volume[]) prepared.set(volume.name, await setUpVolume(pod, volume, sources));
  return prepared;
}

async function setUpVolume(pod: Readonly<KubeObject>, volume: Volume, sources: VolumeSources): Promise<PreparedVolume> {
  const uid = pod.metadata.uid ?? '';
  const nodeFs = sources.nodeFs;
  if (volume.hostPath) return { fs: nodeFs, path: checkHostPath(nodeFs, volume.name, volume.hostPath.path, volume.hostPath.type ?? ''), readOnly: false };
  if (volume.persistentVolumeClaim) return claimVolume(pod, volume, sources);
  const projection = projectedSource(volume);
  if (projection) {
    const path = pluginDirectory(uid, projection.plugin, volume.name);
    const files = await projection.files(pod, sources).catch((err) => {
      throw setUpFailed(volume.name, (err as Error).message);
    });
    if (nodeFs.stat(path)) nodeFs.rmdir(path, { recursive: true });
    nodeFs.mkdir(path, { recursive: true });
    for (const [file, content] of files) {
      const full = `${path}/${file}`;
      // Only an item path with a directory in it (`items[].path: conf/app.properties`) needs one made.
      if (file.includes('/')) nodeFs.mkdir(full.slice(0, full.lastIndexOf('/')), { recursive: true });
      nodeFs.writeFile(full, content);
    }
    // The kubelet mounts these read-only: a write fails with "Read-only file system".
    return { fs: nodeFs, path, readOnly: true };
  }
  // emptyDir, and the volume kinds kubelab has no plugin for, are a fresh directory of the pod.
  const path = pluginDirectory(uid, 'empty-dir', volume.name);
  nodeFs.mkdir(path, { recursive: true });
  return { fs: nodeFs, path, readOnly: false };
}

/** hostPath's type checks (k/k `volume/hostpath` checkType), creating what the *OrCreate types ask for. */
function checkHostPath(fs: VirtualFs, volume: string, path: string, type: string): string {
  const stat = fs.stat(path);
  const fail = (what: string): MountError => setUpFailed(volume, `hostPath type check failed: ${path} is not ${what}`);
  switch (type) {
    case '':
    case 'DirectoryOrCreate':
      // An untyped missing path is created as a directory by the runtime's bind mount.
      if (!stat) fs.mkdir(path, { recursive: true });
      else if (type === 'DirectoryOrCreate' && stat.type !== 'dir') throw fail('a directory');
      return path;
    case 'Directory':
      if (stat?.type !== 'dir') throw fail('a directory');
      return path;
    case 'FileOrCreate':
      if (!stat) {
        fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
        fs.writeFile(path, '');
      } else if (stat.type !== 'file') throw fail('a file');
      return path;
    case 'File':
      if (stat?.type !== 'file') throw fail('a file');
      return path;
    case 'Socket':
      throw fail('a socket file');
    case 'CharDevice':
      throw fail('a character device');
    case 'BlockDevice':
      throw fail('a block device');
    default:
      return path;
  }
}

/**
 * The claim's bound volume, from the storage registry: its data outlives the pod and is what the
 * next pod using the claim sees. (A real local-path volume is a directory of its node; here the
 * registry keeps it, and the volume's node affinity still brings its pods to that node.)
 */
async function claimVolume(pod: Readonly<KubeObject>, volume: Volume, sources: VolumeSources): Promise<PreparedVolume> {
  const namespace = pod.metadata.namespace ?? 'default';
  const claimName: string = volume.persistentVolumeClaim.claimName;
  const unable = (cause: string): MountError =>
    new MountError(`Unable to attach or mount volumes: unmounted volumes=[${volume.name}], unattached volumes=[${volume.name}]: error processing PVC ${namespace}/${claimName}: ${cause}`);
  let claim: Readonly<KubeObject>;
  try {
    claim = await sources.get('persistentvolumeclaims', namespace, claimName);
  } catch (err) {
    throw unable(isNotFound(err) ? `failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found` : (err as Error).message);
  }
  const volumeName: string | undefined = claim.spec?.volumeName;
  if (!volumeName || claim.status?.phase !== 'Bound') throw unable('PVC is not bound');
  const pv = await sources.get('persistentvolumes', undefined, volumeName).catch((err) => {
    throw unable(`failed to fetch PV ${volumeName} from API server: ${(err as Error).message}`);
  });
  return { fs: sources.volumeStore.volumeFs(pv.metadata.name ?? volumeName), path: '/', readOnly: volume.persistentVolumeClaim.readOnly === true };
}

/** The container's mounts into the prepared volumes, with subPath / subPathExpr resolved. */
export function containerMounts(container: ContainerSpec, volumes: ReadonlyMap<string, PreparedVolume>, env: Readonly<Record<string, string>>): Mount[] {
  const mounts: Mount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    if (!volume) continue;
    const subPath: string = mount.subPathExpr ? expand(mount.subPathExpr, mappingFor(env)) : (mount.subPath ?? '');
    let source = volume.path;
    if (subPath) {
      source = `${volume.path.replace(/\/$/, '')}/${subPath}`;
      // The kubelet creates a missing subPath directory in writable volumes.
      if (!volume.readOnly && !volume.fs.stat(source)) volume.fs.mkdir(source, { recursive: true });
    }
    mounts.push({ mountPath: mount.mountPath, fs: volume.fs, source, readOnly: volume.readOnly || mount.readOnly === true });
  }
  return mounts;
}

/** Removes the pod's volume directories from the node (emptyDir data goes with the pod). */
export function tearDownPodVolumes(uid: string, nodeFs: VirtualFs): void {
  const dir = podDirectory(uid);
  if (nodeFs.stat(dir)) nodeFs.rmdir(dir, { recursive: true });
}
