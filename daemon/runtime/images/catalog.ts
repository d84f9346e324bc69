/**
 * The image catalog: which references name an image a registry has, and that image's config. A
 * table of the families kubelab simulates, plus the rule for everything else (documented at
 * imageMissing below): unknown repositories exist and run the default image, unless their name
 * says they do not. Pull failures carry containerd 1.7's texts (k8s-behaviour.md §1.2).
 */
import { createHash } from 'node:crypto';
import { ImagePullError } from '../container.js';
import { alpineFamily, curlFamily, gitFamily } from './alpine.js';
import { busyboxFamily } from './busybox.js';
import { centosFamily } from './centos.js';
import { controlPlaneFamilies, type ControlPlaneHost } from './control-plane.js';
import { corednsFamily } from './coredns.js';
import { defaultImageConfig } from './default-image.js';
import { helloWorldFamily } from './hello-world.js';
import type { ImageConfig, ImageFamily } from './image.js';
import { kindnetdFamily } from './kindnetd.js';
import { goMywebFamily, image1Family, mywebFamily } from './lab-web.js';
import { localPathProvisionerFamily } from './local-path-provisioner.js';
import { nginxFamily, type NginxHost } from './nginx.js';
import { pauseFamily } from './pause.js';
import { pythonFamily } from './python.js';
import type { ImageReference } from './reference.js';
import { ubuntuFamily } from './ubuntu.js';

export interface CatalogImage {
  reference: ImageReference;
  config: ImageConfig;
  /** `sha256:<64 hex>`: the pinned digest, or one derived from the name and tag (stable across runs). */
  digest: string;
  /** `docker.io/library/nginx@sha256:…` */
  imageID: string;
}

/** Registries a pod may pull from; any other host fails as an unresolvable name would. */
const knownRegistries = [
  /^docker\.io$/, /^ghcr\.io$/, /^quay\.io$/, /^registry\.k8s\.io$/, /^(.+\.)?gcr\.io$/, /^.+\.pkg\.dev$/,
  /^public\.ecr\.aws$/, /^.+\.amazonaws\.com$/, /^mcr\.microsoft\.com$/, /^.+\.azurecr\.io$/, /^registry\.gitlab\.com$/,
  /^docker\.elastic\.co$/, /^nvcr\.io$/, /^cgr\.dev$/, /^registry\.access\.redhat\.com$/, /^registry\.redhat\.io$/,
  /^(.+\.)?icr\.io$/, /^lscr\.io$/, /^codeberg\.org$/, /^docker\.n8n\.io$/,
];

/** Names that announce themselves as missing: `nonexistent`, `does-not-exist`, `bogus`… */
const missingWords = /non-?existent|non-?existing|does-?not-?exist|doesnt-?exist|not-?exist|no-?such|bogus|i-?dont-?exist|made-?up/;
const missingTags = /^(nope|none|bogus|invalid|wrong|missing|fake|broken|typo|xxx)$/;

export class ImageCatalog {
  private readonly families = new Map<string, ImageFamily>();
  private readonly unknown = new Map<string, ImageConfig>();

  constructor(host: NginxHost & ControlPlaneHost = {}) {
    const families = [
      nginxFamily(host), busyboxFamily, alpineFamily, ubuntuFamily, centosFamily, pythonFamily, helloWorldFamily,
      curlFamily, gitFamily, mywebFamily, goMywebFamily, image1Family, corednsFamily, pauseFamily, ...controlPlaneFamilies(host),
      kindnetdFamily, localPathProvisionerFamily,
    ];
    for (const family of families) for (const name of family.names) this.families.set(name, family);
  }

  /** The image a reference names; throws ImagePullError (ErrImagePull) when no registry has it. */
  find(ref: ImageReference): CatalogImage {
    const family = this.families.get(ref.name);
    let config: ImageConfig;
    if (family) {
      // A pinned digest is taken on trust: kubelab cannot check it against a registry.
      if (!ref.digest && !family.hasTag(ref.tag)) throw tagNotFound(ref);
      config = family.config(ref.digest ? (family.hasTag(ref.tag) ? ref.tag : 'latest') : ref.tag);
    } else {
      const missing = imageMissing(ref);
      if (missing) throw missing;
      config = this.unknownImage(ref.name);
    }
    const digest = ref.digest ?? `sha256:${sha256(`kubelab:${ref.name}:${ref.tag}`)}`;
    return { reference: ref, config, digest, imageID: `${ref.name}@${digest}` };
  }

  private unknownImage(name: string): ImageConfig {
    let config = this.unknown.get(name);
    if (!config) {
      // 5–150 MB, fixed per name.
      const size = 5_000_000 + (parseInt(sha256(name).slice(0, 8), 16) % 145_000_000);
      this.unknown.set(name, (config = defaultImageConfig(size)));
    }
    return config;
  }
}

/**
 * Whether an image outside the catalog is missing, and with which error:
 * - a registry host kubelab does not know (a typo, a private registry) cannot be resolved;
 * - a repository whose name says it does not exist (`nonexistent`, `doesnotexist`, `no-such`,
 *   `bogus`…) is denied, as registries answer for repositories they do not have;
 * - a tag such as `nope`, `bogus`, `invalid` or one spelling "does not exist" is not found.
 * Every other reference exists: the default image runs it.
 */
export function imageMissing(ref: ImageReference): ImagePullError | undefined {
  if (!knownRegistries.some((pattern) => pattern.test(ref.registry.replace(/:\d+$/, '')))) return unknownHost(ref);
  if (missingWords.test(ref.repository)) return repositoryDenied(ref);
  if (!ref.digest && (missingTags.test(ref.tag) || missingWords.test(ref.tag))) return tagNotFound(ref);
  return undefined;
}

function pullFailed(code: 'NotFound' | 'Unknown', ref: ImageReference, cause: string): ImagePullError {
  const image = ref.normalized;
  return new ImagePullError(
    `rpc error: code = ${code} desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${cause}`,
    'ErrImagePull',
  );
}

function tagNotFound(ref: ImageReference): ImagePullError {
  return pullFailed('NotFound', ref, `${ref.normalized}: not found`);
}

function repositoryDenied(ref: ImageReference): ImagePullError {
  if (ref.registry === 'docker.io') {
    return pullFailed('Unknown', ref, 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed');
  }
  const scope = encodeURIComponent(`repository:${ref.repository}:pull`);
  return pullFailed(
    'Unknown',
    ref,
    `failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${ref.registry}/token?scope=${scope}&service=${ref.registry}: 401 Unauthorized`,
  );
}

function unknownHost(ref: ImageReference): ImagePullError {
  const [host = '', port = '443'] = ref.registry.split(':');
  const request = `failed to do request: Head "https://${ref.registry}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag}"`;
  // A registry on the node itself (localhost:5000, 127.0.0.1:5000) refuses; any other name does not resolve.
  const local = host === 'localhost' ? '[::1]' : /^127\./.test(host) ? host : undefined;
  const cause = local ? `dial tcp ${local}:${port}: connect: connection refused` : `dial tcp: lookup ${host}: no such host`;
  return pullFailed('Unknown', ref, `${request}: ${cause}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
