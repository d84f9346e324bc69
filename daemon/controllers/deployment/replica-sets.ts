/**
 * Pure arithmetic over a Deployment's ReplicaSets (k/k `pkg/controller/deployment/util`): which RS
 * is new and which are old, the orderings the controller walks them in, replica counts, maxSurge
 * and maxUnavailable, and the proportion each RS gets when a Deployment is scaled mid-rollout.
 * Nothing here does I/O; every function reads its arguments and returns a value.
 */
import type { KubeObject } from '../../../shared/api/meta.js';

export type Deployment = KubeObject;
export type ReplicaSet = KubeObject;

/** The label the controller adds to a ReplicaSet's selector, labels and pod template. */
export const podTemplateHashLabel = 'pod-template-hash';
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** Go's math.MaxInt32: a progressDeadlineSeconds or revisionHistoryLimit this large means "none". */
const maxInt32 = 2147483647;

export const specReplicas = (obj: Readonly<KubeObject> | undefined): number => obj?.spec?.replicas ?? 0;
const statusOf = (rs: Readonly<ReplicaSet>, field: string): number => rs.status?.[field] ?? 0;

export function isRollingUpdate(d: Readonly<Deployment>): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate';
}

export function hasProgressDeadline(d: Readonly<Deployment>): boolean {
  const seconds = d.spec?.progressDeadlineSeconds;
  return typeof seconds === 'number' && seconds !== maxInt32;
}

export function hasRevisionHistoryLimit(d: Readonly<Deployment>): boolean {
  const limit = d.spec?.revisionHistoryLimit;
  return typeof limit === 'number' && limit !== maxInt32;
}

/** intstr.GetScaledValueFromIntOrPercent: `25%` of total, rounded up or down; a plain number as is. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid value "${value}": must be an integer or percentage`);
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and if both come out 0,
 * maxUnavailable becomes 1 so that a rollout can always make progress.
 */
export function resolveFenceposts(d: Readonly<Deployment>): { surge: number; unavailable: number } {
  const rolling = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = specReplicas(d);
  const surge = scaledValue(rolling.maxSurge, desired, true);
  let unavailable = scaledValue(rolling.maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Readonly<Deployment>): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: Readonly<Deployment>): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, specReplicas(d));
}

/** ReplicaSetsByCreationTimestamp: older first, the name breaking ties. */
export function byCreation(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  return ta < tb ? -1 : 1;
}

/** ReplicaSetsBySizeOlder: larger first, older first among equals (scaling down). */
export function bySizeOlder(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  return specReplicas(a) === specReplicas(b) ? byCreation(a, b) : specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsBySizeNewer: larger first, newer first among equals (scaling up). */
export function bySizeNewer(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  return specReplicas(a) === specReplicas(b) ? byCreation(b, a) : specReplicas(b) - specReplicas(a);
}

export function revisionOf(rs: Readonly<KubeObject>): number {
  const value = rs.metadata.annotations?.[revisionAnnotation];
  const n = value === undefined ? 0 : Number(value);
  return Number.isInteger(n) ? n : 0;
}

/** ReplicaSetsByRevision: lower revision first, creation order breaking ties. */
export function byRevision(a: Readonly<ReplicaSet>, b: Readonly<ReplicaSet>): number {
  return revisionOf(a) === revisionOf(b) ? byCreation(a, b) : revisionOf(a) - revisionOf(b);
}

export function maxRevision(replicaSets: readonly Readonly<ReplicaSet>[]): number {
  return replicaSets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

export function activeReplicaSets<T extends Readonly<ReplicaSet>>(replicaSets: readonly (T | undefined)[]): T[] {
  return replicaSets.filter((rs): rs is T => rs !== undefined && specReplicas(rs) > 0);
}

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export function specReplicaCount(replicaSets: readonly (Readonly<ReplicaSet> | undefined)[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs ? specReplicas(rs) : 0), 0);
}

/** Sum of one status field: `replicas` (actual), `readyReplicas`, `availableReplicas`. */
export function statusReplicaCount(replicaSets: readonly (Readonly<ReplicaSet> | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return replicaSets.reduce((sum, rs) => sum + (rs ? statusOf(rs, field) : 0), 0);
}

/**
 * EqualIgnoreHash: two pod templates are the same if they differ only in the pod-template-hash
 * label. apimachinery's semantic equality treats a nil and an empty list or map alike, so empty
 * values are dropped before comparing.
 */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (template: unknown): unknown => {
    const copy = structuredClone(template) as KubeObject | undefined;
    if (copy?.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel];
    return normalize(copy);
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** Canonical JSON value: keys sorted; null, empty lists and empty maps left out. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (value === null || typeof value !== 'object') return value ?? undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = normalize((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** FindNewReplicaSet: the oldest RS whose template matches the Deployment's (several can after a hash change). */
export function findNewReplicaSet<T extends Readonly<ReplicaSet>>(d: Readonly<Deployment>, replicaSets: readonly T[]): T | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every RS but the new one (k/k also returns the subset with pods; callers filter). */
export function findOldReplicaSets<T extends Readonly<ReplicaSet>>(d: Readonly<Deployment>, replicaSets: readonly T[]): T[] {
  const newRS = findNewReplicaSet(d, replicaSets);
  return replicaSets.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/**
 * FindActiveOrLatest: the only RS with replicas, or the newest when none has any; undefined when
 * several have replicas (a rollout is under way and proportional scaling applies).
 */
export function findActiveOrLatest<T extends Readonly<ReplicaSet>>(newRS: T | undefined, oldRSs: readonly T[]): T | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 1) return active[0];
  if (active.length === 0) return newRS ?? newestFirst[0];
  return undefined;
}

export function desiredReplicasOf(rs: Readonly<ReplicaSet>): number | undefined {
  return intAnnotation(rs, desiredReplicasAnnotation);
}

function intAnnotation(rs: Readonly<ReplicaSet>, name: string): number | undefined {
  const value = rs.metadata.annotations?.[name];
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

/** IsSaturated: the new RS runs all desired replicas and all of them are available. */
export function isSaturated(d: Readonly<Deployment>, rs: Readonly<ReplicaSet> | undefined): boolean {
  if (!rs) return false;
  const desired = specReplicas(d);
  return desiredReplicasOf(rs) === desired && specReplicas(rs) === desired && statusOf(rs, 'availableReplicas') === desired;
}

/** NewRSNewReplicas: how far the new RS may grow now (bounded by maxSurge under RollingUpdate). */
export function newReplicaSetReplicas(d: Readonly<Deployment>, allRSs: readonly (Readonly<ReplicaSet> | undefined)[], newRS: Readonly<ReplicaSet>): number {
  if (!isRollingUpdate(d)) return specReplicas(d);
  const current = specReplicaCount(allRSs);
  const maxTotal = specReplicas(d) + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** Go's math.Round: halves away from zero (JavaScript's Math.round sends -2.5 to -2). */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * GetProportion: this RS's share of `toAdd` replicas, from its size relative to the Deployment
 * size recorded in its max-replicas annotation, never more than what remains to be added.
 */
export function proportionFor(rs: Readonly<ReplicaSet>, d: Readonly<Deployment>, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: Readonly<ReplicaSet>, d: Readonly<Deployment>): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  // Without the annotation, fall back to the Deployment's current size (k/k does the same).
  const annotated = intAnnotation(rs, maxReplicasAnnotation) ?? (d.status?.replicas ?? 0);
  if (annotated === 0) return 0; // Go would divide by zero here; never scale from nothing
  return roundHalfAway((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}
