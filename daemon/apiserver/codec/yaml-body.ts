/**
 * YAML request bodies as the apiserver reads them: sigs.k8s.io/yaml turns the document into JSON
 * (a repeated key keeps its last value; object keys come out sorted, as Go marshals a map), and a
 * strict or warning decode also runs the strict converter, whose go-yaml error lists each repeated
 * key: `yaml: unmarshal errors:\n  line 5: key "name" already set in map`.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';

export interface YamlBody {
  value: unknown;
  /** One `line N: key "k" already set in map` per repeated key, in document order. */
  duplicateKeyLines: string[];
}

/** Parses a YAML body; throws the yaml package's error for a document that does not parse. */
export function parseYamlBody(text: string): YamlBody {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
  if (doc.errors.length > 0) throw doc.errors[0];
  const found: { offset: number; line: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
          found.push({ offset, line: `line ${lineCounter.linePos(offset).line}: key ${goSharpV(key)} already set in map` });
        }
        seen.add(key);
      }
    },
  });
  // The visitor sees a map's own keys before its children's; go-yaml reports in document order.
  found.sort((a, b) => a.offset - b.offset);
  return { value: sortKeys(doc.toJS()), duplicateKeyLines: found.map((f) => f.line) };
}

/** go-yaml's `%#v` of a key: strings quoted, booleans and numbers bare. */
function goSharpV(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : isMap(key) ? 'map[interface {}]interface {}{}' : String(key);
}

/** A copy with object keys sorted, as YAMLToJSON's json.Marshal of a map writes them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
