/**
 * Writing responses: JSON bodies (pre-serialised where the store already holds the JSON), Status
 * errors, and the `Warning: 299` headers kubectl prints on stderr. As kube-apiserver's
 * isPrettyPrint, JSON is indented for `?pretty=true` and for curl, Wget and browsers (what a
 * learner sees from `curl https://kubernetes.default.svc/...` in a pod).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Status } from '../../../shared/api/meta.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, warnings: string[] = [], contentType = 'application/json'): void {
  let text = typeof body === 'string' ? body : JSON.stringify(body);
  if (contentType.startsWith('application/json') && isPrettyPrint(res.req)) text = indentJson(text);
  const headers: Record<string, string | string[]> = { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' };
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code ?? 500, status);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** isPrettyPrint: the `pretty` parameter if given (strconv.ParseBool; unparsable is false), else the User-Agent. */
function isPrettyPrint(req: IncomingMessage | undefined): boolean {
  if (!req) return false;
  const query = req.url?.indexOf('?') ?? -1;
  if (query >= 0 && req.url!.includes('pretty', query)) {
    const pretty = new URLSearchParams(req.url!.slice(query + 1)).get('pretty');
    if (pretty) return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(pretty);
  }
  const agent = req.headers['user-agent'] ?? '';
  return agent.startsWith('curl') || agent.startsWith('Wget') || agent.startsWith('Mozilla/5.0');
}

/**
 * json.MarshalIndent's layout (two spaces, `"key": value`, `{}` and `[]` kept empty, no final
 * newline) applied to JSON text, token by token so the escapes kubelab wrote stay as written.
 */
export function indentJson(json: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (ch === '"') {
      // Copy the whole string, escapes included.
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
    } else if (ch === '{' || ch === '[') {
      let j = i + 1;
      while (json[j] === ' ' || json[j] === '\n' || json[j] === '\t' || json[j] === '\r') j++;
      if (json[j] === (ch === '{' ? '}' : ']')) {
        out += ch + json[j];
        i = j;
      } else {
        out += `${ch}\n${'  '.repeat(++depth)}`;
      }
    } else if (ch === '}' || ch === ']') out += `\n${'  '.repeat(--depth)}${ch}`;
    else if (ch === ',') out += `,\n${'  '.repeat(depth)}`;
    else if (ch === ':') out += ': ';
    else if (ch !== ' ' && ch !== '\n' && ch !== '\t' && ch !== '\r') out += ch;
  }
  return out;
}
