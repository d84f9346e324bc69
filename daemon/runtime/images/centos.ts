/**
 * The `centos` image family (deprecated on Docker Hub, still pulled by the labs as `centos:7`):
 * bash, coreutils and curl, CMD `/bin/bash` (exits 0 at once without a terminal). `latest` is
 * CentOS 8.4.2105, the last build.
 */
import { baseDirs, binariesOf, cachedFamily, type ImageConfig } from './image.js';
import type { Program } from '../process.js';
import { gnuUserland } from '../shell/userland.js';
import { centos7Release, centos8Release, centosPasswd } from './os-release.js';

/** curl 7.29.0 loads with the shell's programs (the daemon starts without the shell). */
const centosCurl: Program = (ctx) => import('../shell/builtins/curl.js').then((m) => m.legacyCurlProgram(ctx));

const releases: Record<string, string> = {
  latest: '8', '8': '8', centos8: '8', '8.4.2105': '8', 'centos8.4.2105': '8', '8.3.2011': '8', 'centos8.3.2011': '8',
  '7': '7', centos7: '7', '7.9.2009': '7', 'centos7.9.2009': '7', '7.8.2003': '7', 'centos7.8.2003': '7', '7.7.1908': '7', 'centos7.7.1908': '7',
  '6': '6', centos6: '6', '6.10': '6', 'centos6.10': '6',
};

// RHEL's coreutils answer `uname -p`/`-i` with the machine (platform: true); /bin/sh is bash.
const centos8Binaries = binariesOf({ dirs: ['/usr/bin', '/bin'], tools: ['bash', 'curl'], userland: gnuUserland('8.30', '3.3.15', { platform: true, sh: 'bash', bash: '4.4' }) });
const centos6Binaries = binariesOf({ dirs: ['/usr/bin', '/bin'], tools: ['bash', 'curl'], userland: gnuUserland('8.4', '3.2.8', { platform: true, sh: 'bash', bash: '4.1' }) });
/** CentOS 7: coreutils 8.22, procps-ng 3.3.10, and its own curl 7.29.0 (User-Agent `curl/7.29.0`, older error words). */
const centos7Binaries = binariesOf({
  dirs: ['/usr/bin', '/bin'],
  tools: ['bash'],
  omit: ['which'],
  userland: gnuUserland('8.22', '3.3.10', { platform: true, sh: 'bash', bash: '4.2' }),
  extra: { '/usr/bin/curl': centosCurl, '/bin/curl': centosCurl },
});

function centosConfig(tag: string): ImageConfig {
  const release = releases[tag]!;
  return {
    entrypoint: [],
    cmd: ['/bin/bash'],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: release === '8' ? 83_518_086 : release === '7' ? 76_097_157 : 69_841_360,
    files: {
      '/etc/os-release': release === '8' ? centos8Release : centos7Release,
      '/etc/centos-release': release === '8' ? 'CentOS Linux release 8.4.2105\n' : release === '7' ? 'CentOS Linux release 7.9.2009 (Core)\n' : 'CentOS release 6.10 (Final)\n',
      '/etc/passwd': centosPasswd,
    },
    dirs: [...baseDirs, '/usr/sbin', '/sbin', '/opt', '/srv', '/mnt', '/media', '/run'],
    binaries: release === '7' ? centos7Binaries : release === '8' ? centos8Binaries : centos6Binaries,
  };
}

export const centosFamily = cachedFamily(['docker.io/library/centos'], (tag) => Object.hasOwn(releases, tag), centosConfig);
