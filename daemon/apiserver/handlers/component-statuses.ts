/**
 * `kubectl get componentstatuses` (`cs`): the apiserver's read-only view of the health of the
 * control plane's parts, deprecated since v1.19 and answered with the deprecation warning a real
 * v1.32 apiserver sends. In kubelab the scheduler, the controllers and the store live in the same
 * process as the API server, so while it answers they are all up: every component is Healthy, `ok`.
 * Nothing is stored; there are no watches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, notFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { sendJson } from './respond.js';
import { parseIncludeObject, tableOf, wantsTable } from './table.js';

/** The Warning header text of every componentstatuses request (the API's deprecation notice). */
export const componentStatusWarning = 'v1 ComponentStatus is deprecated in v1.19+';

/** In the order a v1.28+ kubeadm cluster lists them (kubernetes/kubernetes#128594). */
const componentNames = ['controller-manager', 'scheduler', 'etcd-0'];

export function componentStatuses(): KubeObject[] {
  return componentNames.map((name) => ({
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    // Generated on each request: Go marshals the zero creationTimestamp as null.
    metadata: { name, creationTimestamp: null as unknown as string },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
  }));
}

export function serveComponentStatuses(info: ResourceInfo, name: string | undefined, req: IncomingMessage, res: ServerResponse, url: URL, now: number): void {
  // get and list only: no watch verb, so `kubectl get cs -w` gets the apiserver's 405.
  const watch = url.searchParams.get('watch');
  if ((req.method !== 'GET' && req.method !== 'HEAD') || watch === 'true' || watch === '1') throw methodNotAllowed();
  const warnings = [componentStatusWarning];
  const all = componentStatuses();
  const objects = name === undefined ? all : all.filter((s) => s.metadata.name === name);
  if (name !== undefined && objects.length === 0) throw notFound({ group: '', resource: 'componentstatuses' }, name);
  if (wantsTable(req.headers.accept)) {
    return sendJson(res, 200, tableOf(info, objects, now, parseIncludeObject(url.searchParams.get('includeObject'))), warnings);
  }
  if (name !== undefined) return sendJson(res, 200, objects[0], warnings);
  sendJson(res, 200, { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items: objects }, warnings);
}
