/**
 * An instance that ended before this kubelet started (seeded from the pod's status after a daemon
 * restart): no process, only its log file, which `kubectl logs [-p]` still reads as containerd
 * serves an exited container's log. Exec into it fails as containerd's does.
 */
import { ContainerStartError, type ContainerHandle, type ContainerLog, type ExitStatus } from './container.js';

export class ExitedContainer implements ContainerHandle {
  constructor(
    readonly id: string,
    readonly startedAt: number,
    readonly log: ContainerLog,
    private readonly exit: ExitStatus,
  ) {}

  wait(): Promise<ExitStatus> {
    return Promise.resolve(this.exit);
  }

  stop(): Promise<ExitStatus> {
    return Promise.resolve(this.exit);
  }

  exec(): Promise<number> {
    return Promise.reject(new ContainerStartError('OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown'));
  }
}
