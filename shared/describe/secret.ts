/**
 * `kubectl describe secret` (describe.go `describeSecret`): type, then each data key with its
 * size in bytes, never its value, except the token of a service-account-token Secret. No events:
 * kubectl does not look them up for Secrets. Keys are sorted where Go's map order is random.
 */
import type { KubeObject } from '../api/meta.js';
import { base64Length } from './configmap.js';
import { sortedKeys, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function decodeBase64(text: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

export function describeSecret(secret: Json): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${secret.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(secret.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(0, `\nType:\t${str(secret.type)}\n`);
    w.write(0, '\nData\n====\n');
    for (const key of sortedKeys(secret.data)) {
      const value = str(secret.data[key]);
      if (key === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(0, `${key}:\t${decodeBase64(value)}\n`);
      else w.write(0, `${key}:\t${base64Length(value)} bytes\n`);
    }
  });
}

export function describeSecretObject(secret: KubeObject): string {
  return describeSecret(secret);
}
