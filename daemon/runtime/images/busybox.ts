/**
 * The `busybox` image family: one static binary whose applets live in /bin (the shell's programs
 * here, with wget but no curl, bash or git), CMD `sh`: with no terminal and no stdin it reads EOF
 * and exits 0 at once, so a bare `busybox` pod completes and restarts, as on a real node.
 */
import { busyboxPasswd } from './os-release.js';
import type { Program } from '../process.js';
import { binariesOf, cachedFamily, standardPath, type ImageConfig } from './image.js';

const newestMinor = 37;
const variants = new Set(['', 'musl', 'glibc', 'uclibc']);

/** `latest`, `stable`, `musl`…, `1`, `1.36`, `1.36.1`, each optionally `-musl|-glibc|-uclibc`. */
export function busyboxHasTag(tag: string): boolean {
  if (['latest', 'stable', 'musl', 'glibc', 'uclibc'].includes(tag)) return true;
  const m = /^1(?:\.(\d+)(?:\.(\d+))?)?(?:-(\w+))?$/.exec(tag);
  if (!m || !variants.has(m[3] ?? '')) return false;
  const minor = m[1] === undefined ? newestMinor : Number(m[1]);
  return minor >= 21 && minor <= newestMinor && Number(m[2] ?? 0) <= 5;
}

// glibc's getent is not a busybox applet.
const layout = binariesOf({ dirs: ['/bin'], tools: ['wget', 'nslookup', 'ping'], omit: ['getent'] });
/** Up to 1.28 nslookup used the C library's resolver, and printed it differently (nslookup.ts). */
const legacyNslookup: Program = (ctx) => import('../shell/builtins/nslookup.js').then((m) => m.legacyNslookupProgram(ctx));
const legacyLayout = binariesOf({ dirs: ['/bin'], tools: ['wget', 'ping'], omit: ['getent'], extra: { '/bin/nslookup': legacyNslookup } });

function busyboxConfig(tag: string): ImageConfig {
  const minor = /^1\.(\d+)/.exec(tag)?.[1];
  return {
    entrypoint: [],
    cmd: ['sh'],
    env: { PATH: standardPath },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: 2_158_336,
    files: {
      '/etc/passwd': busyboxPasswd,
      '/etc/group': 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\nwheel:x:10:\nusers:x:100:\nnogroup:x:65534:\n',
    },
    dirs: ['/bin', '/dev', '/etc', '/home', '/root', '/tmp', '/usr', '/var', '/var/spool', '/var/www'],
    binaries: minor !== undefined && Number(minor) <= 28 ? legacyLayout : layout,
  };
}

export const busyboxFamily = cachedFamily(['docker.io/library/busybox'], busyboxHasTag, busyboxConfig);
