/**
 * Wiring only (STYLE §2.9): opens the store (its LevelDB LOCK makes one daemon per data dir),
 * makes the TLS material and token, starts the API server, creates the objects every cluster has,
 * writes the kubeconfig files and the pid record, and closes everything cleanly on stop.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { RealClock, rfc3339, wallNow, type Clock } from '../shared/clock.js';
import { logger } from '../shared/log.js';
import { LevelStore } from './store/level-store.js';
import { GenericRegistry } from './apiserver/registry/generic-registry.js';
import { LocalClient } from './apiserver/local-client.js';
import { ApiServer } from './apiserver/server.js';
import { bootstrapCluster } from './apiserver/bootstrap.js';
import { loadOrCreateTls } from './apiserver/tls.js';
import { dataFiles, type DaemonConfig, type DaemonRecord } from './config.js';
import type { ControllerManager } from './controllers/manager.js';
import { clusterNodes } from './node/cluster-nodes.js';
import type { VirtualNode } from './node/virtual-node.js';
import type { KubelabAdmin } from './apiserver/handlers/kubelab-admin.js';
import type { Clock as ClockType } from '../shared/clock.js';
import type { LocalClient as LocalClientType } from './apiserver/local-client.js';
import { KubeletDirectory } from './apiserver/kubelet-directory.js';
import { mergeIntoUserKubeconfig, userKubeconfigPath, writeDaemonKubeconfig } from './kubeconfig.js';

const log = logger('daemon');

/** A one-line problem to show the user (`kubelab: port 6443 is in use`). */
export class StartupError extends Error {}

export interface RunningDaemon {
  port: number;
  server: string;
  client: LocalClient;
  clock: Clock;
  stop(): Promise<void>;
}

function loadOrCreateToken(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(path, token + '\n', { mode: 0o600 });
  return token;
}

async function openStore(dir: string, dataDir: string): Promise<LevelStore> {
  try {
    return await LevelStore.open(dir, {
      // A write the disk refused leaves memory ahead of disk: stop, so a restart reloads from disk.
      onFatal: (err) => {
        log.error('store write failed; stopping the daemon', { error: err.message });
        process.exit(70);
      },
    });
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    if (/lock/i.test(cause)) throw new StartupError(`data dir ${dataDir} is in use by another kubelab daemon`);
    throw new StartupError(`cannot open the store in ${dir}: ${cause}`);
  }
}

export async function runDaemon(config: DaemonConfig, clock: Clock = new RealClock(config.speed)): Promise<RunningDaemon> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const files = dataFiles(config.dataDir);
  const store = await openStore(files.store, config.dataDir);
  let server: ApiServer | undefined;
  try {
    const tls = await loadOrCreateTls(config.dataDir, new Date(wallNow()));
    const token = loadOrCreateToken(files.token);
    // The garbage collector runs with the controllers, so Foreground/Orphan deletes get their finalizers.
    const registry = new GenericRegistry({ store, clock, garbageCollectorEnabled: () => true });
    const client = new LocalClient(registry);
    const kubelets = new KubeletDirectory();
    let nodes: VirtualNode[] = [];
    const admin: KubelabAdmin = {
      nodes: () => nodes.map((n) => ({ name: n.name, running: n.running })),
      node: async (action, name) => {
        const node = nodes.find((n) => n.name === name);
        if (!node) return false;
        await (action === 'kill' ? node.kill() : node.start());
        return true;
      },
    };
    server = new ApiServer({ registry, clock, token, tls, port: config.port, kubelets, admin });
    const port = await server.listen().catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new StartupError(`port ${config.port} is in use`);
      if (err.code === 'EACCES') throw new StartupError(`port ${config.port} needs privileges this user lacks`);
      throw err;
    });
    const serverUrl = `https://127.0.0.1:${port}`;
    await bootstrapCluster(client, { address: '127.0.0.1', port });
    nodes = clusterNodes({ client, clock, workers: config.nodes, nodeSubnet: config.nodeSubnet });
    await Promise.all(nodes.map((node) => node.start()));
    // The nodes are registered and Ready; the control plane and the kubelets (most of the code)
    // are loaded after the API answers, which keeps `kubelab up` under half a second.
    const background = startWorkloads(client, clock, nodes, kubelets);
    const kubeconfigInput = { server: serverUrl, caPem: tls.cert, token };
    await writeDaemonKubeconfig(files.kubeconfig, kubeconfigInput);
    if (config.mergeKubeconfig) await mergeIntoUserKubeconfig(userKubeconfigPath(), kubeconfigInput);
    const record: DaemonRecord = { pid: process.pid, port, server: serverUrl, startedAt: rfc3339(wallNow()) };
    writeFileSync(files.pid, JSON.stringify(record) + '\n');
    log.info('API server ready', { server: serverUrl, dataDir: config.dataDir });

    let stopping: Promise<void> | undefined;
    const liveServer = server;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        const { controllers } = await background;
        await Promise.all(nodes.map((node) => node.kill()));
        await controllers?.stop();
        await liveServer.close();
        await store.close();
        rmSync(files.pid, { force: true });
        log.info('stopped', { dataDir: config.dataDir });
      })());
    return { port, server: serverUrl, client, clock, stop };
  } catch (err) {
    await server?.close();
    await store.close();
    throw err;
  }
}

/** Loads and starts the controllers, the scheduler and the nodes' kubelets. */
async function startWorkloads(client: LocalClientType, clock: ClockType, nodes: VirtualNode[], kubelets: KubeletDirectory): Promise<{ controllers?: ControllerManager }> {
  try {
    const [{ ControllerManager }, { controllerFactories }, { NodeRuntimes }] = await Promise.all([
      import('./controllers/manager.js'),
      import('./controllers/controllers.js'),
      import('./node/node-runtime.js'),
    ]);
    const controllers = new ControllerManager({ client, clock }, controllerFactories);
    controllers.start();
    const runtimes = new NodeRuntimes({ client, clock, onKubelet: (name, kubelet) => (kubelet ? kubelets.register(name, kubelet) : kubelets.unregister(name)) });
    for (const node of nodes) node.setPodRunnerFactory((n) => runtimes.podRunner(n));
    return { controllers };
  } catch (err) {
    log.error('could not start the controllers and kubelets', { error: (err as Error)?.stack ?? String(err) });
    return {};
  }
}
