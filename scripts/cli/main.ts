/**
 * `kubelab` command dispatch. Errors are one line (`kubelab: …`) and a non-zero exit; stacks only
 * with KUBELAB_DEBUG (STYLE §2.6).
 */
import { dataFiles } from '../../daemon/config.js';
import { dataDirFlag, parseUp, UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';
import { down } from './down.js';
import { up } from './up.js';
import { nodeCommand } from './node.js';
import { labCommand } from './lab.js';
import { startCommand, tuiCommand } from './tui.js';

const usage = `usage: kubelab <command> [flags]
  up [--nodes N] [--port P] [--data DIR] [--node-subnet CIDR] [--config FILE] [--speed X] [--detach] [--no-kubeconfig]
  down [--data DIR]        stop the daemon
  status [--data DIR]      is a daemon running, and where
  kubeconfig [--data DIR]  print the path of the daemon's kubeconfig
  node kill|start NAME     stop a virtual node as if its machine died, or bring it back
  node rules NAME          the node's kube-proxy rules, as iptables-save -t nat prints them
  node shell NAME [-- CMD] a shell on the node (curl to a ClusterIP goes through its rules)
  lab list|start NAME|status|reset NAME [--lang ko|en]   the guided labs, each step checked on the cluster
  start                    start the daemon if none runs, then open the TUI (npm start)
  tui [--data DIR] [--kubeconfig FILE] [--context NAME]   the dashboard (quit with q; the daemon keeps running)`;

async function dispatch(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'up':
      return up(parseUp(rest));
    case 'down':
      return down(dataDirFlag(rest));
    case 'status': {
      const dataDir = dataDirFlag(rest);
      const record = runningDaemon(dataDir);
      if (!record) {
        process.stdout.write(`kubelab: no daemon is running for ${dataDir}\n`);
        return 1;
      }
      process.stdout.write(`kubelab: running (pid ${record.pid}) at ${record.server}\ndata: ${dataDir}\nkubeconfig: ${dataFiles(dataDir).kubeconfig}\n`);
      return 0;
    }
    case 'node':
      return nodeCommand(rest, dataDirFlag(rest));
    case 'lab':
      return labCommand(rest);
    case 'kubeconfig':
      process.stdout.write(`${dataFiles(dataDirFlag(rest)).kubeconfig}\n`);
      return 0;
    case 'start':
      return startCommand(rest);
    case 'tui':
      return tuiCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage + '\n');
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n${usage}`);
  }
}

export async function run(args: string[]): Promise<void> {
  try {
    const code = await dispatch(args);
    if (code !== 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`kubelab: ${err.message}\n`);
    else process.stderr.write(`kubelab: ${process.env.KUBELAB_DEBUG ? (err as Error).stack : (err as Error).message}\n`);
    process.exitCode = 1;
  }
}
