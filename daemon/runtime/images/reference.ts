/**
 * Image references as the kubelet and containerd read them: `nginx` →
 * `docker.io/library/nginx:latest`, registry / repository / tag / digest, and the kubelet's
 * InvalidImageName text for references it cannot parse (kubelet `applyDefaultImageTag` over
 * distribution/reference v0.6 `ParseNormalizedNamed`, which Kubernetes 1.32 vendors).
 *
 * Written here rather than taken from npm: the parsers there (@swimlane/docker-reference and
 * friends) port an older distribution/reference whose domain split differs (`localhost`,
 * upper-case first components) and whose errors drop the repository name, and the exact error
 * text is what a learner reads in `kubectl describe`. The grammar is distribution's, re-expressed.
 */
import { ImagePullError } from '../container.js';

export interface ImageReference {
  /** `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** The path inside the registry: `library/nginx`, `c1t1d0s7/go-myweb`. */
  repository: string;
  /** The tag as written; `latest` when neither a tag nor a digest was given. */
  tag: string;
  /** `sha256:…` when the reference pins a digest. */
  digest?: string;
  /** `docker.io/library/nginx` */
  name: string;
  /** What containerd reports: `docker.io/library/nginx:latest`, or `name@digest` when pinned. */
  normalized: string;
}

const defaultRegistry = 'docker.io';
const legacyDefaultRegistry = 'index.docker.io';
const officialPrefix = 'library/';
const repositoryNameMax = 255;

// distribution/reference regexp.go, v0.6.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainName}|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePattern = `(?:${domainAndPort}/)?${remoteName}`;
const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredName = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;

/** The digest algorithms go-digest registers in the kubelet, with their hex lengths. */
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses an image reference the way the kubelet does before pulling. Throws ImagePullError with
 * reason InvalidImageName and the kubelet's message when the reference is malformed.
 */
export function parseImageReference(image: string): ImageReference {
  try {
    return parseNormalizedNamed(image);
  } catch (err) {
    const cause = (err as Error).message;
    throw new ImagePullError(
      `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${cause}`,
      'InvalidImageName',
    );
  }
}

/** distribution/reference ParseNormalizedNamed, plus the default tag the kubelet applies. */
function parseNormalizedNamed(input: string): ImageReference {
  if (anchoredIdentifier.test(input)) {
    throw new Error(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(input);
  const tagSeparator = remainder.indexOf(':');
  const remote = tagSeparator > -1 ? remainder.slice(0, tagSeparator) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new Error(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  return parse(`${domain}/${remainder}`);
}

/** distribution/reference Parse: the grammar, then the length and digest checks. */
function parse(s: string): ImageReference {
  const match = referenceRegexp.exec(s);
  if (!match) {
    if (s === '') throw new Error('repository name must have at least one component');
    if (referenceRegexp.test(s.toLowerCase())) throw new Error('repository name must be lowercase');
    throw new Error('invalid reference format');
  }
  const nameMatch = anchoredName.exec(match[1]!)!;
  const registry = nameMatch[1] ?? '';
  const repository = nameMatch[2]!;
  if (repository.length > repositoryNameMax) {
    throw new Error(`repository name must not be more than ${repositoryNameMax} characters`);
  }
  const digest = match[3];
  if (digest) validateDigest(digest);
  const name = `${registry}/${repository}`;
  const tag = match[2] ?? 'latest';
  // containerd keeps only the digest of a `name:tag@digest` reference (ParseDockerRef).
  const normalized = digest ? `${name}@${digest}` : `${name}:${tag}`;
  return { registry, repository, tag, digest, name, normalized };
}

/** go-digest Digest.Validate, with its error texts. */
function validateDigest(digest: string): void {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = digestLengths[algorithm];
  if (length === undefined) throw new Error('unsupported digest algorithm');
  if (encoded.length !== length) throw new Error('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(encoded)) throw new Error('invalid checksum digest format');
}

/**
 * distribution/reference splitDockerDomain (v0.6): the first component is a registry when it is
 * `localhost`, contains `.` or `:`, or has upper-case letters; otherwise the image is on Docker Hub,
 * where single-component names live under `library/`.
 */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash === -1) return [defaultRegistry, officialPrefix + name];
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === 'localhost' || /[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
    [domain, remainder] = [maybeDomain === legacyDefaultRegistry ? defaultRegistry : maybeDomain, rest];
  } else {
    [domain, remainder] = [defaultRegistry, name];
  }
  if (domain === defaultRegistry && !remainder.includes('/')) remainder = officialPrefix + remainder;
  return [domain, remainder];
}

/** The short form Docker shows (`nginx`, `c1t1d0s7/myweb`, `ghcr.io/c1t1d0s7/go-myweb`). */
export function familiarName(ref: ImageReference): string {
  if (ref.registry !== defaultRegistry) return ref.name;
  return ref.repository.startsWith(officialPrefix) && !ref.repository.slice(officialPrefix.length).includes('/')
    ? ref.repository.slice(officialPrefix.length)
    : ref.repository;
}
