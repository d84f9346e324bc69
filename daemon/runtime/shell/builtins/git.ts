/**
 * A simulated `git` (the alpine/git image's entrypoint) that knows `clone` and `--version`: a
 * clone prints `Cloning into 'dir'...` on stderr, as git does without a terminal (the progress
 * lines need one), and creates the directory with a `.git` folder and the work tree, as if the
 * remote were reachable (the simulated cluster has no internet): the repositories the labs clone
 * look as they do on GitHub (git-repositories.ts), any other gets a README. An existing non-empty target fails as git does (exit 128). Other
 * subcommands say `git: 'x' is not a git command.`
 */
import { baseName, joinPath } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';
import { errnoOf, resolve } from './common.js';
import { knownRepositories, repositoryKey, type KnownRepository } from './git-repositories.js';

export const gitVersion = '2.45.2';

export const gitProgram: Program = async (ctx) => {
  const [command, ...args] = ctx.argv.slice(1);
  if (command === '--version' || command === 'version') {
    ctx.stdout(`git version ${gitVersion}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === 'help') {
    ctx.stdout('usage: git [-v | --version] [-h | --help] [-C <path>] [-c <name>=<value>]\n           <command> [<args>]\n');
    return command === undefined ? 1 : 0;
  }
  if (command === 'clone') return clone(ctx, args);
  ctx.stderr(`git: '${command}' is not a git command. See 'git --help'.\n`);
  return 1;
};

async function clone(ctx: ProcessContext, args: string[]): Promise<number> {
  const operands = args.filter((a, i) => !a.startsWith('-') && !['--branch', '-b', '--depth', '--origin', '-o'].includes(args[i - 1] ?? ''));
  const [repository, target] = operands;
  if (repository === undefined) {
    ctx.stderr('fatal: You must specify a repository to clone.\n\nusage: git clone [<options>] [--] <repo> [<dir>]\n');
    return 129;
  }
  const name = target ?? baseName(repository.replace(/\/+$/, '')).replace(/\.git$/, '');
  const path = resolve(ctx, name);
  const existing = ctx.fs.stat(path);
  if (existing && (existing.type !== 'dir' || ctx.fs.readdir(path).length > 0)) {
    ctx.stderr(`fatal: destination path '${name}' already exists and is not an empty directory.\n`);
    return 128;
  }
  if (!/^(https?|git|ssh):\/\/|^[\w.-]+@[\w.-]+:/.test(repository)) {
    ctx.stderr(`fatal: repository '${repository}' does not exist\n`);
    return 128;
  }
  ctx.stderr(`Cloning into '${name}'...\n`);
  try {
    const known = knownRepositories.get(repositoryKey(repository));
    const branch = known?.branch ?? 'main';
    ctx.fs.mkdir(path, { recursive: true });
    ctx.fs.mkdir(joinPath(path, '.git'));
    ctx.fs.writeFile(joinPath(path, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
    ctx.fs.writeFile(joinPath(path, '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n[remote "origin"]\n\turl = ${repository}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "${branch}"]\n\tremote = origin\n\tmerge = refs/heads/${branch}\n`);
    if (known) checkOut(ctx, path, known);
    else ctx.fs.writeFile(joinPath(path, 'README.md'), `# ${baseName(path)}\n`);
  } catch (error) {
    ctx.stderr(`fatal: could not create work tree dir '${name}': ${errnoOf(error)}\n`);
    return 128;
  }
  return 0;
}

/** Writes a known repository's work tree under path. */
function checkOut(ctx: ProcessContext, path: string, repository: KnownRepository): void {
  for (const dir of repository.dirs) ctx.fs.mkdir(joinPath(path, dir), { recursive: true });
  for (const file of repository.emptyFiles) ctx.fs.writeFile(joinPath(path, file), '');
  for (const [file, content] of Object.entries(repository.files)) ctx.fs.writeFile(joinPath(path, file), content);
}
