/**
 * Watch over chunked HTTP (reference/kubectl-compat.md §7): one JSON event per line, flushed as it
 * happens; Table-encoded events for `kubectl get -w` (column definitions on the first event only);
 * BOOKMARK events when asked; `timeoutSeconds`; an ERROR event with 410 Expired when the
 * resourceVersion is older than the window, after which the stream ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isStatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { formatApiVersion } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { Timer } from '../../../shared/clock.js';
import { openWatch } from '../registry/watch-source.js';
import type { StoredEntry } from '../../store/store.js';
import type { RestDeps } from './rest.js';
import { parseIncludeObject, tableOf, wantsTable } from './table.js';

const bookmarkIntervalMs = 60_000;
/** Without timeoutSeconds a real apiserver ends a watch after a random 30-60 minutes. */
const defaultMinTimeoutMs = 30 * 60_000;

export function serveWatch(deps: RestDeps, info: ResourceInfo, namespace: string | undefined, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const clock = deps.registry.options.clock;
  const asTable = wantsTable(req.headers.accept);
  const includeObject = parseIncludeObject(url.searchParams.get('includeObject'));
  let sentHeaders = false;
  const encode = (type: string, entry: StoredEntry): string => {
    if (!asTable) return `{"type":"${type}","object":${entry.json}}\n`;
    const table = tableOf(info, [entry.object as KubeObject], deps.now(), includeObject, String(entry.revision), sentHeaders);
    sentHeaders = true;
    return JSON.stringify({ type, object: table }) + '\n';
  };

  const timers: Timer[] = [];
  let closed = false;
  let watch: { cancel(): void } | undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    watch?.cancel();
    for (const t of timers) t.cancel();
    res.end();
  };
  req.on('close', finish);
  res.on('error', finish);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let lastRevision = deps.registry.store.revision;
  try {
    watch = openWatch(deps.registry, info, namespace, {
      resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
      labelSelector: url.searchParams.get('labelSelector') ?? undefined,
      fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
    }, (type, entry) => {
      if (closed) return;
      lastRevision = Math.max(lastRevision, entry.revision);
      res.write(encode(type, entry));
    });
  } catch (err) {
    if (!isStatusError(err)) throw err;
    res.write(JSON.stringify({ type: 'ERROR', object: err.status }) + '\n');
    finish();
    return;
  }

  const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
  const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : defaultMinTimeoutMs * (1 + Math.random());
  timers.push(clock.after(timeoutMs, finish));
  if (url.searchParams.get('allowWatchBookmarks') === 'true') {
    timers.push(
      clock.every(bookmarkIntervalMs, () => {
        const object = { kind: info.kind, apiVersion: formatApiVersion(info.group, info.version), metadata: { resourceVersion: String(lastRevision) } };
        res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
      }),
    );
  }
}
