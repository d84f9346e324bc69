import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../../../shared/clock.js';
import { ClusterNetwork, type HttpRequest, type HttpResponse } from '../../../../../../daemon/runtime/network.js';
import { TestContainer, settle, type RunResult } from '../harness.js';
import { debianCurlProgram, legacyCurlProgram } from '../../../../../../daemon/runtime/shell/builtins/curl.js';
import { coreutilsPrograms } from '../../../../../../daemon/runtime/shell/coreutils.js';

const page = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n</html>\n';

/** A pod at 10.244.1.5 whose other container serves like nginx on :80, and a service `web` → it. */
function pod(): { container: TestContainer; requests: HttpRequest[] } {
  const network = new ClusterNetwork();
  network.addResolver((host) => (host === 'web' ? { ip: '10.244.1.5' } : undefined));
  const requests: HttpRequest[] = [];
  network.forPod('10.244.1.5').listen(80, (req): HttpResponse => {
    requests.push(req);
    if (req.path === '/moved') return { status: 301, headers: { Server: 'nginx/1.27.3', Location: '/' }, body: '' };
    if (req.path !== '/') return { status: 404, headers: { Server: 'nginx/1.27.3', 'Content-Type': 'text/html' }, body: '<h1>404 Not Found</h1>\n' };
    return { status: 200, headers: { Server: 'nginx/1.27.3', 'Content-Type': 'text/html', 'Content-Length': String(page.length) }, body: page };
  });
  return { container: new TestContainer({ network, podIP: '10.244.1.5' }), requests };
}

const meterHeader = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const meterStart = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: 'prints the body with -s', given: ['curl', '-s', 'localhost'], want: { stdout: page } },
  {
    name: 'shows the progress meter on stderr without -s (what kubectl logs shows)',
    given: ['curl', 'localhost'],
    want: { stdout: page, stderr: `${meterHeader}${meterStart}\r100    79  100    79    0     0  79000      0 --:--:-- --:--:-- --:--:-- 79000\n` },
  },
  { name: 'reaches the pod through a service name', given: ['curl', '-s', 'http://web/'], want: { stdout: page } },
  {
    name: 'reports a refused connection with exit 7',
    given: ['curl', '-sS', 'localhost:8080'],
    // curl 8.9.0 reworded curl_easy_strerror(CURLE_COULDNT_CONNECT) from "Couldn't connect to server".
    want: { stderr: 'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Could not connect to server\n', code: 7 },
  },
  { name: 'stays quiet about errors with -s alone', given: ['curl', '-s', 'localhost:8080'], want: { code: 7 } },
  { name: 'reports an unknown host with exit 6', given: ['curl', 'http://nowhere/'], want: { stderr: `${meterHeader}${meterStart}\ncurl: (6) Could not resolve host: nowhere\n`, code: 6 } },
  {
    name: 'prints the response head with -I',
    given: ['curl', '-sI', 'localhost'],
    want: { stdout: 'HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\nContent-Length: 79\r\n\r\n' },
  },
  { name: 'prints the status code with -w and writes the body to a file with -o', given: ['sh', '-c', 'curl -s -o /tmp/p -w "%{http_code}\\n" localhost/nope; cat /tmp/p'], want: { stdout: '404\n<h1>404 Not Found</h1>\n' } },
  { name: 'fails on HTTP errors with -f (22)', given: ['curl', '-sSf', 'localhost/nope'], want: { stderr: 'curl: (22) The requested URL returned error: 404\n', code: 22 } },
  { name: 'follows redirects with -L', given: ['curl', '-sL', 'localhost/moved'], want: { stdout: page } },
  { name: 'does not follow redirects without -L', given: ['curl', '-s', '-w', '%{http_code}', 'localhost/moved'], want: { stdout: '301' } },
  { name: 'rejects an unknown option', given: ['curl', '--bogus', 'localhost'], want: { stderr: "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 } },
  { name: 'needs a URL', given: ['curl', '-s'], want: { stderr: "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 } },
];

describe('curl', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await pod().container.run(c.given), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('sends curl\'s request line and headers, and the server sees 127.0.0.1 for localhost', async () => {
    const { container, requests } = pod();
    await container.run(['curl', '-s', 'localhost/?x=1']);
    assert.deepEqual(requests, [{ method: 'GET', path: '/?x=1', headers: { Host: 'localhost', 'User-Agent': 'curl/8.11.1', Accept: '*/*' }, body: '', remoteAddress: '127.0.0.1' }]);
  });

  it('speaks curl 7.29.0 in centos:7: its User-Agent and its older error words', async () => {
    const { container, requests } = pod();
    const programs = new Map([...coreutilsPrograms, ['curl', legacyCurlProgram]]);
    const centos = new TestContainer({ ...container.options, network: container.network, programs });
    await centos.run(['curl', '-s', 'localhost']);
    assert.equal(requests[0]?.headers['User-Agent'], 'curl/7.29.0');
    assert.deepEqual(await centos.run(['curl', '-sS', 'localhost:8080']), { stdout: '', stderr: 'curl: (7) Failed connect to localhost:8080; Connection refused\n', code: 7 });
    assert.deepEqual(await centos.run(['curl', '-sS', 'http://nowhere/']), { stdout: '', stderr: 'curl: (6) Could not resolve host: nowhere; Name or service not known\n', code: 6 });
  });

  it('speaks curl 7.88.1 in the Debian bookworm images: its User-Agent and the words before curl 8.9', async () => {
    const { container, requests } = pod();
    const programs = new Map([...coreutilsPrograms, ['curl', debianCurlProgram]]);
    const nginx = new TestContainer({ ...container.options, network: container.network, programs });
    await nginx.run(['curl', '-s', 'localhost']);
    assert.equal(requests[0]?.headers['User-Agent'], 'curl/7.88.1');
    assert.deepEqual(await nginx.run(['curl', '-sS', 'localhost:8080']), {
      stdout: '',
      stderr: "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
      code: 7,
    });
  });

  it('posts data with -d and a method with -X', async () => {
    const { container, requests } = pod();
    await container.run(['curl', '-s', '-X', 'PUT', '-H', 'Content-Type: application/json', '-d', '{"a":1}', 'localhost']);
    assert.deepEqual(requests[0], {
      method: 'PUT',
      path: '/',
      headers: { Host: 'localhost', 'User-Agent': 'curl/8.11.1', Accept: '*/*', 'Content-Type': 'application/json', 'Content-Length': '7' },
      body: '{"a":1}',
      remoteAddress: '127.0.0.1',
    });
  });

  it('prints a verbose exchange with -v', async () => {
    const got = await pod().container.run(['curl', '-sv', 'localhost/nope']);
    assert.equal(
      got.stderr,
      '*   Trying localhost:80...\n* Connected to localhost port 80\n* using HTTP/1.x\n' +
        '> GET /nope HTTP/1.1\r\n> Host: localhost\r\n> User-Agent: curl/8.11.1\r\n> Accept: */*\r\n> \r\n' +
        '* Request completely sent off\n' +
        '< HTTP/1.1 404 Not Found\r\n< Server: nginx/1.27.3\r\n< Content-Type: text/html\r\n< \r\n' +
        '* Connection #0 to host localhost left intact\n',
    );
  });

  it('runs the lab B.2 loop: a page every 5 seconds in the log', async () => {
    const { container, requests } = pod();
    const run = container.run(['/bin/sh', '-c', 'while true; do sleep 5; curl localhost; done']);
    await settle();
    for (let i = 0; i < 3; i++) {
      container.clock.step(5000);
      await settle();
    }
    assert.equal(requests.length, 3);
    assert.equal(run.output.stdout, page.repeat(3));
    container.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('waits out --connect-timeout and -m on the cluster clock for an address nobody answers', async () => {
    const clock = new ManualClock();
    const container = new TestContainer({ network: new ClusterNetwork({ clock }), clock, podIP: '10.244.1.5' });
    const connect = container.run(['curl', '-sS', '--connect-timeout', '2', '10.96.0.99']);
    await settle();
    clock.step(2000);
    assert.deepEqual(await connect, { stdout: '', stderr: 'curl: (28) Failed to connect to 10.96.0.99 port 80 after 2000 ms: Timeout was reached\n', code: 28 });
    const maxTime = container.run(['curl', '-sS', '-m', '1.5', '10.96.0.99']);
    await settle();
    clock.step(1500);
    assert.deepEqual(await maxTime, { stdout: '', stderr: 'curl: (28) Connection timed out after 1500 milliseconds\n', code: 28 });
  });
});

describe('curl against a TLS server (the API server at https://kubernetes.default.svc)', () => {
  const ca = '-----BEGIN CERTIFICATE-----\nMIIBkluster\n-----END CERTIFICATE-----\n';
  const advice =
    'More details here: https://curl.se/docs/sslcerts.html\n\n' +
    'curl failed to verify the legitimacy of the server and therefore could not\n' +
    'establish a secure connection to it. To learn more about this situation and\n' +
    'how to fix it, please visit the webpage mentioned above.\n';

  /** A server on 10.96.0.1:443 that hands its CA to the handshake before it reads the request. */
  function tlsPod(): { container: TestContainer; requests: HttpRequest[] } {
    const network = new ClusterNetwork();
    network.addResolver((host) => (host === 'kubernetes.default.svc' ? { ip: '10.244.9.9' } : undefined));
    const requests: HttpRequest[] = [];
    network.forPod('10.244.9.9').listen(443, (req): HttpResponse => {
      if (!req.tls) return { status: 400, headers: {}, body: 'Client sent an HTTP request to an HTTPS server.\n' };
      req.tls.verify(ca);
      requests.push(req);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"kind":"APIVersions"}' };
    });
    const container = new TestContainer({ network, podIP: '10.244.1.5', image: { files: { '/ca.crt': ca, '/other.crt': '-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n' }, dirs: ['/root', '/bin'] } });
    return { container, requests };
  }

  it('refuses the certificate without --cacert or -k (60), before the request is sent', async () => {
    const { container, requests } = tlsPod();
    assert.deepEqual(await container.run(['curl', '-sS', 'https://kubernetes.default.svc/api']), {
      stdout: '',
      stderr: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${advice}`,
      code: 60,
    });
    assert.deepEqual(await container.run(['curl', '-sS', '--cacert', '/other.crt', 'https://kubernetes.default.svc/api']), {
      stdout: '',
      stderr: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${advice}`,
      code: 60,
    });
    assert.deepEqual(requests, []);
  });

  it('trusts the server with the cluster CA in --cacert, or with -k, and sends the bearer token', async () => {
    const { container, requests } = tlsPod();
    const ok = { stdout: '{"kind":"APIVersions"}', stderr: '', code: 0 };
    assert.deepEqual(await container.run(['curl', '-s', '--cacert', '/ca.crt', '-H', 'Authorization: Bearer abc', 'https://kubernetes.default.svc/api']), ok);
    assert.deepEqual(await container.run(['curl', '-sk', 'https://kubernetes.default.svc/api']), ok);
    assert.equal(requests[0]?.headers.Authorization, 'Bearer abc');
  });

  it('reports a --cacert file it cannot read (77), and plain HTTP gets the server\'s 400', async () => {
    const { container } = tlsPod();
    assert.deepEqual(await container.run(['curl', '-sS', '--cacert', '/nope.crt', 'https://kubernetes.default.svc/api']), {
      stdout: '',
      stderr: 'curl: (77) error setting certificate file: /nope.crt\n',
      code: 77,
    });
    assert.deepEqual(await container.run(['curl', '-s', 'http://kubernetes.default.svc:443/api']), { stdout: 'Client sent an HTTP request to an HTTPS server.\n', stderr: '', code: 0 });
  });
});
