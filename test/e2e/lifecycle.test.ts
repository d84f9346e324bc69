// Lab C.1 with the real kubectl: restart policies, Completed, Error and CrashLoopBackOff with the
// kubelet's back-off, and the logs of the last run. The daemon runs at --speed 20 so the 10 s, 20 s…
// back-off takes a fraction of a second; timestamps stay wall-clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

test('pod lifecycle through kubectl', async (t) => {
  const daemon = await startDaemon(t, { speed: 20 });
  const k = daemon.kubectl;
  const row = async (name: string): Promise<string[] | undefined> => tableRows((await k('get', 'pod', name)).stdout)[1];

  await t.test('the restart-policy lab pods reach the states a real node shows (C.1)', async () => {
    const out = await k('apply', '-f', repoPath('test', 'e2e', 'fixtures', 'lifecycle', 'restart-policies.yaml'));
    assert.equal(out.stdout.trim(), ['pod/test-pod created', 'pod/hello-world created', 'pod/hello-world2 created', 'pod/hello-world3 created', 'pod/false-pod created'].join('\n'));
    const testPod = await waitFor(async () => ((await row('test-pod'))?.[2] === 'Running' ? row('test-pod') : undefined), { what: 'test-pod Running', timeout: 20_000 });
    assert.deepEqual(testPod!.slice(0, 4), ['test-pod', '1/1', 'Running', '0']);
    const never = await waitFor(async () => ((await row('hello-world2'))?.[2] === 'Completed' ? row('hello-world2') : undefined), { what: 'hello-world2 Completed', timeout: 20_000 });
    assert.deepEqual(never!.slice(0, 4), ['hello-world2', '0/1', 'Completed', '0']);
    assert.equal((await k('get', 'pod', 'hello-world2', '-o', 'jsonpath={.status.phase}')).stdout, 'Succeeded');
    const onFailure = await waitFor(async () => ((await row('hello-world3'))?.[2] === 'Completed' ? row('hello-world3') : undefined), { what: 'hello-world3 Completed', timeout: 20_000 });
    assert.deepEqual(onFailure!.slice(0, 4), ['hello-world3', '0/1', 'Completed', '0']);
    const looping = await waitFor(async () => {
      const r = await row('hello-world');
      return r?.[2] === 'CrashLoopBackOff' && /^[2-9]/.test(r[3]) ? r : undefined;
    }, { what: 'hello-world in CrashLoopBackOff with restarts', timeout: 30_000 });
    assert.equal(looping[1], '0/1');
    assert.match(looping[3], /^\d+ \(\d+s ago\)$/);
    const failing = await waitFor(async () => {
      const r = await row('false-pod');
      return r?.[2] === 'CrashLoopBackOff' || (r?.[2] === 'Error' && r[3] !== '0') ? r : undefined;
    }, { what: 'false-pod crash-looping', timeout: 30_000 });
    assert.equal(failing[1], '0/1');
    assert.equal((await k('get', 'pod', 'false-pod', '-o', 'jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}')).stdout, '1');
  });

  await t.test('logs print the last run of a crash-looping container, and --previous the one before', async () => {
    const logs = await k('logs', 'hello-world');
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^\nHello from Docker!\nThis message shows that your installation appears to be working correctly\.\n/);
    const previous = await k('logs', 'hello-world', '--previous');
    assert.equal(previous.code, 0, previous.stderr);
    assert.match(previous.stdout, /Hello from Docker!/);
    const events = (await k('get', 'events', '--field-selector', 'involvedObject.name=hello-world,reason=BackOff', '-o', 'jsonpath={.items[0].message}')).stdout;
    const uid = (await k('get', 'pod', 'hello-world', '-o', 'jsonpath={.metadata.uid}')).stdout;
    assert.equal(events, `Back-off restarting failed container hello-world-container in pod hello-world_default(${uid})`);
  });

  await t.test('logs of a container that does not exist, and of a missing pod, are refused in kubectl\'s words', async () => {
    const bad = await k('logs', 'hello-world', '-c', 'nope');
    assert.equal(bad.stderr.trim(), 'error: container nope is not valid for pod hello-world');
    const missing = await k('logs', 'nope');
    assert.equal(missing.stderr.trim(), 'error: error from server (NotFound): pods "nope" not found in namespace "default"');
  });
});
