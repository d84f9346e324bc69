/**
 * The `ubuntu` image family: bash and coreutils in /usr/bin (and /bin), no curl, wget or git, as
 * the minimal cloud image ships; CMD `/bin/bash`, which with no terminal and no stdin exits 0.
 */
import { baseDirs, binariesOf, cachedFamily, standardPath, type ImageConfig } from './image.js';
import type { Userland } from '../process.js';
import { gnuUserland } from '../shell/userland.js';
import { debianPasswd, ubuntuFocalRelease, ubuntuJammyRelease, ubuntuNobleRelease } from './os-release.js';

const codenames: Record<string, string> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', focal: '20.04', jammy: '22.04', noble: '24.04', oracular: '24.10', plucky: '25.04',
};
const aliases: Record<string, string> = { latest: '24.04', rolling: '24.10', devel: '25.04' };

/** The release a tag names: `latest`, codenames (optionally `-YYYYMMDD`), `22.04`, `24.04`… */
export function ubuntuRelease(tag: string): string | undefined {
  if (aliases[tag]) return aliases[tag];
  const [name = '', date] = tag.split('-');
  if (date !== undefined && !/^20\d{6}(\.\d+)?$/.test(date)) return undefined;
  if (codenames[name]) return codenames[name];
  const m = /^(\d\d)\.(04|10)$/.exec(name);
  if (!m || date !== undefined) return undefined;
  return Number(m[1]) >= 12 && Number(m[1]) <= 25 ? name : undefined;
}

/** coreutils, procps and bash of each release (24.04: 9.4, 4.0.4, 5.2; 22.04: 8.32, 3.3.17, 5.1…); /bin/sh is dash. */
function ubuntuUserland(release: string): Userland {
  if (release >= '24.04') return gnuUserland('9.4', '4.0.4', { bash: '5.2' });
  if (release >= '22.04') return gnuUserland('8.32', '3.3.17', { bash: '5.1' });
  if (release >= '20.04') return gnuUserland('8.30', '3.3.16', { bash: '5.0' });
  return gnuUserland('8.28', '3.3.12', { bash: '4.4' });
}

function ubuntuConfig(tag: string): ImageConfig {
  const release = ubuntuRelease(tag)!;
  const osRelease = release >= '24.04' ? ubuntuNobleRelease : release >= '22.04' ? ubuntuJammyRelease : ubuntuFocalRelease;
  return {
    entrypoint: [],
    cmd: ['/bin/bash'],
    env: { PATH: standardPath },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: release >= '24.04' ? 29_754_290 : release >= '22.04' ? 29_534_055 : 27_510_624,
    files: { '/etc/os-release': osRelease, '/etc/passwd': debianPasswd + 'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n' },
    dirs: [...baseDirs, '/usr/sbin', '/sbin', '/home/ubuntu', '/opt', '/srv', '/mnt', '/media', '/run'],
    binaries: binariesOf({ dirs: ['/usr/bin', '/bin'], tools: ['bash'], userland: ubuntuUserland(release) }),
  };
}

export const ubuntuFamily = cachedFamily(['docker.io/library/ubuntu'], (tag) => ubuntuRelease(tag) !== undefined, ubuntuConfig);
