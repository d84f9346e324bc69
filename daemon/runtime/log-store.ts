/**
 * Where a node's container logs outlive the daemon, as the CRI's files under
 * /var/log/pods/<ns>_<pod>_<uid>/<container>/<restartCount>.log outlive a kubelet restart. The
 * runtime writes each instance's lines through this interface and reads them back for an adopted
 * container or a previous instance; the files themselves are daemon/node-logs/pod-log-files.ts
 * (runtime/ never touches the host's files). MemoryPodLogStore serves the unit tests.
 */
import type { LogLine } from './container.js';

/** One container instance's log: the kubelet's `<container>/<restartCount>.log` of a pod. */
export interface LogFile {
  podUid: string;
  container: string;
  restartCount: number;
}

export interface PodLogStore {
  /** The lines kept for an instance, oldest first; empty when it wrote none. */
  read(file: LogFile): LogLine[];
  /**
   * A new instance wrote its first line: its file starts empty, and the files of instances older
   * than the one before it go (the kubelet's container GC keeps one dead instance per container).
   */
  create(file: LogFile): void;
  /** Adds a line at the end of the instance's file (written as the lines come, not synced per line). */
  append(file: LogFile, line: LogLine): void;
  /** Replaces the file with the newest lines (the rotation at 10 MiB). */
  rewrite(file: LogFile, lines: readonly LogLine[]): void;
  /** The pod is gone from the node: its logs go with it. */
  removePod(podUid: string): void;
  /** Removes the logs of every pod but these (the kubelet's cleanup of orphaned pod directories). */
  retainPods(podUids: ReadonlySet<string>): void;
}

const keyOf = (file: LogFile): string => `${file.podUid}/${file.container}/${file.restartCount}`;

/** The same contract in memory, for tests (and a runtime given no store). */
export class MemoryPodLogStore implements PodLogStore {
  readonly files = new Map<string, LogLine[]>();

  read(file: LogFile): LogLine[] {
    return [...(this.files.get(keyOf(file)) ?? [])];
  }

  create(file: LogFile): void {
    for (const key of [...this.files.keys()]) {
      const [uid, container, count] = key.split('/');
      if (uid === file.podUid && container === file.container && Number(count) < file.restartCount - 1) this.files.delete(key);
    }
    this.files.set(keyOf(file), []);
  }

  append(file: LogFile, line: LogLine): void {
    const lines = this.files.get(keyOf(file));
    if (lines) lines.push(line);
    else this.files.set(keyOf(file), [line]);
  }

  rewrite(file: LogFile, lines: readonly LogLine[]): void {
    this.files.set(keyOf(file), [...lines]);
  }

  removePod(podUid: string): void {
    for (const key of [...this.files.keys()]) if (key.startsWith(`${podUid}/`)) this.files.delete(key);
  }

  retainPods(podUids: ReadonlySet<string>): void {
    for (const key of [...this.files.keys()]) if (!podUids.has(key.split('/')[0]!)) this.files.delete(key);
  }
}
