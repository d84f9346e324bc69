/**
 * The nodes' container log files in the daemon's data dir: <root>/<node>/<pod uid>/<container>/
 * <restartCount>.log in the CRI format (cri-log-line.ts), the daemon's stand-in for each node's
 * /var/log/pods, so logs outlive a daemon restart as they outlive a kubelet restart. Lines are
 * gathered and written once per turn of the event loop per file (a chatty container costs one
 * write per turn, not one per line), never synced; a file is made on its instance's first line,
 * so silent containers (pause pods) cost nothing. Files are 0600 in 0700 directories.
 * Hand-written rather than a rotating-file package: the rotation is LineLog's (it rewrites the
 * kept lines), and what is needed here is only append, rewrite, read back and remove.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '../../shared/log.js';
import type { LogLine } from '../runtime/container.js';
import type { LogFile, PodLogStore } from '../runtime/log-store.js';
import { decodeLogLines, encodeLogLine } from './cri-log-line.js';

const log = logger('pod-log-files');

interface Pending {
  file: LogFile;
  /** Replace the file's content instead of appending to it (a new instance, a rotation). */
  truncate: boolean;
  text: string;
}

export class PodLogFiles {
  private readonly pending = new Map<string, Pending>();
  private flushQueued = false;
  private readonly nodes = new Map<string, NodeLogFiles>();

  constructor(readonly root: string) {}

  /** The store of one node's runtime. */
  forNode(nodeName: string): PodLogStore {
    let node = this.nodes.get(nodeName);
    if (!node) this.nodes.set(nodeName, (node = new NodeLogFiles(this, join(this.root, nodeName))));
    return node;
  }

  /** The machine is gone (`kubelab node remove`): its log files with it. */
  removeNode(nodeName: string): void {
    const dir = join(this.root, nodeName);
    this.dropPending(dir);
    this.nodes.delete(nodeName);
    rmSync(dir, { recursive: true, force: true });
  }

  /** Writes what is gathered now (the daemon stops). */
  flush(): void {
    this.flushQueued = false;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    for (const [path, entry] of batch) {
      try {
        if (entry.truncate) writeFileSync(path, entry.text, { mode: 0o600 });
        else appendFileSync(path, entry.text, { mode: 0o600 });
      } catch (err) {
        // The pod's directory went meanwhile (the pod was removed): nothing is left to write to.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.error('could not write a container log', { path, error: String(err) });
      }
    }
  }

  /** @internal Queues text for a file; the write happens on the next turn of the event loop. */
  queue(path: string, file: LogFile, text: string, truncate: boolean): void {
    const entry = this.pending.get(path);
    if (entry && !truncate) entry.text += text;
    else this.pending.set(path, { file, truncate: truncate || (entry?.truncate ?? false), text });
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  /** @internal What is queued for a file and not yet written. */
  pendingFor(path: string): Pending | undefined {
    return this.pending.get(path);
  }

  /** @internal Forgets what is queued for a file, or under a directory, that is being removed. */
  dropPending(path: string): void {
    for (const queued of [...this.pending.keys()]) if (queued === path || queued.startsWith(`${path}/`)) this.pending.delete(queued);
  }
}

/** One node's /var/log/pods. */
class NodeLogFiles implements PodLogStore {
  /** Pod UIDs with a directory, read once on first use: most pods never wrote a line. */
  private podDirs?: Set<string>;

  constructor(
    private readonly files: PodLogFiles,
    private readonly dir: string,
  ) {}

  read(file: LogFile): LogLine[] {
    if (!this.knownPods().has(file.podUid)) return [];
    const path = this.pathOf(file);
    const pending = this.files.pendingFor(path);
    let text = '';
    if (!pending?.truncate && existsSync(path)) text = readFileSync(path, 'utf8');
    return decodeLogLines(text + (pending?.text ?? ''));
  }

  create(file: LogFile): void {
    const dir = join(this.dir, file.podUid, file.container);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.knownPods().add(file.podUid);
    // The kubelet's container GC keeps the newest dead instance of a container, and its log.
    for (let count = file.restartCount - 2; count >= 0; count--) {
      const old = this.pathOf({ ...file, restartCount: count });
      this.files.dropPending(old);
      rmSync(old, { force: true });
    }
    this.files.queue(this.pathOf(file), file, '', true);
  }

  append(file: LogFile, line: LogLine): void {
    this.files.queue(this.pathOf(file), file, encodeLogLine(line), false);
  }

  rewrite(file: LogFile, lines: readonly LogLine[]): void {
    this.files.queue(this.pathOf(file), file, lines.map(encodeLogLine).join(''), true);
  }

  removePod(podUid: string): void {
    if (!this.knownPods().delete(podUid)) return;
    const dir = join(this.dir, podUid);
    this.files.dropPending(dir);
    rmSync(dir, { recursive: true, force: true });
  }

  retainPods(podUids: ReadonlySet<string>): void {
    for (const uid of [...this.knownPods()]) if (!podUids.has(uid)) this.removePod(uid);
  }

  private knownPods(): Set<string> {
    if (!this.podDirs) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.podDirs = new Set(readdirSync(this.dir));
    }
    return this.podDirs;
  }

  private pathOf(file: LogFile): string {
    return join(this.dir, file.podUid, file.container, `${file.restartCount}.log`);
  }
}
