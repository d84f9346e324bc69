/**
 * The kubelet's image manager (k/k `pkg/kubelet/images/image_manager.go` EnsureImageExists, 1.32):
 * checks the reference, applies `imagePullPolicy` (Always / IfNotPresent / Never), honours the
 * per-pod image back-off (10 s doubling to 300 s), pulls one image at a time as the default
 * `serializeImagePulls` does, and records the Pulling / Pulled / Failed / BackOff /
 * ErrImageNeverPull / InspectFailed events with the kubelet's words. Failures become the waiting
 * reasons ErrImagePull, ImagePullBackOff, ErrImageNeverPull and InvalidImageName.
 */
import type { Clock } from '../../../shared/clock.js';
import { ImagePullError, type ContainerRuntime, type ImageInfo } from '../../runtime/container.js';
import { parseImageReference } from '../../runtime/images/reference.js';
import { Backoff, formatGoDuration } from './backoff.js';
import type { ContainerSpec } from './container-state.js';

export type ImageWaitingReason = 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName';

/** Why the image is not there; reason and message become the container's waiting state. */
export class ImagePullFailure extends Error {
  constructor(
    readonly reason: ImageWaitingReason,
    message: string,
  ) {
    super(message);
  }
}

/** Records an event on the container (`spec.containers{name}`). */
export type ContainerEventSink = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

export interface PulledImage {
  /** What containerd reports as the container's image: `docker.io/library/nginx:1.14`. */
  image: string;
  /** `docker.io/library/nginx@sha256:…`. */
  imageID: string;
}

/** SetDefaults_Container's rule, for pods that somehow lack the field. */
function pullPolicyOf(container: ContainerSpec): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const image: string = container.image ?? '';
  const tag = /:([\w][\w.-]*)$/.exec(image.split('@')[0]!.split('/').pop() ?? '')?.[1];
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export class ImagePuller {
  private readonly backoff: Backoff;
  /** The last pull error per back-off key, appended to the back-off message since 1.32. */
  private readonly lastPullError = new Map<string, string>();
  /** What the runtime said about images already pulled, by the reference as written. */
  private readonly known = new Map<string, ImageInfo>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Map<string, Promise<{ info: ImageInfo; pullMs: number }>>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
  ) {
    this.backoff = new Backoff(clock);
  }

  /**
   * EnsureImageExists: resolves with the image's identity or rejects with ImagePullFailure. With
   * `atHand`, a present image's identity comes from the runtime's image store at once instead of the
   * simulated inspect: for containers already running when this kubelet starts (static pods started
   * at the node's boot, containers adopted after a restart), whose image the node has.
   */
  async ensureImage(podUid: string, container: ContainerSpec, record: ContainerEventSink, atHand = false): Promise<PulledImage> {
    const image: string = container.image ?? '';
    let name: string;
    try {
      name = parseImageReference(image).name;
    } catch (err) {
      const message = err instanceof ImagePullError ? err.message : String(err);
      record('Warning', 'InspectFailed', message);
      throw new ImagePullFailure('InvalidImageName', message);
    }
    const present = this.runtime.hasImage(image);
    const policy = pullPolicyOf(container);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) {
        record('Normal', 'Pulled', `Container image "${image}" already present on machine`);
        const local = this.known.get(image) ?? (atHand ? this.runtime.imageStatus?.(image) : undefined);
        return identity(name, local ?? (await this.inspect(image)));
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record('Warning', 'ErrImageNeverPull', message);
      throw new ImagePullFailure('ErrImageNeverPull', message);
    }

    const key = `${podUid}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.clock.now())) {
      const message = `Back-off pulling image "${image}"`;
      record('Normal', 'BackOff', message);
      const previous = this.lastPullError.get(key);
      throw new ImagePullFailure('ImagePullBackOff', previous ? `${message}: ${previous}` : message);
    }
    record('Normal', 'Pulling', `Pulling image "${image}"`);
    const requested = this.clock.now();
    try {
      const { info, pullMs } = await this.serialized(image);
      const total = formatGoDuration(this.clock.now() - requested);
      record('Normal', 'Pulled', `Successfully pulled image "${image}" in ${formatGoDuration(pullMs)} (${total} including waiting). Image size: ${info.size} bytes.`);
      this.known.set(image, info);
      this.lastPullError.delete(key);
      return identity(name, info);
    } catch (err) {
      const message = (err as Error).message;
      record('Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
      this.backoff.next(key, this.clock.now());
      this.lastPullError.set(key, `ErrImagePull: ${message}`);
      throw new ImagePullFailure('ErrImagePull', message);
    }
  }

  /** When the image back-off of this pod's image ends, for scheduling the next attempt. */
  backOffEndsAt(podUid: string, image: string): number | undefined {
    return this.backoff.endsAfterUpdate(`${podUid}_${image}`);
  }

  /** Forgets the pod's back-off entries when it leaves the node. */
  forgetPod(podUid: string): void {
    this.backoff.forgetPrefix(`${podUid}_`);
    for (const key of this.lastPullError.keys()) if (key.startsWith(`${podUid}_`)) this.lastPullError.delete(key);
  }

  /**
   * One pull at a time per node (the kubelet's default serial puller). Requests for an image
   * whose pull is already queued share it, as containerd shares the download of the same
   * content: a thousand replicas landing on a node wait for one pull, not a thousand.
   */
  private serialized(image: string): Promise<{ info: ImageInfo; pullMs: number }> {
    const pending = this.inflight.get(image);
    if (pending) return pending;
    const run = this.queue.then(async () => {
      const started = this.clock.now();
      const info = await this.runtime.pullImage(image);
      return { info, pullMs: this.clock.now() - started };
    });
    this.inflight.set(image, run);
    this.queue = run.catch(() => undefined).finally(() => this.inflight.delete(image));
    return run;
  }

  /** The identity of an image the node already has (the runtime answers from its store). */
  private async inspect(image: string): Promise<ImageInfo> {
    const info = await this.runtime.pullImage(image);
    this.known.set(image, info);
    return info;
  }
}

function identity(name: string, info: ImageInfo): PulledImage {
  return { image: info.reference, imageID: info.imageID ?? `${name}@${info.digest}` };
}
