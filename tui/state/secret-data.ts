/**
 * A Secret's data decoded for k9s' `x` (its "Secret Decoder"): each key of `data` with its value
 * base64-decoded, printed as a YAML map with sorted keys. This is the only place the TUI turns a
 * Secret's values into plain text; describe keeps `key:  N bytes` and YAML keeps the base64, as
 * kubectl does. Leaves out k9s' `!!binary` tag for values that are not UTF-8 (go-yaml's way):
 * they show as `<binary N bytes>`, which says what they are without printing raw bytes.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { kubectlYaml } from './object-yaml.js';

/** Fatal: a byte sequence that is not UTF-8 throws instead of turning into U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One decoded value: its text, or `<binary N bytes>` when its bytes are not UTF-8 text. */
export function decodedValue(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  try {
    return utf8.decode(bytes);
  } catch (err) {
    // TextDecoder's only failure here is malformed UTF-8 (a TypeError): the value is binary.
    if (!(err instanceof TypeError)) throw err;
    return `<binary ${bytes.length} bytes>`;
  }
}

/** `data` with every value decoded (stringData is never stored: the apiserver folds it into data). */
export function decodedSecretData(secret: Readonly<KubeObject>): Record<string, string> {
  const data: Record<string, unknown> = secret.data ?? {};
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) decoded[key] = decodedValue(String(value ?? ''));
  return decoded;
}

/**
 * The decoded data as YAML, as k9s prints it: `key: value`, multi-line values (a certificate, a
 * config file) as `|` blocks, control characters escaped in double quotes (so a value cannot
 * move the cursor or recolour the screen), `{}` for a Secret without data.
 */
export function decodedSecretYaml(secret: Readonly<KubeObject>): string {
  // The YAML library double-quotes a string with C1 controls (U+0080–U+009F) but keeps them raw;
  // U+009B is a CSI to some terminals, so they become the `\x9B` escapes YAML reads back.
  return kubectlYaml(decodedSecretData(secret)).replace(/[\u0080-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
