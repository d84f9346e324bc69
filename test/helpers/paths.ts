/**
 * The repository root and paths inside it, the same whether a test runs from test/ (tsx) or from
 * the compiled dist/test/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'daemon')))) {
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot();

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}
