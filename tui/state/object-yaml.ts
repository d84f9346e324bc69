/**
 * An object as `kubectl get -o yaml` prints it: keys sorted (kubectl turns JSON into YAML through
 * a map), sequences not indented under their key, long plain strings folded at 80 columns, and
 * go-yaml v2's quoting: strings YAML 1.1 would read as another type ("true", "1", "yes", dates)
 * in double quotes, strings that cannot be plain (`a: b`, `*`) in single quotes. As k9s does by
 * default, metadata.managedFields is hidden unless asked for.
 */
import { Document, visit } from 'yaml';
import type { KubeObject } from '../../shared/api/meta.js';

/** Plain scalars YAML 1.1 (go-yaml v2's resolver) would not read back as a string. */
const nonStringPlain: readonly RegExp[] = [
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|)$/,
  /^[-+]?(\d[\d_]*|0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+)$/,
  /^[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?$/,
  /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/,
  /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{1,2}(:\d{2})?)?)?$/,
];

export interface ObjectYamlOptions {
  showManagedFields?: boolean;
}

export function objectYaml(obj: Readonly<KubeObject>, options: ObjectYamlOptions = {}): string {
  let shown: Readonly<KubeObject> = obj;
  if (!options.showManagedFields && obj.metadata?.managedFields) {
    const { managedFields: _hidden, ...metadata } = obj.metadata;
    shown = { ...obj, metadata };
  }
  return kubectlYaml(shown);
}

/** Any JSON value (an object, a Secret's decoded data) in kubectl's YAML: sorted keys, go-yaml v2 quoting. */
export function kubectlYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && nonStringPlain.some((pattern) => pattern.test(node.value as string))) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true });
}
