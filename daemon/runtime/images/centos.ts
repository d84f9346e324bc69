/**
 * The `centos` image family (deprecated on Docker Hub, still pulled by the labs as `centos:7`):
 * bash, coreutils and curl, CMD `/bin/bash` (exits 0 at once without a terminal). `latest` is
 * CentOS 8.4.2105, the last build.
 */
import { baseDirs, binariesOf, cachedFamily, type ImageConfig } from './image.js';
import { centos7Release, centos8Release, centosPasswd } from './os-release.js';

const releases: Record<string, string> = {
  latest: '8', '8': '8', centos8: '8', '8.4.2105': '8', 'centos8.4.2105': '8', '8.3.2011': '8', 'centos8.3.2011': '8',
  '7': '7', centos7: '7', '7.9.2009': '7', 'centos7.9.2009': '7', '7.8.2003': '7', 'centos7.8.2003': '7', '7.7.1908': '7', 'centos7.7.1908': '7',
  '6': '6', centos6: '6', '6.10': '6', 'centos6.10': '6',
};

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
    binaries: binariesOf({ dirs: ['/usr/bin', '/bin'], tools: ['bash', 'curl'] }),
  };
}

export const centosFamily = cachedFamily(['docker.io/library/centos'], (tag) => Object.hasOwn(releases, tag), centosConfig);
