/**
 * `$(VAR)` references as the kubelet expands them in `command`, `args` and `env[].value`
 * (k/k `third_party/forked/golang/expansion`): `$(NAME)` becomes the variable's value when it is
 * defined and stays as written when it is not; `$$` is an escaped `$`; a `$` followed by anything
 * else, or an unclosed `$(`, is kept literally. There is no `${VAR}` form and no shell at work.
 */

/** Looks a name up in the maps in order; an unknown name expands to itself, `$(NAME)`. */
export function mappingFor(...maps: ReadonlyArray<Readonly<Record<string, string>>>): (name: string) => string {
  return (name) => {
    for (const map of maps) if (Object.prototype.hasOwnProperty.call(map, name)) return map[name]!;
    return `$(${name})`;
  };
}

export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const char = input[i]!;
    if (char !== '$' || i + 1 >= input.length) {
      out += char;
      i++;
      continue;
    }
    const following = input[i + 1]!;
    if (following === '$') {
      out += '$';
      i += 2;
    } else if (following === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i += 2;
      } else {
        out += mapping(input.slice(i + 2, close));
        i = close + 1;
      }
    } else {
      out += `$${following}`;
      i += 2;
    }
  }
  return out;
}
