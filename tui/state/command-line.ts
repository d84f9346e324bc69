/**
 * Parses what the learner types after `:` (k9s' command mode): `po`, `deploy`, `pod kube-system`,
 * `pod app=web`, `pod -A`, `map`, `xray deploy`, `rules node1`, `help`, `q`. Resources resolve
 * through the one alias table (aliases.ts). Bad input comes back as a one-line error for the flash.
 */
import { parseLabelSelector } from '../../shared/labels.js';
import { resolveAlias } from './aliases.js';
import { refOf, type ViewSpec } from './navigation.js';

export type CommandResult = { type: 'view'; view: ViewSpec } | { type: 'quit' } | { type: 'error'; message: string };

/** `app=web`, `tier!=db`, `env in (a,b)`, `!canary`: a label selector rather than a namespace. */
function looksLikeSelector(word: string): boolean {
  return /[=!()]/.test(word) || /\s(in|notin)\s/.test(word);
}

/** `currentNamespace` undefined means all namespaces. */
export function parseCommandLine(input: string, currentNamespace: string | undefined): CommandResult {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const [head, ...args] = words;
  if (!head) return { type: 'error', message: 'no command given' };
  const name = head.toLowerCase();
  if (['q', 'q!', 'quit', 'qa', 'exit'].includes(name)) return { type: 'quit' };
  if (name === 'help' || name === '?') return { type: 'view', view: { type: 'help' } };
  if (name === 'map') return { type: 'view', view: { type: 'map' } };
  if (name === 'lab' || name === 'labs') return { type: 'view', view: { type: 'lab' } };
  if (name === 'rules') {
    return args[0] ? { type: 'view', view: { type: 'rules', node: args[0] } } : { type: 'error', message: 'usage: :rules NODE' };
  }
  if (name === 'xray') {
    const info = args[0] ? resolveAlias(args[0]) : undefined;
    if (!info) return { type: 'error', message: args[0] ? `xray: unknown resource "${args[0]}"` : 'usage: :xray RESOURCE [NAMESPACE]' };
    return { type: 'view', view: { type: 'xray', ref: refOf(info), namespace: args[1] ?? currentNamespace } };
  }
  const resource = resolveAlias(name);
  if (!resource) return { type: 'error', message: `unknown command "${head}"` };
  let namespace = currentNamespace;
  const selectors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-A' || arg === 'all' || arg === '--all-namespaces') namespace = undefined;
    else if (arg === '-n' || arg === '--namespace') namespace = args[++i];
    else if (arg === '-l' || arg === '--selector') selectors.push(args[++i] ?? '');
    else if (looksLikeSelector(arg)) selectors.push(arg);
    else namespace = arg;
  }
  const labelSelector = selectors.join(',') || undefined;
  if (labelSelector) {
    try {
      parseLabelSelector(labelSelector);
    } catch (err) {
      return { type: 'error', message: `bad label selector "${labelSelector}": ${(err as Error).message}` };
    }
  }
  return { type: 'view', view: { type: 'table', resource, namespace: resource.namespaced ? namespace : undefined, labelSelector } };
}
