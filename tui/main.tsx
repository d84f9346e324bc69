/**
 * The TUI's entry: reads the kubeconfig, connects an HttpClient that watches over WebSocket, and
 * draws the app full-screen on the alternate screen (`\x1b[?1049h`, left with `\x1b[?1049l` on
 * quit, on a crash and on SIGTERM, so the learner's terminal is always given back). Ink redraws
 * at most 20 times a second; resizes re-lay the frame (app.tsx follows the terminal's size).
 */
import { render } from 'ink';
import { createElement } from 'react';
import { RealClock } from '../shared/clock.js';
import { httpClientFromKubeconfig } from '../shared/client/kubeconfig.js';
import { App } from './app.js';
import { kubectlExecArgs, shellEndedText, type OpenShell } from './state/shell-command.js';
import { createTerminalHandoff, findOnPath } from './terminal-handoff.js';

export interface TuiOptions {
  kubeconfig: string;
  context?: string;
  /** The daemon's --speed, shown in the header when known. */
  speed?: number;
  /** The first `:` command, e.g. `no` or `deploy -A`. */
  command?: string;
  /** The command line of `kubelab node shell` up to the node's name (a kubelab daemon's data dir only). */
  nodeShell?: { command: string; args: string[] };
}

/**
 * How Ink draws the TUI (also used by scripts/bench/tui.ts, so the bench measures the same path):
 * at most 20 frames a second, whatever the commit rate.
 */
export const inkRenderOptions = {
  exitOnCtrlC: false,
  maxFps: 20,
  // Ink would otherwise intercept console output; the TUI writes none.
  patchConsole: false,
} as const;

const enterAlternateScreen = '\x1b[?1049h\x1b[H';
const leaveAlternateScreen = '\x1b[?1049l';

/** Runs the TUI until the learner quits; resolves then. */
export async function runTui(options: TuiOptions): Promise<void> {
  const { client, target } = httpClientFromKubeconfig(options.kubeconfig, { context: options.context, watchTransport: 'websocket' });
  const clock = new RealClock();
  const nodeAction = async (name: string, action: 'kill' | 'start'): Promise<void> => {
    await client.raw('POST', `/kubelab/v1/nodes/${encodeURIComponent(name)}/${action}`);
  };
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.stdout.write(leaveAlternateScreen);
  };
  const onCrash = (err: unknown): void => {
    restore();
    process.stderr.write(`kubelab tui: ${err instanceof Error ? (process.env.KUBELAB_DEBUG ? err.stack : err.message) : String(err)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.once('SIGTERM', () => {
    restore();
    process.exit(143);
  });
  process.stdout.write(enterAlternateScreen);
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const info = { context: target.context, cluster: target.cluster, server: target.server, namespace: target.namespace, speed: options.speed };
  const handoff = createTerminalHandoff({ stdin: process.stdin, stdout: process.stdout, forgetScreen: () => instance.clear() });
  const openShell: OpenShell = (target) => {
    if (target.type === 'node') {
      if (!options.nodeShell) return { text: 'a node shell needs a kubelab daemon (`kubelab node shell NAME`)', level: 'warn' };
      return shellEndedText(target, handoff(options.nodeShell.command, [...options.nodeShell.args, target.node]));
    }
    const kubectl = findOnPath('kubectl');
    if (!kubectl) return { text: 'kubectl is not on the PATH: a shell runs `kubectl exec -it`', level: 'error' };
    const result = handoff(kubectl, kubectlExecArgs(target, { kubeconfig: options.kubeconfig, context: options.context }), { captureStderr: true });
    return result.error ? { text: `kubectl: ${result.error.message}`, level: 'error' } : shellEndedText(target, result);
  };
  const instance = render(createElement(App, { client, clock, info, initialCommand: options.command, nodeAction, openShell, onQuit: () => quit() }), inkRenderOptions);
  try {
    await Promise.race([quitting, instance.waitUntilExit()]);
  } finally {
    instance.unmount();
    instance.cleanup();
    restore();
    client.close();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
