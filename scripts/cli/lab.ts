/**
 * `kubelab lab list|start|status|reset` — the guided labs of LABS.md against the running daemon,
 * as Killercoda's scenarios check each step with a verify script: here the checks are declared in
 * labs/*.yaml and evaluated through the API (shared/labs/), never by reading kubectl's output.
 * Progress lives in the cluster (ConfigMap kube-system/kubelab-labs), so it survives a restart of
 * the daemon and the TUI's lab panel sees the same ticks. `--lang ko|en`, default from LANG.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataFiles, defaultDataDir } from '../../daemon/config.js';
import { RealClock } from '../../shared/clock.js';
import { httpClientFromKubeconfig } from '../../shared/client/kubeconfig.js';
import { httpCheckEnvironment } from '../../shared/labs/http-environment.js';
import { labLanguage, labsDirectory, readLabs } from '../../shared/labs/lab-files.js';
import { currentStepIndex, readProgress } from '../../shared/labs/lab-progress.js';
import { advanceLab, resetLab, startLab } from '../../shared/labs/lab-session.js';
import type { Lab, Lang } from '../../shared/labs/lab-types.js';
import { UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';
import { cliWords, labListText, statusText, stepText } from './lab-text.js';

const usage = 'usage: kubelab lab list | start NAME | status [NAME] | reset NAME  [--lang ko|en] [--data DIR]';

/** `a`, `A`, `a-pods` and `a-pods.yaml` all name lab A. */
export function findLab(labs: Lab[], name: string): Lab {
  const id = name.toLowerCase().replace(/\.yaml$/, '').split('-')[0]!;
  const lab = labs.find((l) => l.id === id);
  if (!lab) throw new UsageError(`no lab named "${name}" (labs: ${labs.map((l) => l.id).join(', ')})`);
  return lab;
}

function connect(dataDir: string): ReturnType<typeof httpClientFromKubeconfig>['client'] {
  if (!runningDaemon(dataDir)) throw new UsageError(`no daemon is running for ${dataDir}; start one with \`kubelab up --detach\``);
  return httpClientFromKubeconfig(dataFiles(dataDir).kubeconfig).client;
}

export async function labCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string' }, data: { type: 'string' } } });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const [action, name, ...extra] = parsed.positionals;
  if (!action || extra.length > 0) throw new UsageError(usage);
  let lang: Lang;
  try {
    lang = labLanguage(parsed.values.lang, env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const labsDir = labsDirectory(env);
  const labs = readLabs(labsDir);
  const dataDir = parsed.values.data ? resolve(parsed.values.data) : defaultDataDir(env);
  const out = (text: string): void => void process.stdout.write(text);
  const clock = new RealClock();

  if (action === 'list') {
    let progress = { labs: {}, active: undefined } as Awaited<ReturnType<typeof readProgress>>;
    if (runningDaemon(dataDir)) {
      const client = connect(dataDir);
      try {
        progress = await readProgress(client);
      } finally {
        client.close();
      }
    }
    out(labListText(labs, progress.labs, progress.active, lang));
    return 0;
  }
  if (!['start', 'status', 'reset'].includes(action)) throw new UsageError(usage);
  if (action !== 'status' && !name) throw new UsageError(usage);
  // An unknown lab is reported before the daemon is looked for.
  const named = name ? findLab(labs, name) : undefined;
  const client = connect(dataDir);
  try {
    if (action === 'start') {
      const lab = named!;
      const { createdNamespace } = await startLab(lab, { client }, clock);
      out(`kubelab: lab ${lab.id} started${createdNamespace ? ` (namespace ${lab.namespace} created)` : ''}\n`);
      const progress = await readProgress(client);
      out(`${cliWords(lang).lab} ${lab.id.toUpperCase()}: ${lab.title[lang]}\n${cliWords(lang).goal}: ${lab.goal[lang]}\n`);
      const current = currentStepIndex(lab, progress.labs[lab.id]);
      if (current < lab.steps.length) out(stepText(lab, current, lang, labsDir));
      return 0;
    }
    if (action === 'reset') {
      const lab = named!;
      const done = await resetLab(lab, { client });
      out(`kubelab: lab ${lab.id} reset${done.length ? `: ${done.join(', ')}` : ''}\n`);
      return 0;
    }
    const progress = await readProgress(client);
    const lab = named ?? (progress.active ? findLab(labs, progress.active) : undefined);
    if (!lab) {
      out(`kubelab: ${cliWords(lang).none}\n`);
      return 1;
    }
    const advanced = await advanceLab(lab, httpCheckEnvironment(client, lab.namespace), clock, progress);
    out(statusText(lab, advanced.current, advanced.result, lang, labsDir));
    return 0;
  } finally {
    client.close();
  }
}
