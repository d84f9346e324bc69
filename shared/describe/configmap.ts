/**
 * `kubectl describe configmap` (describe.go ConfigMapDescriber): every data key with its value
 * under a `----` rule, the BinaryData sizes, events. Go walks the data maps in random order;
 * this prints keys sorted, one of the orders kubectl may print.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { sortedKeys, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeConfigMapObject(client: ApiClient, configMap: KubeObject, now: number): Promise<string> {
  return describeConfigMap(configMap, await eventsFor(client, configMap, 'ConfigMap'), now);
}

/** Decoded length of base64 text (BinaryData arrives base64-encoded in JSON). */
export function base64Length(text: string): number {
  const clean = text.replace(/[^A-Za-z0-9+/=_-]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

export function describeConfigMap(configMap: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${configMap.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(configMap.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', configMap.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', configMap.metadata.annotations);
    w.write(0, '\nData\n====\n');
    for (const key of sortedKeys(configMap.data)) {
      w.write(0, `${key}:\n----\n`);
      w.write(0, `${str(configMap.data[key])}\n`);
      w.write(0, '\n');
    }
    w.write(0, '\nBinaryData\n====\n');
    for (const key of sortedKeys(configMap.binaryData)) w.write(0, `${key}: ${base64Length(str(configMap.binaryData[key]))} bytes\n`);
    w.write(0, '\n');
    describeEvents(events, w, now);
  });
}
