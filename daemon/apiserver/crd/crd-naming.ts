/**
 * apiextensions' naming controller decision (NamingConditionController.calculateNamesAndConditions):
 * which of a CRD's requested names it may have, given the names the other CRDs of its group have
 * already been granted. A plural, singular or short name another CRD of the group accepted, or a
 * kind or list kind it accepted, is refused with `"crontabs" is already in use`, and the CRD gets
 * `NamesAccepted=False` (reason PluralConflict, SingularConflict, ShortNamesConflict, KindConflict
 * or ListKindConflict, the last one found winning, as the real controller checks them in that
 * order) and stays not Established, so it is not served. Names it already holds stay its own.
 * Leaves out: built-in resources of the same group, which the real controller does not look at
 * either (there the built-in handler simply answers first).
 */
import type { KubeObject } from '../../../shared/api/meta.js';

type Json = Record<string, any>;

export interface NamingCondition {
  type: 'NamesAccepted' | 'Established';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface NamingResult {
  acceptedNames: Json;
  namesAccepted: NamingCondition;
  /** The Established condition to write while names are refused; undefined when they are all accepted. */
  notEstablished?: NamingCondition;
}

/** equalToAcceptedOrFresh: a name is fine if it is already ours or nobody in the group has it. */
function conflictOf(requested: string | undefined, accepted: string | undefined, used: ReadonlySet<string>): string | undefined {
  if (requested === accepted || requested === undefined || !used.has(requested)) return undefined;
  return `"${requested}" is already in use`;
}

/** The names and conditions the naming controller gives `crd`, with `others` the rest of the CRDs. */
export function calculateNames(crd: KubeObject, others: readonly KubeObject[]): NamingResult {
  const group = crd.spec?.group;
  const usedResources = new Set<string>();
  const usedKinds = new Set<string>();
  for (const other of others) {
    if (other.spec?.group !== group || other.metadata.name === crd.metadata.name) continue;
    const names: Json = other.status?.acceptedNames ?? {};
    for (const name of [names.plural, names.singular, ...(names.shortNames ?? [])]) if (name) usedResources.add(name);
    for (const kind of [names.kind, names.listKind]) if (kind) usedKinds.add(kind);
  }
  const requested: Json = crd.spec?.names ?? {};
  const accepted: Json = crd.status?.acceptedNames ?? {};
  const next: Json = structuredClone(accepted);
  let conflict: { reason: string; message: string } | undefined;
  const check = (field: string, reason: string, used: ReadonlySet<string>): void => {
    const message = conflictOf(requested[field], accepted[field], used);
    if (message) conflict = { reason, message };
    else if (requested[field] !== undefined) next[field] = requested[field];
  };
  check('plural', 'PluralConflict', usedResources);
  check('singular', 'SingularConflict', usedResources);
  if (JSON.stringify(requested.shortNames ?? []) !== JSON.stringify(accepted.shortNames ?? [])) {
    const own = new Set<string>(accepted.shortNames ?? []);
    const errors = (requested.shortNames ?? []).filter((s: string) => !own.has(s)).map((s: string) => conflictOf(s, '', usedResources)).filter(Boolean) as string[];
    // An aggregate of one error prints as that error; of several, as `[a, b]`.
    if (errors.length > 0) conflict = { reason: 'ShortNamesConflict', message: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
    else if (requested.shortNames !== undefined) next.shortNames = requested.shortNames;
  }
  check('kind', 'KindConflict', usedKinds);
  check('listKind', 'ListKindConflict', usedKinds);
  if (requested.categories !== undefined) next.categories = requested.categories;
  else delete next.categories;
  if (!conflict) {
    return { acceptedNames: next, namesAccepted: { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' } };
  }
  return {
    acceptedNames: next,
    namesAccepted: { type: 'NamesAccepted', status: 'False', ...conflict },
    notEstablished: { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
  };
}
