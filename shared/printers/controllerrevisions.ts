/**
 * `kubectl get controllerrevisions`: NAME CONTROLLER REVISION AGE. CONTROLLER is the controlling
 * owner as `lowercase(kind.group)/name` (`daemonset.apps/fluentd`), or `<none>`.
 */
import { parseApiVersion } from '../api/meta.js';
import { age, ageColumn, column, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const controllerRevisionPrinter: Printer = {
  columns: [nameColumn(), column('Controller', 'string', 'Controller of the object'), column('Revision', 'string', apiDocs['ControllerRevision.revision']), ageColumn],
  cells(revision, now) {
    const owner = (revision.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
    let controller = '<none>';
    if (owner) {
      const { group } = parseApiVersion(owner.apiVersion);
      const groupKind = group ? `${owner.kind}.${group}` : owner.kind;
      controller = groupKind ? `${groupKind.toLowerCase()}/${owner.name}` : owner.name;
    }
    return [revision.metadata.name ?? '', controller, count(revision.revision), age(revision, now)];
  },
};
