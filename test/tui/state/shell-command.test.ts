// What `s` runs: k9s' kubectl exec line, the container kubectl would pick, the flash once it ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { defaultShellContainer, kubectlExecArgs, shellEndedText } from '../../../tui/state/shell-command.js';

function pod(containers: string[], annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', annotations }, spec: { containers: containers.map((name) => ({ name, image: 'nginx' })) } };
}

test('kubectl exec -it with the TUI kubeconfig and context, bash where the image has it, else sh', () => {
  const target = { type: 'pod' as const, namespace: 'shop', pod: 'web-1', container: 'web' };
  assert.deepEqual(kubectlExecArgs(target, { kubeconfig: '/home/me/.kubelab/kubeconfig' }), [
    '--kubeconfig', '/home/me/.kubelab/kubeconfig', 'exec', '-it', 'web-1', '-n', 'shop', '-c', 'web', '--', 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh',
  ]);
  assert.deepEqual(kubectlExecArgs(target, { kubeconfig: 'k', context: 'kind-lab' }).slice(0, 5), ['--kubeconfig', 'k', '--context', 'kind-lab', 'exec']);
});

test('the container: the default-container annotation when it names one, else the first', () => {
  assert.equal(defaultShellContainer(pod(['web', 'sidecar'])), 'web');
  assert.equal(defaultShellContainer(pod(['web', 'sidecar'], { 'kubectl.kubernetes.io/default-container': 'sidecar' })), 'sidecar');
  assert.equal(defaultShellContainer(pod(['web'], { 'kubectl.kubernetes.io/default-container': 'gone' })), 'web');
  assert.equal(defaultShellContainer(pod([])), undefined);
});

test('the flash: where the shell was, or kubectl\'s last error line', () => {
  const target = { type: 'pod' as const, namespace: 'shop', pod: 'web-1', container: 'web' };
  assert.deepEqual(shellEndedText(target, { code: 0, stderr: '' }), { text: 'shell in shop/web-1 (container web) ended', level: 'info' });
  assert.deepEqual(shellEndedText(target, { code: 1, stderr: 'error: unable to upgrade connection: container not found ("web")\n' }), { text: 'error: unable to upgrade connection: container not found ("web")', level: 'error' });
  assert.deepEqual(shellEndedText(target, { code: 130, stderr: '' }), { text: 'shell in shop/web-1 (container web) ended', level: 'info' }, 'the shell\'s own exit status, nothing to report');
  assert.deepEqual(shellEndedText({ type: 'node', node: 'node1' }, { code: null, stderr: '' }), { text: 'shell in node node1 ended by a signal', level: 'error' });
});
