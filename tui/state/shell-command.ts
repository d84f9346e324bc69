/**
 * What `s` runs (k9s' shell action, plain data so it is tested without a terminal): on a pod,
 * `kubectl exec -it POD -c CONTAINER -- sh -c "command -v bash >/dev/null && exec bash || exec sh"`
 * (k9s' own command line: bash where the image has it, else sh) with the TUI's kubeconfig and
 * context; on a kubelab node, `kubelab node shell NODE`. Also the container a pod's shell opens in
 * (kubectl's rule: the `kubectl.kubernetes.io/default-container` annotation, else the first) and
 * the flash line once the shell ends. Leaves out: the terminal handoff (tui/terminal-handoff.ts).
 */
import type { KubeObject } from '../../shared/api/meta.js';

export type ShellTarget = { type: 'pod'; namespace: string; pod: string; container: string } | { type: 'node'; node: string };

export interface ShellOutcome {
  text: string;
  level: 'info' | 'warn' | 'error';
}

/** Opens a shell with the terminal handed over, and says how it ended (for the flash line). */
export type OpenShell = (target: ShellTarget) => ShellOutcome;

/** k9s' check, run by the container's sh: bash when the image has it, else sh. */
export const shellCheck = 'command -v bash >/dev/null && exec bash || exec sh';

const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** The containers a shell can open in (init containers have exited by the time a shell makes sense). */
export function shellContainers(pod: Readonly<KubeObject>): string[] {
  const containers: { name: string }[] = pod.spec?.containers ?? [];
  return containers.map((c) => c.name);
}

/** The container kubectl exec picks without -c: the default-container annotation, else the first. */
export function defaultShellContainer(pod: Readonly<KubeObject>): string | undefined {
  const names = shellContainers(pod);
  const annotated = pod.metadata.annotations?.[defaultContainerAnnotation];
  return annotated && names.includes(annotated) ? annotated : names[0];
}

/** kubectl's arguments for a pod shell. */
export function kubectlExecArgs(target: Extract<ShellTarget, { type: 'pod' }>, connection: { kubeconfig: string; context?: string }): string[] {
  return [
    '--kubeconfig', connection.kubeconfig,
    ...(connection.context ? ['--context', connection.context] : []),
    'exec', '-it', target.pod, '-n', target.namespace, '-c', target.container,
    '--', 'sh', '-c', shellCheck,
  ];
}

/** The flash after the shell: its last error line when it failed (kubectl's own words), else where it was. */
export function shellEndedText(target: ShellTarget, result: { code: number | null; stderr: string }): ShellOutcome {
  const where = target.type === 'pod' ? `${target.namespace}/${target.pod} (container ${target.container})` : `node ${target.node}`;
  const lastLine = result.stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop();
  if (result.code === 0 || (lastLine === undefined && result.code !== null)) return { text: `shell in ${where} ended`, level: 'info' };
  return { text: lastLine ?? `shell in ${where} ended by a signal`, level: 'error' };
}
