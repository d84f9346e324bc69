/**
 * Watch over chunked HTTP (reference/kubectl-compat.md §7): one JSON event per line, flushed as it
 * happens; Table-encoded events for `kubectl get -w` (column definitions on the first event only);
 * BOOKMARK events when asked; `timeoutSeconds`; an ERROR event with 410 Expired when the
 * resourceVersion is older than the window, after which the stream ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { internalError, isExpired, type StatusError } from '../../../shared/api/errors.js';
import { logger } from '../../../shared/log.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { formatApiVersion } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { Timer } from '../../../shared/clock.js';
import { openWatch } from '../registry/watch-source.js';
import type { StoredEntry } from '../../store/store.js';
import type { RestDeps } from './rest.js';
import { parseIncludeObject, tableOf, wantsTable } from './table.js';

const log = logger('apiserver');
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

  // Open (and so validate) the watch before answering: a bad selector or resourceVersion is a plain
  // 400/504 Status, as on a real server; only "too old" (410) comes as an ERROR event in the stream.
  let lastRevision = deps.registry.store.notifiedRevision;
  const early: string[] = [];
  let streaming = false;
  const send = (line: string): void => {
    if (streaming) res.write(line);
    else early.push(line);
  };
  const options = {
    resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
    labelSelector: url.searchParams.get('labelSelector') ?? undefined,
    fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
  };
  try {
    watch = openWatch(deps.registry, info, namespace, options, (type, entry) => {
      if (closed) return;
      lastRevision = Math.max(lastRevision, entry.revision);
      send(encode(type, entry));
    }, (err) => {
      log.error('watch ended by an error', { resource: info.resource, error: (err as Error)?.stack ?? String(err) });
      send(JSON.stringify({ type: 'ERROR', object: internalError((err as Error)?.message ?? String(err)).status }) + '\n');
      finish();
    }, finish);
  } catch (err) {
    if (!isExpired(err)) {
      closed = true;
      throw err;
    }
    startStream();
    res.write(JSON.stringify({ type: 'ERROR', object: (err as StatusError).status }) + '\n');
    finish();
    return;
  }
  startStream();

  function startStream(): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    streaming = true;
    for (const line of early.splice(0)) res.write(line);
  }

  const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
  const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : defaultMinTimeoutMs * (1 + Math.random());
  timers.push(clock.after(timeoutMs, finish));
  if (url.searchParams.get('allowWatchBookmarks') === 'true') {
    timers.push(
      clock.every(bookmarkIntervalMs, () => {
        // The newest revision every watcher has been sent, so a quiet filtered watch moves forward too.
        lastRevision = Math.max(lastRevision, deps.registry.store.notifiedRevision);
        const object = { kind: info.kind, apiVersion: formatApiVersion(info.group, info.version), metadata: { resourceVersion: String(lastRevision) } };
        res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
      }),
    );
  }
}
