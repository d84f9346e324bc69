/**
 * Wiring only (STYLE §2.9): opens the store (its LevelDB LOCK makes one daemon per data dir),
 * makes the TLS material and token, starts the API server, creates the objects every cluster has,
 * writes the kubeconfig files and the pid record, and closes everything cleanly on stop.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealClock, rfc3339, wallNow, type Clock } from '../shared/clock.js';
import { logger } from '../shared/log.js';
import { resourcePrefix } from './store/key-layout.js';
import { LevelStore } from './store/level-store.js';
import { GenericRegistry } from './apiserver/registry/generic-registry.js';
import { CrdController } from './apiserver/crd/crd-controller.js';
import { LocalClient } from './apiserver/local-client.js';
import { ApiServer } from './apiserver/server.js';
import { bootstrapCluster } from './apiserver/bootstrap.js';
import { bootstrapCoreDns } from './apiserver/bootstrap-coredns.js';
import { bootstrapKubeadmConfig } from './apiserver/bootstrap-kubeadm-config.js';
import { bootstrapApiserverConfigMaps } from './apiserver/bootstrap-apiserver-configmaps.js';
import { bootstrapKubeProxy } from './apiserver/bootstrap-kube-proxy.js';
import { bootstrapKindnet } from './apiserver/bootstrap-kindnet.js';
import { bootstrapLocalPathStorage } from './apiserver/bootstrap-local-path-storage.js';
import { bootstrapRbac } from './apiserver/bootstrap-rbac.js';
import { startPostStartHooks, type PostStartHooks } from './apiserver/post-start-hooks.js';
import { EventExpiry } from './apiserver/event-expiry.js';
import { loadOrCreateTls } from './apiserver/tls.js';
import { dataFiles, type DaemonConfig, type DaemonRecord } from './config.js';
import type { ControllerManager } from './controllers/manager.js';
import { clusterNodes } from './node/cluster-nodes.js';
import { NodeFleet } from './node/node-fleet.js';
import type { VirtualNode } from './node/virtual-node.js';
import type { NodeRuntimes as NodeRuntimesType } from './node/node-runtime.js';
import type { KubelabAdmin } from './apiserver/handlers/kubelab-admin.js';
import type { Clock as ClockType } from '../shared/clock.js';
import type { LocalClient as LocalClientType } from './apiserver/local-client.js';
import { KubeletDirectory } from './apiserver/kubelet-directory.js';
import { waitForControlPlane } from './static-pods-ready.js';
import { waitForAddonsPlaced } from './addons-placed.js';
import { PodLogFiles } from './node-logs/pod-log-files.js';
import { inClusterApiEndpoint } from './apiserver/in-cluster-endpoint.js';
import { issuerFor } from './apiserver/subresources/token.js';
import type { HttpHandler } from './runtime/network.js';
import { mergeIntoUserKubeconfig, userKubeconfigPath, writeDaemonKubeconfig } from './kubeconfig.js';

const log = logger('daemon');

/** How long `kubelab up` waits for the static pods before it reports ready anyway (static-pods-ready.ts). */
const staticPodsTimeoutMs = 10_000;
/** How long a fresh cluster's workers wait for the control plane's addons to be placed before joining anyway (addons-placed.ts). */
const addonsPlacedTimeoutMs = 10_000;
/** kube-apiserver's --secure-port in kubeadm's manifest: the `kubernetes` Service's target port. */
const inClusterApiPort = 6443;

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

async function openStore(dir: string, dataDir: string, clock: Clock): Promise<LevelStore> {
  try {
    return await LevelStore.open(dir, {
      now: () => clock.now(),
      // Events are read from the disk, as kube-apiserver serves them from etcd (no watch cache).
      diskOnly: [resourcePrefix('', 'events')],
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
  // On a fresh data dir `up` waits for the control-plane kubelet to start the static pods: its code
  // compiles while the store is made and the bootstrap writes wait for the disk. On a restart the
  // mirror pods are in the store, Running already: that code can wait until the nodes are up.
  const fresh = !existsSync(files.store);
  const modules = fresh ? loadNodeModules() : undefined;
  const store = await openStore(files.store, config.dataDir, clock);
  let server: ApiServer | undefined;
  let eventExpiry: EventExpiry | undefined;
  let crds: CrdController | undefined;
  let hooks: PostStartHooks | undefined;
  try {
    const tls = await loadOrCreateTls(config.dataDir, new Date(wallNow()));
    const token = loadOrCreateToken(files.token);
    // The garbage collector runs with the controllers, so Foreground/Orphan deletes get their finalizers.
    const registry = new GenericRegistry({ store, clock, garbageCollectorEnabled: () => true, serviceAccountControllerEnabled: () => true });
    const client = new LocalClient(registry, { schemaCheck: false });
    eventExpiry = new EventExpiry(registry, clock);
    eventExpiry.start();
    // Established CRDs are served again before the API answers (their objects are in the store).
    crds = new CrdController(registry, clock);
    crds.start();
    const kubelets = new KubeletDirectory();
    let nodes: VirtualNode[] = [];
    let workloads: ReturnType<typeof startWorkloads> | undefined;
    // The nodes' /var/log/pods: container logs outlive the daemon, as they outlive a kubelet restart.
    const podLogs = new PodLogFiles(join(config.dataDir, 'pod-logs'));
    const fleet = new NodeFleet({ client, clock, nodeSubnet: config.nodeSubnet, nodes: () => nodes, onRemoved: (name) => podLogs.removeNode(name) });
    const admin: KubelabAdmin = {
      nodes: () => nodes.map((n) => ({ name: n.name, running: n.running })),
      node: (action, name) => fleet.act(action, name),
      addNode: (name) => fleet.add(name),
      rules: async (name) => (await workloads)?.runtimes?.proxy(name)?.render() ?? null,
      nodeShell: async (name) => (await (await workloads)?.runtimes?.nodeShell(name)) ?? null,
    };
    server = new ApiServer({ registry, clock, token, tls, port: config.port, kubelets, admin });
    const port = await server.listen().catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new StartupError(`port ${config.port} is in use`);
      if (err.code === 'EACCES') throw new StartupError(`port ${config.port} needs privileges this user lacks`);
      throw err;
    });
    const serverUrl = `https://127.0.0.1:${port}`;
    // A data dir that has nodes already gets the same machines back (cluster-nodes.ts).
    const stored = (await client.list({ group: '', version: 'v1', resource: 'nodes' }, undefined)).items;
    nodes = clusterNodes({ client, clock, workers: config.nodes, workerSpecs: config.workers, nodeSubnet: config.nodeSubnet, existing: stored });
    // As on kind, the `kubernetes` Service leads to the control-plane node's 6443, where the
    // kube-apiserver static pod passes what pods send on to this server (in-cluster-endpoint.ts).
    const controlPlaneIP = nodes.find((node) => node.identity.controlPlane)?.identity.ip ?? '127.0.0.1';
    await bootstrapCluster(client, { address: controlPlaneIP, port: inClusterApiPort });
    await bootstrapRbac(client);
    await bootstrapCoreDns(client);
    // kubeadm's kube-proxy addon and uploaded configuration, kind's CNI and storage addons, the
    // apiserver's own ConfigMaps; independent of each other.
    await Promise.all([
      bootstrapApiserverConfigMaps(client, { caPem: tls.cert, now: clock.now() }),
      bootstrapKubeProxy(client),
      bootstrapKindnet(client),
      bootstrapLocalPathStorage(client),
      bootstrapKubeadmConfig(client, { clusterName: 'kubelab', controlPlaneEndpoint: 'control-plane:6443', server: serverUrl, caPem: tls.cert, podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', clusterDNS: '10.96.0.10', clusterDomain: 'cluster.local' }),
    ]);
    await Promise.all(nodes.map((node) => node.start()));
    // As kind's, the control plane's static pods are 1/1 Running by the time `up` returns: the
    // kubelets start now (their code loaded meanwhile), the controllers once those pods are up.
    const controlPlaneUp = waitForControlPlane({ client, clock, log, nodes: nodes.map((node) => node.identity), timeoutMs: staticPodsTimeoutMs });
    // APF's and the aggregator's objects are made while the static pods come up (post-start-hooks.ts).
    hooks = startPostStartHooks(client, clock);
    const hooksReady = hooks.ready.catch((err: unknown) => log.error('post-start hook failed', { error: String((err as Error)?.stack ?? err) }));
    const background = (workloads = startWorkloads({ client, clock, nodes, kubelets, rootCA: tls.cert, modules, fresh, controlPlaneUp, apiserver: inClusterApiEndpoint({ port: () => port, caPem: tls.cert }), podLogs, signToken: (claims) => issuerFor(registry, tls.key).issue(claims), clusterSigning: tls }));
    const kubeconfigInput = { server: serverUrl, caPem: tls.cert, token };
    await Promise.all([controlPlaneUp, hooksReady, writeDaemonKubeconfig(files.kubeconfig, kubeconfigInput)]);
    if (config.mergeKubeconfig) await mergeIntoUserKubeconfig(userKubeconfigPath(), kubeconfigInput);
    const record: DaemonRecord = { pid: process.pid, port, server: serverUrl, startedAt: rfc3339(wallNow()), speed: config.speed };
    writeFileSync(files.pid, JSON.stringify(record) + '\n');
    log.info('API server ready', { server: serverUrl, dataDir: config.dataDir });

    let stopping: Promise<void> | undefined;
    const liveServer = server;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        const { controllers, stopDns, stopJoin } = await background;
        stopDns?.();
        stopJoin?.();
        await Promise.all(nodes.map((node) => node.kill()));
        podLogs.flush();
        await controllers?.stop();
        await hooks?.stop();
        await eventExpiry?.stop();
        await crds?.stop();
        await liveServer.close();
        await store.close();
        rmSync(files.pid, { force: true });
        log.info('stopped', { dataDir: config.dataDir });
      })());
    return { port, server: serverUrl, client, clock, stop };
  } catch (err) {
    await hooks?.stop();
    await eventExpiry?.stop();
    await crds?.stop();
    await server?.close();
    await store.close();
    throw err;
  }
}

/** The code of the kubelets and the cluster DNS, loaded apart from the API's. */
function loadNodeModules() {
  const loading = Promise.all([import('./node/node-runtime.js'), import('./node/dns/cluster-dns.js')]);
  // A failure is reported where it is awaited (startWorkloads); a start that fails before then has its own error.
  loading.catch(() => undefined);
  return loading;
}

interface WorkloadsOptions {
  client: LocalClientType;
  clock: ClockType;
  nodes: VirtualNode[];
  kubelets: KubeletDirectory;
  rootCA: string;
  /** The nodes' code, if its loading has begun. */
  modules: ReturnType<typeof loadNodeModules> | undefined;
  /** A new data dir: the workers join once the control plane's addons are placed, as on kind. */
  fresh: boolean;
  /** Settles once the control plane's static pods are up (or the wait gave up). */
  controlPlaneUp: Promise<unknown>;
  /** The API server as pods reach it through the kube-apiserver container's 6443. */
  apiserver: HttpHandler;
  /** Signs service-account tokens with the API server's key (the token controller's). */
  signToken: (claims: Record<string, unknown>) => Promise<string>;
  /** The cluster CA (the serving certificate and key) the csrsigning controller signs with. */
  clusterSigning: { cert: string; key: string };
  /** The nodes' container log files. */
  podLogs: PodLogFiles;
}

/**
 * Starts the nodes' kubelets, then the controllers and the scheduler. The controllers' code is
 * loaded only once the static pods are up: nothing they do is needed for that (kind's CoreDNS and
 * CNI pods come after `kind create cluster` returns too), and loading it sooner delays `up`.
 */
async function startWorkloads(options: WorkloadsOptions): Promise<{ controllers?: ControllerManager; stopDns?: () => void; stopJoin?: () => void; runtimes?: NodeRuntimesType }> {
  const { client, clock, nodes, kubelets } = options;
  try {
    const [{ NodeRuntimes }, { ClusterDns }] = await (options.modules ?? loadNodeModules());
    // CoreDNS's kubernetes plugin: its informers run for the daemon's life (the pods gate it).
    const dnsAbort = new AbortController();
    const dns = new ClusterDns({ client, clock });
    const runtimes = new NodeRuntimes({
      client, clock, dns, proxiesAfter: options.controlPlaneUp, apiserver: options.apiserver, apiserverCA: options.rootCA, logs: options.podLogs,
      onKubelet: (name, kubelet) => (kubelet ? kubelets.register(name, kubelet) : kubelets.unregister(name)),
    });
    // The control plane's kubelet first: the workers' have nothing to run before the controllers do
    // (their DaemonSet pods), and starting them alongside would only delay the static pods.
    const startPods = (node: VirtualNode): void => node.setPodRunnerFactory((n) => runtimes.podRunner(n));
    nodes.filter((node) => node.identity.controlPlane).forEach(startPods);
    await options.controlPlaneUp;
    // CoreDNS and kube-proxy are addons kubeadm installs once the control plane answers.
    void dns.start(dnsAbort.signal).catch((err) => log.error('cluster DNS stopped', { error: String(err) }));
    const workers = nodes.filter((node) => !node.identity.controlPlane);
    // After a restart the workers' pods are where they were: their kubelets come back at once.
    if (!options.fresh) workers.forEach(startPods);
    const [{ ControllerManager }, { controllerFactories }] = await Promise.all([import('./controllers/manager.js'), import('./controllers/controllers.js')]);
    // The self-signed serving certificate is the cluster's CA: kubeconfig trusts it, and so does kube-root-ca.crt.
    const controllers = new ControllerManager({ client, clock, rootCA: options.rootCA, signToken: options.signToken, clusterSigning: options.clusterSigning }, controllerFactories);
    controllers.start();
    // A fresh cluster's workers join as kind's do, once CoreDNS and local-path-provisioner have a
    // node: until their kubelets start they are NotReady and tainted, so those pods go to the
    // control plane (addons-placed.ts). `up` does not wait for this, as `kind create cluster` does not.
    const joinAbort = new AbortController();
    if (options.fresh) {
      const join = (): void => {
        if (!joinAbort.signal.aborted) workers.forEach(startPods);
      };
      waitForAddonsPlaced({ client, clock, log, timeoutMs: addonsPlacedTimeoutMs, signal: joinAbort.signal }).then(join, (err) => {
        log.error('could not watch the control-plane addons; the workers join now', { error: String(err) });
        join();
      });
    }
    return { controllers, stopDns: () => dnsAbort.abort(), stopJoin: () => joinAbort.abort(), runtimes };
  } catch (err) {
    log.error('could not start the controllers and kubelets', { error: (err as Error)?.stack ?? String(err) });
    return {};
  }
}
