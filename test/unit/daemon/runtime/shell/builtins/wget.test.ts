import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterNetwork, type HttpResponse } from '../../../../../../daemon/runtime/network.js';
import { ManualClock } from '../../../../../../shared/clock.js';
import { TestContainer, settle, type RunResult } from '../harness.js';

const page = '<h1>Welcome to nginx!</h1>\n';

function container(): TestContainer {
  const network = new ClusterNetwork();
  network.forPod('10.244.2.7').listen(80, (req): HttpResponse =>
    req.path === '/' ? { status: 200, headers: { 'Content-Length': String(page.length) }, body: page } : { status: 404, headers: {}, body: 'no' },
  );
  return new TestContainer({ network, podIP: '10.244.1.5' });
}

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: 'prints the body with -qO-', given: ['wget', '-qO-', 'http://10.244.2.7/'], want: { stdout: page } },
  {
    name: 'reports progress and saves index.html without -q',
    given: ['sh', '-c', 'cd /tmp && wget 10.244.2.7 && cat index.html'],
    want: {
      stdout: page,
      stderr:
        "Connecting to 10.244.2.7 (10.244.2.7:80)\nsaving to 'index.html'\n" +
        'index.html   0% |                                |     0 --:--:-- ETA\n' +
        "index.html 100% |********************************|    27  0:00:00 ETA\n'index.html' saved\n",
    },
  },
  {
    name: 'writes to stdout with -O -',
    given: ['wget', '-O', '-', '10.244.2.7'],
    want: {
      stdout: page,
      stderr:
        'Connecting to 10.244.2.7 (10.244.2.7:80)\nwriting to stdout\n' +
        '-   0% |                                |     0 --:--:-- ETA\n' +
        '- 100% |********************************|    27  0:00:00 ETA\nwritten to stdout\n',
    },
  },
  { name: 'reports an HTTP error', given: ['wget', '-q', 'http://10.244.2.7/missing'], want: { stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n', code: 1 } },
  {
    name: 'reports a refused connection',
    given: ['wget', 'localhost:8080'],
    want: { stderr: "Connecting to localhost (127.0.0.1:8080)\nwget: can't connect to remote host (127.0.0.1): Connection refused\n", code: 1 },
  },
  { name: 'reports a name that does not resolve', given: ['wget', '-q', 'http://nowhere/'], want: { stderr: "wget: bad address 'nowhere'\n", code: 1 } },
  { name: 'checks existence with --spider', given: ['wget', '-q', '--spider', 'http://10.244.2.7/'], want: {} },
];

describe('wget', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(c.given), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('names the address a Service name resolves to, as busybox xconnect does', async () => {
    const dns = {
      lookup: async (name: string) => (name === 'mynginx' ? { addresses: ['10.98.171.186'] } : { error: 'not-found' as const }),
      query: async () => ({ type: 'timeout' as const }),
    };
    const network = new ClusterNetwork();
    network.addResolver((host) => (host === 'mynginx' ? { ip: '10.98.171.186' } : undefined));
    const c = new TestContainer({ network, podIP: '10.244.1.5' });
    network.forPod('10.98.171.186'); // an address that answers with a reset: nothing listens on 80
    assert.deepEqual(await c.run(['wget', 'mynginx'], { dns }), {
      stdout: '',
      stderr: "Connecting to mynginx (10.98.171.186:80)\nwget: can't connect to remote host (10.98.171.186): Connection refused\n",
      code: 1,
    });
  });

  it('refuses to overwrite an existing file without -O', async () => {
    const c = container();
    c.fs.writeFile('/index.html', 'old');
    assert.deepEqual(await c.run(['wget', '-q', '10.244.2.7']), { stdout: '', stderr: "wget: can't open 'index.html': File exists\n", code: 1 });
  });

  it('gives up after -T seconds, or after the kernel\'s SYN retries, when nobody answers', async () => {
    const clock = new ManualClock();
    const c = new TestContainer({ network: new ClusterNetwork({ clock }), clock, podIP: '10.244.1.5' });
    const timed = c.run(['wget', '-T', '3', '-qO-', '10.96.0.99']);
    await settle();
    clock.step(3000);
    assert.deepEqual(await timed, { stdout: '', stderr: 'wget: download timed out\n', code: 1 });
    const kernel = c.run(['wget', '-O-', '10.96.0.99']);
    await settle();
    clock.step(127_000);
    assert.deepEqual(await kernel, { stdout: '', stderr: "Connecting to 10.96.0.99 (10.96.0.99:80)\nwget: can't connect to remote host (10.96.0.99): Connection timed out\n", code: 1 });
  });
});
