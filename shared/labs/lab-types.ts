/**
 * The shape of a guided lab (labs/<id>-<topic>.yaml) once loaded and validated: texts in English
 * and Korean, steps with suggested commands and manifests, and one declarative check per step,
 * evaluated against the cluster through the ApiClient (lab-checks.ts), never against kubectl's
 * output. Killercoda's scenarios pair each step with a verify script; here the verification is
 * data, so that a lab file can be validated at load and a check explained when it fails.
 */

export type Lang = 'en' | 'ko';

/** A text in both languages the labs are written in. */
export type LocalText = Record<Lang, string>;

/** A value a field matcher compares with; `{exists: bool}` asks only whether the field is set. */
export type FieldValue = string | number | boolean | { exists: boolean };

/** Checks as the lab file spells them, one key naming the kind. */
export type Check =
  | { type: 'objectExists'; kind: string; name?: string; namespace?: string; selector?: string; count?: number; fields?: Record<string, FieldValue> }
  | { type: 'objectAbsent'; kind: string; name: string; namespace?: string }
  | { type: 'podPhase'; name?: string; selector?: string; phase: string; count?: number; namespace?: string }
  | { type: 'podsReady'; selector: string; count: number; namespace?: string }
  | { type: 'containerState'; pod?: string; selector?: string; container?: string; reason: string; minRestarts?: number; namespace?: string }
  | { type: 'eventWithReason'; reason: string; kind?: string; name?: string; messageContains?: string; namespace?: string }
  | { type: 'serviceAnswers'; service: string; text: string; namespace?: string }
  | { type: 'nodeCondition'; node: string; condition: string; status: string }
  | { type: 'logsContain'; pod?: string; selector?: string; container?: string; text: string[]; namespace?: string }
  | { type: 'allOf'; checks: Check[] };

export type CheckType = Check['type'];

export interface LabStep {
  /** Stable within the lab: progress records step ids, so steps can be reworded or inserted. */
  id: string;
  title: LocalText;
  text: LocalText;
  /** Commands to type, as shown; `{manifests}` stands for the lab manifests' directory. */
  commands: string[];
  /** Files of labs/manifests/ the step applies. */
  manifests: string[];
  hint?: LocalText;
  check: Check;
}

export interface Lab {
  /** One letter, as LABS.md names them: `a` … `k`. */
  id: string;
  title: LocalText;
  goal: LocalText;
  /** The lab's own namespace (`lab-a`): checks default to it, reset deletes it. */
  namespace: string;
  /** false when creating the namespace is a step of the lab (J). */
  createNamespace: boolean;
  steps: LabStep[];
  /** The file it came from, for messages. */
  file: string;
}

/** The label put on everything `kubelab lab start` creates, so that reset removes only that. */
export const labLabel = 'kubelab.dev/lab';

/** What a check found: passed, not yet (with what is missing), or could not be evaluated. */
export type CheckResult = { state: 'passed' } | { state: 'waiting'; reason: string } | { state: 'cannot-check'; reason: string };
