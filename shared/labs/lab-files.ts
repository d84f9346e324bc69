/**
 * Finds and reads the lab files shipped with kubelab (labs/*.yaml at the project root, manifests
 * in labs/manifests/) for the CLI and the TUI. The one file of shared/labs that touches the disk:
 * the loader and the checks stay pure. The directory is found by walking up from this module, so
 * the same code works from the sources (tsx) and from dist/; KUBELAB_LABS points elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLab } from './lab-loader.js';
import type { Lab, Lang } from './lab-types.js';

export function labsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBELAB_LABS) return env.KUBELAB_LABS;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'labs');
    if (existsSync(join(candidate, 'manifests'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kubelab: cannot find the labs/ directory of the project');
    dir = parent;
  }
}

/** Every lab, sorted by id; throws the first LabLoadError (file:line: reason). */
export function readLabs(directory: string = labsDirectory()): Lab[] {
  const manifests = join(directory, 'manifests');
  const root = dirname(directory);
  return readdirSync(directory)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadLab(readFileSync(join(directory, f), 'utf8'), relative(root, join(directory, f)) || f, { manifestExists: (name) => existsSync(join(manifests, name)) }));
}

/** A step's command as the learner types it: `{manifests}` becomes the manifests' directory. */
export function renderCommand(command: string, directory: string = labsDirectory()): string {
  return command.replaceAll('{manifests}', join(directory, 'manifests'));
}

/** `--lang` wins; else LANG/LC_ALL starting with `ko` means Korean; English otherwise. */
export function labLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'ko' || flag === 'en') return flag;
  if (flag !== undefined) throw new Error(`--lang must be ko or en, not "${flag}"`);
  return /^ko/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'ko' : 'en';
}
