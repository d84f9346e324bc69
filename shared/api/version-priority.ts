/**
 * Kubernetes' version priority (apimachinery's kube-aware version sort), shared by the apiserver
 * (the preferred version of a CRD's group) and the TUI (which version of a custom kind to list).
 */

/**
 * Orders API versions as discovery does: GA before beta before alpha, higher numbers first,
 * anything not shaped like `v1beta2` last in alphabetical order. The first is the preferred one.
 */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [level, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0;
}
