/**
 * The `alpine` image family and the two lab images built on it: `curlimages/curl` (ENTRYPOINT
 * `/entrypoint.sh`, which prepends `curl` when the first argument is an option) and `alpine/git`
 * (ENTRYPOINT `git`, WORKDIR /git). Alpine's tools are busybox applets: wget, no curl, no bash.
 */
import { ProgramNotFoundError, type Program } from '../process.js';
import { baseDirs, binariesOf, cachedFamily, standardPath, type BinaryLayout, type ImageConfig } from './image.js';
import { alpinePasswd, alpineRelease } from './os-release.js';
import { alpineUserland } from '../shell/userland.js';

const newestAlpine = '3.21.3';
const newestMinor: Record<string, number> = { '3.21': 3, '3.20': 6, '3.19': 7, '3.18': 12, '3.17': 10, '3.16': 9, '3.15': 11 };

export function alpineHasTag(tag: string): boolean {
  if (['latest', 'edge', '3'].includes(tag)) return true;
  const m = /^3\.(\d+)(?:\.(\d+))?$/.exec(tag);
  if (!m) return false;
  const minor = Number(m[1]);
  if (minor > 21) return false;
  return m[2] === undefined || Number(m[2]) <= (newestMinor[`3.${minor}`] ?? 6);
}

function alpineVersion(tag: string): string {
  if (/^3\.\d+\.\d+$/.test(tag)) return tag;
  if (/^3\.\d+$/.test(tag)) return `${tag}.${newestMinor[tag] ?? 0}`;
  return newestAlpine;
}

function alpineBase(version: string, layout: BinaryLayout, size: number): ImageConfig {
  return {
    entrypoint: [],
    cmd: ['/bin/sh'],
    env: { PATH: standardPath },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size,
    files: { '/etc/os-release': alpineRelease(version), '/etc/alpine-release': `${version}\n`, '/etc/passwd': alpinePasswd },
    dirs: [...baseDirs, '/sbin', '/usr/sbin', '/lib', '/media', '/mnt', '/opt', '/run', '/srv'],
    binaries: binariesOf({ userland: alpineUserland, ...layout }),
  };
}

export const alpineFamily = cachedFamily(['docker.io/library/alpine'], alpineHasTag, (tag) =>
  alpineBase(alpineVersion(tag), { dirs: ['/bin', '/usr/bin'], tools: ['wget', 'nslookup', 'ping'] }, 3_642_000),
);

/**
 * curlimages/curl's entrypoint.sh: the arguments become curl's when the first one is an option or
 * not a command (`-s http://x`, `http://x`, nothing); then exec.
 */
const curlEntrypoint: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0 || args[0]!.startsWith('-')) return ctx.spawn(['curl', ...args]);
  try {
    return await ctx.spawn(args);
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error;
    return ctx.spawn(['curl', ...args]);
  }
};

const curlVersion = '8.12.1';

export const curlFamily = cachedFamily(
  ['docker.io/curlimages/curl'],
  (tag) => tag === 'latest' || /^(7\.(6[5-9]|[7-8]\d)|8\.([0-9]|1[0-2]))\.\d$/.test(tag),
  () => {
    const base = alpineBase(newestAlpine, { dirs: ['/bin', '/usr/bin'], tools: ['curl', 'wget', 'nslookup', 'ping'], extra: { '/entrypoint.sh': curlEntrypoint } }, 11_925_432);
    return {
      ...base,
      entrypoint: ['/entrypoint.sh'],
      cmd: ['curl'],
      env: { ...base.env, CURL_VERSION: curlVersion, CURL_RELEASE_TAG: `curl-${curlVersion.replaceAll('.', '_')}` },
      workingDir: '/home/curl_user',
      files: { ...base.files, '/entrypoint.sh': '#!/bin/sh\n', '/etc/passwd': alpinePasswd + 'curl_user:x:100:101:Linux User,,,:/home/curl_user:/sbin/nologin\n' },
      dirs: [...base.dirs, '/home/curl_user'],
    };
  },
);

export const gitFamily = cachedFamily(
  ['docker.io/alpine/git'],
  (tag) => tag === 'latest' || /^v?2\.(3\d|4[0-9])\.\d+$/.test(tag),
  () => {
    const base = alpineBase(newestAlpine, { dirs: ['/bin', '/usr/bin'], tools: ['git', 'wget', 'nslookup'] }, 13_104_781);
    return { ...base, entrypoint: ['git'], cmd: ['--help'], workingDir: '/git', dirs: [...base.dirs, '/git'] };
  },
);
