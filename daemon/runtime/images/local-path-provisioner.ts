/**
 * The `docker.io/kindest/local-path-provisioner` image: rancher's local-path-provisioner v0.0.30
 * (`/usr/local/bin/local-path-provisioner`) on distroless/base-debian11, no shell. Its program
 * runs `start` as kind's Deployment asks: it reads the `--config` file, prints what the real one
 * prints (logrus's `Applied config` and `Provisioner started` under `--debug`, then the
 * provisioner library's klog lines naming its identity) and on SIGTERM says it stops and exits 0.
 * The identity is the one the in-process provisioner signs its Events with (shared/local-path-identity.ts):
 * the provisioning is done there, not here. Left out: watching the config for changes, the helper pods.
 */
import { rfc3339 } from '../../../shared/clock.js';
import { localPathProvisionerIdentity } from '../../../shared/local-path-identity.js';
import type { Program, ProcessContext } from '../process.js';
import { klogLine } from './control-plane.js';
import { binariesOf, cachedFamily, standardPath, untilSignalled } from './image.js';

/** logrus's TextFormatter with FullTimestamp: `time="…" level=debug msg="…"` (msg quoted as Go's %q). */
function logrus(ctx: ProcessContext, level: string, message: string): void {
  ctx.stderr(`time="${rfc3339(ctx.clock.now())}" level=${level} msg=${JSON.stringify(message)}\n`);
}

/** Re-marshals the config as the provisioner's ConfigData struct does (Go's field order, omitempty). */
export function appliedConfig(text: string): string {
  const data = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['cmdTimeoutSeconds', 'setupCommand', 'teardownCommand']) if (data[key]) out[key] = data[key];
  const nodePathMap = data.nodePathMap as { node?: string; paths?: string[] }[] | undefined;
  if (nodePathMap?.length) out.nodePathMap = nodePathMap.map((m) => ({ ...(m.node ? { node: m.node } : {}), ...(m.paths?.length ? { paths: m.paths } : {}) }));
  if (data.sharedFileSystemPath) out.sharedFileSystemPath = data.sharedFileSystemPath;
  out.storageClassConfigs = data.storageClassConfigs ?? null;
  return JSON.stringify(out);
}

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const provisioner: Program = async (ctx) => {
  const argv = ctx.argv.slice(1);
  const start = argv.indexOf('start');
  if (start < 0) {
    // urfave/cli without a command prints the app's help; its first lines suffice here.
    ctx.stdout('NAME:\n   local-path-provisioner - Local Path Provisioner\n\nUSAGE:\n   local-path-provisioner [global options] command [command options] [arguments...]\n');
    return 0;
  }
  const debug = argv.slice(0, start).some((a) => a === '--debug' || a === '-d');
  const configFile = flag(argv.slice(start + 1), 'config') ?? '';
  let applied: string;
  try {
    applied = appliedConfig(ctx.fs.readFile(configFile));
  } catch (err) {
    // Approximation: the real message depends on which step of NewProvisioner failed.
    const cause = err instanceof SyntaxError ? err.message : `open ${configFile}: no such file or directory`;
    logrus(ctx, 'fatal', `Error starting daemon: ${cause}`);
    return 1;
  }
  if (debug) {
    logrus(ctx, 'debug', `Applied config: ${applied}`);
    logrus(ctx, 'debug', 'Provisioner started');
  }
  // sig-storage-lib-external-provisioner v10's contextual klog lines; its identity is hostname_uuid.
  const component = localPathProvisionerIdentity(ctx.hostname);
  const now = ctx.clock.now();
  ctx.stderr(klogLine(now, 'controller.go:824', `"Starting provisioner controller" component="${component}"`));
  ctx.stderr(klogLine(now + 100, 'controller.go:873', `"Started provisioner controller" component="${component}"`));
  await untilSignalled(ctx.signal);
  // RegisterShutdownChannel prints the signal as Go's %v does.
  ctx.stderr(klogLine(ctx.clock.now(), 'main.go:67', `Receive ${ctx.signal.reason === 'SIGINT' ? 'interrupt' : 'terminated'} to exit`));
  if (debug) logrus(ctx, 'debug', 'Provisioner stopped');
  return 0;
};

const kindestTag = /^v20\d{6}-[0-9a-f]{8}$/;

export const localPathProvisionerFamily = cachedFamily(['docker.io/kindest/local-path-provisioner'], (tag) => kindestTag.test(tag), () => ({
  // The Dockerfile's shell-form ENTRYPOINT: distroless has no /bin/sh, so only a `command` runs it.
  entrypoint: ['/bin/sh', '-c', '/usr/local/bin/local-path-provisioner'],
  cmd: [],
  env: { PATH: standardPath, SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
  workingDir: '/',
  stopSignal: 'SIGTERM',
  size: 21_862_409,
  files: { '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' },
  dirs: ['/etc', '/home/nonroot', '/root', '/tmp', '/usr/local/bin'],
  binaries: binariesOf({ dirs: [], noTools: true, extra: { '/usr/local/bin/local-path-provisioner': provisioner } }),
}));
