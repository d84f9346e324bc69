/**
 * The lab panel's model, plain TS: which lab is active (from the progress ConfigMap), its current
 * step and what that step's check found. `refresh()` is called on every (throttled) watch change;
 * it evaluates the current step through shared/labs/lab-session.ts, which ticks passed steps into
 * the cluster's progress, the same ticks `kubelab lab status` records. One evaluation runs at a
 * time; a change during one schedules exactly one more. A check that throws is shown as
 * "cannot check", and a failed read as an error line: nothing here throws into React.
 */
import type { ApiClient } from '../../shared/client/client.js';
import type { Clock } from '../../shared/clock.js';
import { httpCheckEnvironment } from '../../shared/labs/http-environment.js';
import { readProgress } from '../../shared/labs/lab-progress.js';
import { advanceLab } from '../../shared/labs/lab-session.js';
import type { CheckResult, Lab } from '../../shared/labs/lab-types.js';

/** How long a step may stay current before its hint shows. */
export const hintAfterMs = 60_000;

export interface LabSnapshot {
  lab?: Lab;
  /** Index of the current step (lab.steps.length when done). */
  current: number;
  result?: CheckResult;
  /** When the current step became current (cluster clock, ms). */
  since: number;
  /** Ids ticked by the last evaluations, for the "just passed" highlight. */
  justTicked: string[];
  error?: string;
  loaded: boolean;
}

export class LabTracker {
  snapshot: LabSnapshot = { current: 0, since: 0, justTicked: [], loaded: false };
  private running = false;
  private again = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: { labs: Lab[]; client: ApiClient; clock: Clock }) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Evaluates again; resolves when this (or the queued) evaluation is done. */
  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        this.publish(await this.evaluate());
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async evaluate(): Promise<LabSnapshot> {
    const { labs, client, clock } = this.options;
    try {
      const progress = await readProgress(client);
      const lab = labs.find((l) => l.id === progress.active);
      if (!lab) return { current: 0, since: 0, justTicked: [], loaded: true };
      const advanced = await advanceLab(lab, httpCheckEnvironment(client, lab.namespace), clock, progress);
      const justTicked = advanced.ticked.length > 0 ? advanced.ticked : this.snapshot.lab === lab ? this.snapshot.justTicked : [];
      return { lab, current: advanced.current, result: advanced.result, since: advanced.progress.labs[lab.id]?.stepSince ?? clock.now(), justTicked, loaded: true };
    } catch (err) {
      return { ...this.snapshot, error: err instanceof Error ? err.message : String(err), loaded: true };
    }
  }

  private publish(snapshot: LabSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}
