/**
 * Manifests several e2e files apply with `kubectl apply -f -`, written out once. Each returns the
 * YAML text a learner would type, so a test still reads what it sends.
 */

/** DaemonSet `agent` (label app=agent): one busybox container that sleeps for `sleep` seconds (or forever). */
export function agentDaemonSet(sleep = 'infinity'): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox
        command: ["sleep", "${sleep}"]
`;
}
