/**
 * The `nginx` image family (docker.io/library/nginx): which tags exist, and per version the image
 * config (the 1.19+ images have `/docker-entrypoint.sh` and STOPSIGNAL SIGQUIT; older ones run
 * nginx directly and stop on SIGTERM), the files (welcome page, 50x page, nginx.conf,
 * default.conf, os-release) and the binaries (nginx, the entrypoint, the shell's tools; curl
 * since the 1.19 images). Version facts come from nginxinc/docker-nginx's history.
 */
import { baseDirs, binariesOf, cachedFamily, standardPath, versionAtLeast, type ImageConfig, type ImageFamily } from './image.js';
import { nginxEntrypoint, packagedScriptNames } from './nginx-entrypoint.js';
import { errorPage, nginxConf, packagedDefaultConf, welcomePage } from './nginx-pages.js';
import { nginxProgram } from './nginx-server.js';
import type { Program } from '../process.js';
import { alpineUserland, gnuUserland } from '../shell/userland.js';
import { alpinePasswd, alpineRelease, debianBookwormRelease, debianBullseyeRelease, debianBusterRelease, debianPasswd, debianStretchRelease } from './os-release.js';

/** The newest patch of each minor line published on Docker Hub (1.28 came with Kubernetes 1.32's time). */
const latestPatch: Record<number, number> = {
  7: 12, 8: 1, 9: 15, 10: 3, 11: 13, 12: 2, 13: 12, 14: 2, 15: 12, 16: 1, 17: 10, 18: 0, 19: 10,
  20: 2, 21: 6, 22: 1, 23: 4, 24: 0, 25: 5, 26: 3, 27: 4, 28: 0,
};
const mainline = '1.27.4';
const stable = '1.26.3';
const variants = new Set(['alpine', 'perl', 'alpine-slim', 'alpine-perl', 'otel', 'alpine-otel', 'bookworm', 'bookworm-perl', 'bookworm-otel', 'bullseye', 'bullseye-perl', 'buster', 'buster-perl', 'stretch', 'stretch-perl']);
const namedTags: Record<string, string> = { latest: mainline, mainline, stable };

/** The nginx version a tag names, or undefined when Docker Hub has no such tag. */
export function nginxVersionOf(tag: string): { version: string; variant: string } | undefined {
  const [base = '', ...rest] = tag.split('-');
  const variant = rest.join('-');
  if (variant && !variants.has(variant)) return undefined;
  if (namedTags[base]) return { version: namedTags[base], variant };
  if (variants.has(tag)) return { version: mainline, variant: tag };
  const m = /^1(?:\.(\d+)(?:\.(\d+))?)?$/.exec(base);
  if (!m) return undefined;
  if (m[1] === undefined) return { version: mainline, variant };
  const minor = Number(m[1]);
  const newest = latestPatch[minor];
  if (newest === undefined) return undefined;
  const patch = m[2] === undefined ? newest : Number(m[2]);
  if (patch > newest) return undefined;
  return { version: `1.${minor}.${patch}`, variant };
}

function debianRelease(version: string): string {
  if (!versionAtLeast(version, '1.17')) return debianStretchRelease;
  if (!versionAtLeast(version, '1.21.4')) return debianBusterRelease;
  if (!versionAtLeast(version, '1.25')) return debianBullseyeRelease;
  return debianBookwormRelease;
}

/** Compressed sizes of the amd64 images, by era. */
function sizeOf(version: string, alpine: boolean): number {
  if (alpine) return versionAtLeast(version, '1.25') ? 20_324_587 : 9_710_366;
  if (!versionAtLeast(version, '1.19')) return 44_710_204;
  if (!versionAtLeast(version, '1.25')) return 56_744_718;
  return 72_955_450;
}

export interface NginxHost {
  kernel?: string;
  cpus?: number;
}

/** Debian's curl loads with the shell's programs (the daemon starts without the shell). */
const debianCurl: Program = (ctx) => import('../shell/builtins/curl.js').then((m) => m.debianCurlProgram(ctx));

function nginxConfig(tag: string, host: NginxHost): ImageConfig {
  const { version, variant } = nginxVersionOf(tag)!;
  const alpine = variant.startsWith('alpine');
  const modern = versionAtLeast(version, '1.19');
  const nginx = nginxProgram({ version, ...host });
  const files: Record<string, string> = {
    '/etc/os-release': alpine ? alpineRelease('3.21.3') : debianRelease(version),
    '/etc/passwd': (alpine ? alpinePasswd : debianPasswd) + 'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n',
    '/etc/nginx/nginx.conf': nginxConf(version),
    '/etc/nginx/conf.d/default.conf': packagedDefaultConf,
    '/usr/share/nginx/html/index.html': welcomePage(version),
    '/usr/share/nginx/html/50x.html': errorPage(version),
  };
  const extra: Record<string, Program> = { '/usr/sbin/nginx': nginx, '/usr/sbin/nginx-debug': nginx };
  // The bookworm images carry Debian's curl 7.88.1 (its User-Agent and wording), not curl 8.
  const bookworm = !alpine && debianRelease(version) === debianBookwormRelease;
  if (bookworm) extra['/usr/bin/curl'] = debianCurl;
  if (modern) {
    files['/docker-entrypoint.sh'] = '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n';
    for (const name of packagedScriptNames) {
      // 15-local-resolvers arrived with the 1.25 images.
      if (name.startsWith('15-') && !versionAtLeast(version, '1.25')) continue;
      files[`/docker-entrypoint.d/${name}`] = '#!/bin/sh\n# vim:sw=4:ts=4:et\n';
    }
    Object.assign(extra, { '/docker-entrypoint.sh': nginxEntrypoint(nginx) });
  }
  const env: Record<string, string> = { PATH: standardPath, NGINX_VERSION: modern ? version : `${version}-1~stretch` };
  if (modern) Object.assign(env, { NJS_VERSION: '0.8.9', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' });
  return {
    entrypoint: modern ? ['/docker-entrypoint.sh'] : [],
    cmd: ['nginx', '-g', 'daemon off;'],
    env,
    workingDir: '/',
    stopSignal: modern ? 'SIGQUIT' : 'SIGTERM',
    size: sizeOf(version, alpine),
    files,
    dirs: [...baseDirs, '/usr/sbin', '/var/cache/nginx', '/var/log/nginx', '/var/run', '/etc/nginx/conf.d', '/docker-entrypoint.d'],
    binaries: binariesOf({
      dirs: alpine ? ['/bin', '/usr/bin'] : ['/usr/bin', '/bin'],
      tools: alpine ? ['curl', 'wget'] : modern && !bookworm ? ['curl', 'bash'] : ['bash'],
      // Debian slim: GNU coreutils (9.1 in bookworm, 8.26 in stretch) and no procps, so no ps.
      userland: alpine ? alpineUserland : gnuUserland(modern ? '9.1' : '8.26', undefined, { bash: modern ? '5.2' : '4.4' }),
      extra,
    }),
  };
}

/** The family; host facts (kernel, CPUs) appear in nginx's start-up notices. */
export function nginxFamily(host: NginxHost = {}): ImageFamily {
  return cachedFamily(['docker.io/library/nginx'], (tag) => nginxVersionOf(tag) !== undefined, (tag) => nginxConfig(tag, host));
}
