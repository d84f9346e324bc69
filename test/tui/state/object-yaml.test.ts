import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectYaml } from '../../../tui/state/object-yaml.js';

test('objectYaml prints as kubectl get -o yaml: sorted keys, unindented lists, go-yaml quoting', () => {
  const pod = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z', labels: { run: 'web', enabled: 'true', port: '80' }, managedFields: [{ manager: 'kubectl' }] },
    spec: { containers: [{ name: 'web', image: 'nginx', args: ['sh', '-c', 'echo a: b'] }] },
    status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False', message: 'containers with unready status: [web]' }] },
  };
  assert.equal(
    objectYaml(pod),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  creationTimestamp: "2026-01-01T00:00:00Z"',
      '  labels:',
      '    enabled: "true"',
      '    port: "80"',
      '    run: web',
      '  name: web',
      '  namespace: default',
      'spec:',
      '  containers:',
      '  - args:',
      '    - sh',
      '    - -c',
      "    - 'echo a: b'",
      '    image: nginx',
      '    name: web',
      'status:',
      '  conditions:',
      "  - message: 'containers with unready status: [web]'",
      '    status: "False"',
      '    type: Ready',
      '  phase: Pending',
      '',
    ].join('\n'),
  );
  assert.match(objectYaml(pod, { showManagedFields: true }), /  managedFields:\n  - manager: kubectl\n/);
});
