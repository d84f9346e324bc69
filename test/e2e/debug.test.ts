// `kubectl debug` with ephemeral containers, driven with the real kubectl 1.32: the PATCH of
// pods/<name>/ephemeralcontainers, the kubelet starting the container in the target's process
// namespace, its logs and status, the `Ephemeral Containers:` section of describe, and an `-it`
// session with kubectl's own lines (`Defaulting debug container name…`, `Session ended…`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInPty } from '../helpers/pty.js';
import { shareDaemon } from '../helpers/shared-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

// The file's tests share one daemon; each test has its own namespace and nginx pod `mypod`.
const shared = shareDaemon({ nodes: 1 });

async function nginxPod(namespace: string): Promise<void> {
  const { daemon } = shared;
  assert.equal((await daemon.kubectl('create', 'namespace', namespace)).stdout, `namespace/${namespace} created\n`);
  assert.equal((await daemon.kubectl('run', 'mypod', '--image=nginx', '-n', namespace)).stdout, 'pod/mypod created\n');
  const ready = await daemon.kubectl('wait', '--for=condition=Ready', 'pod/mypod', '-n', namespace, '--timeout=60s');
  assert.equal(ready.stdout, 'pod/mypod condition met\n', ready.stderr);
}

const defaultedName = (stderr: string): string => {
  const name = /^Defaulting debug container name to (debugger-[a-z0-9]{5})\.$/m.exec(stderr)?.[1];
  assert.ok(name, `kubectl names the debug container: ${stderr}`);
  return name;
};

test('kubectl debug mypod --target=mypod -- sh -c …: the debug container runs once, sees the target\'s processes, and shows in get, logs and describe', async () => {
  const { daemon } = shared;
  const ns = 'debug-batch';
  await nginxPod(ns);
  const debug = await daemon.kubectl('debug', 'mypod', '-n', ns, '--image=busybox:1.36', '--target=mypod', '--', 'sh', '-c', 'echo hello from debug; ps');
  assert.equal(debug.code, 0, debug.stderr);
  // Without -i, kubectl prints its notes on stdout and returns once the PATCH is accepted.
  const name = defaultedName(debug.stdout);
  assert.equal(
    debug.stdout,
    `Targeting container "mypod". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\nDefaulting debug container name to ${name}.\n`,
  );

  assert.equal((await daemon.kubectl('get', 'pod', 'mypod', '-n', ns, '-o', 'jsonpath={.spec.ephemeralContainers[*].name}')).stdout, name);
  const terminated = await waitFor(
    async () => {
      const out = (await daemon.kubectl('get', 'pod', 'mypod', '-n', ns, '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason} {.status.ephemeralContainerStatuses[0].state.terminated.exitCode}')).stdout;
      return out.startsWith('Completed') ? out : undefined;
    },
    { what: 'the debug container to complete', timeout: 30_000 },
  );
  assert.equal(terminated, 'Completed 0');

  // The target's nginx is PID 1 of the shared namespace; the debug shell and its ps come after.
  const logs = await daemon.kubectl('logs', 'mypod', '-n', ns, '-c', name);
  assert.match(logs.stdout, /^hello from debug\nPID   USER     TIME  COMMAND\n    1 root      0:00 .*nginx.*\n(?:\s+\d+ root .*\n)*\s+\d+ root      0:00 sh -c echo hello from debug; ps\n\s+\d+ root      0:00 ps\n$/);

  // Ephemeral containers count in neither READY nor RESTARTS.
  const row = (await daemon.kubectl('get', 'pod', 'mypod', '-n', ns)).stdout.split('\n')[1]!;
  assert.match(row, /^mypod\s+1\/1\s+Running\s+0\s+\S+$/);

  const describe = (await daemon.kubectl('describe', 'pod', 'mypod', '-n', ns)).stdout;
  const section = describe.slice(describe.indexOf('Ephemeral Containers:'), describe.indexOf('Conditions:'));
  const lines = section.split('\n');
  assert.deepEqual(lines.slice(0, 2), ['Ephemeral Containers:', `  ${name}:`]);
  assert.match(lines[2]!, /^    Container ID:  containerd:\/\/[0-9a-f]{64}$/);
  assert.deepEqual(lines.slice(3, 4), ['    Image:         busybox:1.36']);
  assert.match(lines[4]!, /^    Image ID:      docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
  assert.deepEqual(lines.slice(5, 16), [
    '    Port:          <none>',
    '    Host Port:     <none>',
    '    Command:',
    '      sh',
    '      -c',
    '      echo hello from debug; ps',
    '    State:          Terminated',
    '      Reason:       Completed',
    '      Exit Code:    0',
    lines[14]!,
    lines[15]!,
  ]);
  assert.match(lines[14]!, /^      Started:      \w{3}, \d{2} \w{3} \d{4} [\d:]{8} \+0000$/);
  assert.match(lines[15]!, /^      Finished:     \w{3}, \d{2} \w{3} \d{4} [\d:]{8} \+0000$/);
  assert.deepEqual(lines.slice(16), ['    Ready:          False', '    Restart Count:  0', '    Environment:    <none>', '    Mounts:         <none>', '']);

  // The kubelet's events name the ephemeral container in their field path.
  const events = await daemon.kubectl('get', 'events', '-n', ns, '--field-selector', `involvedObject.fieldPath=spec.ephemeralContainers{${name}}`, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}');
  assert.match(events.stdout, new RegExp(`^Pulling: Pulling image "busybox:1\\.36"\\nPulled: .*\\nCreated: Created container ${name}\\nStarted: Started container ${name}\\n$`));
});

test('kubectl debug -it mypod --target=mypod: the prompt after Enter, ps shows nginx, exit ends the session with kubectl\'s reattach hint', async () => {
  const ns = 'debug-interactive';
  await nginxPod(ns);
  const env = shared.env;
  const term = startInPty(['kubectl', 'debug', '-it', 'mypod', '-n', ns, '--image=busybox:1.36', '--target=mypod'], env);
  await term.waitForText("If you don't see a command prompt, try pressing enter.\r\n", { timeout: 60_000 });
  const name = defaultedName(term.output().replace(/\r/g, ''));
  term.type('\r');
  await term.waitForText('\r\n/ # ');
  const mark = term.output().length;
  term.type('ps; hostname\r');
  await term.waitForText(/ps; hostname\r\nPID   USER     TIME  COMMAND\r\n    1 root      0:00 .*nginx.*\r\n[\s\S]*\r\nmypod\r\n\/ # /, { from: mark });
  term.type('exit\r');
  assert.equal(await term.exited, 0);
  assert.match(
    term.output(),
    new RegExp(`/ # exit\\r\\nSession ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach mypod -c ${name} -i -t' if it is still running\\r?\\n$`),
  );
  await waitFor(
    async () => (await shared.daemon.kubectl('get', 'pod', 'mypod', '-n', ns, '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}')).stdout === 'Completed',
    { what: 'the interactive debug container to complete', timeout: 30_000 },
  );
});

test('kubectl debug mypod --copy-to=mypod-debug --share-processes: a copy of the pod whose containers share one PID namespace under /pause', async () => {
  const { daemon } = shared;
  const ns = 'debug-copy';
  await nginxPod(ns);
  const debug = await daemon.kubectl('debug', 'mypod', '-n', ns, '--copy-to=mypod-debug', '--image=busybox:1.36', '--share-processes', '--', 'sh', '-c', 'ps; sleep 3600');
  assert.equal(debug.code, 0, debug.stderr);
  const name = defaultedName(debug.stdout);
  const ready = await daemon.kubectl('wait', '--for=condition=Ready', 'pod/mypod-debug', '-n', ns, '--timeout=60s');
  assert.equal(ready.stdout, 'pod/mypod-debug condition met\n', ready.stderr);
  assert.equal((await daemon.kubectl('get', 'pod', 'mypod-debug', '-n', ns, '-o', 'jsonpath={.spec.shareProcessNamespace} {.spec.containers[*].name}')).stdout, `true mypod ${name}`);
  const logs = await waitFor(
    async () => {
      const out = (await daemon.kubectl('logs', 'mypod-debug', '-n', ns, '-c', name)).stdout;
      return out.includes(' ps\n') ? out : undefined;
    },
    { what: 'the debug container\'s ps output', timeout: 30_000 },
  );
  assert.match(logs, /^PID   USER     TIME  COMMAND\n    1 65535     0:00 \/pause\n(?:\s+\d+ root .*\n)*\s+\d+ root      0:00 .*nginx.*\n(?:\s+\d+ root .*\n)*\s+\d+ root      0:00 sh -c ps; sleep 3600\n\s+\d+ root      0:00 ps\n$/);
});

test('kubectl debug node/node1: a pod on that node with the host\'s namespaces and the node\'s filesystem at /host', async () => {
  const { daemon } = shared;
  const debug = await daemon.kubectl('debug', 'node/node1', '--image=busybox:1.36', '--', 'sh', '-c', 'hostname; ls -d /host');
  assert.equal(debug.code, 0, debug.stderr);
  const pod = /^Creating debugging pod (node-debugger-node1-[a-z0-9]{5}) with container debugger on node node1\.$/m.exec(debug.stdout)?.[1];
  assert.ok(pod, debug.stdout);
  const spec = await daemon.kubectl('get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName} {.spec.hostPID} {.spec.hostNetwork} {.spec.hostIPC} {.spec.volumes[0].hostPath.path} {.spec.containers[0].volumeMounts[0].mountPath}');
  assert.equal(spec.stdout, 'node1 true true true / /host');
  const logs = await waitFor(
    async () => {
      const out = (await daemon.kubectl('logs', pod)).stdout;
      return out.includes('/host') ? out : undefined;
    },
    { what: 'the node debugger\'s output', timeout: 30_000 },
  );
  assert.equal(logs, 'node1\n/host\n');
});

test('kubectl debug -it --attach=false, then kubectl attach -c <debugger> -i -t joins the running debug shell', async () => {
  const { daemon } = shared;
  const ns = 'debug-attach';
  await nginxPod(ns);
  const debug = await daemon.kubectl('debug', 'mypod', '-n', ns, '-it', '--attach=false', '--image=busybox:1.36', '--target=mypod');
  assert.equal(debug.code, 0, debug.stderr);
  const name = defaultedName(debug.stdout + debug.stderr);
  await waitFor(
    async () => (await daemon.kubectl('get', 'pod', 'mypod', '-n', ns, '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].state.running.startedAt}')).stdout !== '',
    { what: 'the debug container to run', timeout: 30_000 },
  );
  const term = startInPty(['kubectl', 'attach', 'mypod', '-n', ns, '-c', name, '-i', '-t'], shared.env);
  await term.waitForText("If you don't see a command prompt, try pressing enter.\r\n");
  term.type('echo reattached\r');
  await term.waitForText('echo reattached\r\nreattached\r\n/ # ');
  term.type('exit\r');
  assert.equal(await term.exited, 0);
  assert.match(term.output(), new RegExp(`Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach mypod -c ${name} -i -t' if it is still running\\r?\\n$`));
});
