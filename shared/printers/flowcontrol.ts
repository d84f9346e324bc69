/**
 * `kubectl get flowschemas` (NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE
 * MISSINGPL, rows in matching order: precedence, then name, as printFlowSchemaList sorts them) and
 * `kubectl get prioritylevelconfigurations` (NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE
 * QUEUELENGTHLIMIT AGE, `<none>` where the level has no such limit).
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

/** FlowSchemaSequence: lower matchingPrecedence first, then by name. */
export function sortFlowSchemas(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort((a, b) => {
    const byPrecedence = (a.spec?.matchingPrecedence ?? 0) - (b.spec?.matchingPrecedence ?? 0);
    if (byPrecedence !== 0) return byPrecedence;
    const [x, y] = [a.metadata.name ?? '', b.metadata.name ?? ''];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export const flowSchemaPrinter: Printer = {
  columns: [
    nameColumn(),
    column('PriorityLevel', 'string', apiDocs['PriorityLevelConfigurationReference.name']),
    column('MatchingPrecedence', 'string', apiDocs['FlowSchemaSpec.matchingPrecedence']),
    column('DistinguisherMethod', 'string', apiDocs['FlowSchemaSpec.distinguisherMethod']),
    ageColumn,
    column('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  cells(fs, now) {
    const dangling = (fs.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Dangling');
    return [
      fs.metadata.name ?? '',
      fs.spec?.priorityLevelConfiguration?.name ?? '',
      fs.spec?.matchingPrecedence ?? 0,
      fs.spec?.distinguisherMethod ? (fs.spec.distinguisherMethod.type ?? '') : '<none>',
      age(fs, now),
      dangling ? (dangling.status ?? '') : '?',
    ];
  },
  sortRows: sortFlowSchemas,
};

export const priorityLevelConfigurationPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', apiDocs['PriorityLevelConfigurationSpec.type']),
    column('NominalConcurrencyShares', 'string', apiDocs['LimitedPriorityLevelConfiguration.nominalConcurrencyShares']),
    column('Queues', 'string', apiDocs['QueuingConfiguration.queues']),
    column('HandSize', 'string', apiDocs['QueuingConfiguration.handSize']),
    column('QueueLengthLimit', 'string', apiDocs['QueuingConfiguration.queueLengthLimit']),
    ageColumn,
  ],
  cells(pl, now) {
    const limited = pl.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    return [
      pl.metadata.name ?? '',
      pl.spec?.type ?? '',
      limited ? (limited.nominalConcurrencyShares ?? 0) : '<none>',
      queuing ? (queuing.queues ?? 0) : '<none>',
      queuing ? (queuing.handSize ?? 0) : '<none>',
      queuing ? (queuing.queueLengthLimit ?? 0) : '<none>',
      age(pl, now),
    ];
  },
};
