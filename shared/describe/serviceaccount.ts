/**
 * `kubectl describe serviceaccount` (describe.go `describeServiceAccount`): image pull secrets,
 * mountable secrets and legacy token Secrets (those of type service-account-token annotated with
 * this account's name and uid), `(not found)` after a referenced Secret that does not exist, and
 * events. The headers are padded by hand, as kubectl pads them.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const secretsRef = { group: '', version: 'v1', resource: 'secrets' };

export interface ServiceAccountSecrets {
  tokens: string[];
  missing: Set<string>;
}

export function serviceAccountSecrets(account: KubeObject, secrets: readonly KubeObject[] | undefined): ServiceAccountSecrets {
  const result: ServiceAccountSecrets = { tokens: [], missing: new Set() };
  // kubectl tolerates a failed Secret list: nothing is then marked missing.
  if (!secrets) return result;
  const existing = new Set<string>();
  for (const secret of secrets) {
    if (secret.type === 'kubernetes.io/service-account-token') {
      const annotations = secret.metadata.annotations ?? {};
      if (annotations['kubernetes.io/service-account.name'] === account.metadata.name && annotations['kubernetes.io/service-account.uid'] === account.metadata.uid) {
        result.tokens.push(secret.metadata.name ?? '');
      }
    }
    existing.add(secret.metadata.name ?? '');
  }
  for (const ref of [...(account.secrets ?? []), ...(account.imagePullSecrets ?? [])]) {
    if (!existing.has(ref.name)) result.missing.add(ref.name);
  }
  return result;
}

export async function describeServiceAccountObject(client: ApiClient, account: KubeObject, now: number): Promise<string> {
  let secrets: KubeObject[] | undefined;
  try {
    secrets = (await client.list(secretsRef, account.metadata.namespace)).items;
  } catch (err) {
    void err; // describe still lists the referenced secrets, without `(not found)` marks
  }
  return describeServiceAccount(account, serviceAccountSecrets(account, secrets), await eventsFor(client, account, 'ServiceAccount'), now);
}

export function describeServiceAccount(account: Json, secrets: ServiceAccountSecrets, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${account.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(account.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', account.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', account.metadata.annotations);
    const emptyHeader = '                   ';
    // Sorted by header text, as kubectl walks them: image pull, mountable, tokens.
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (account.imagePullSecrets ?? []).map((s: Json) => str(s.name))],
      ['Mountable secrets: ', (account.secrets ?? []).map((s: Json) => str(s.name))],
      ['Tokens:            ', secrets.tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((name, i) => w.write(0, `${i === 0 ? header : emptyHeader}\t${name}${secrets.missing.has(name) ? ' (not found)' : ''}\n`));
    }
    describeEvents(events, w, now);
  });
}
