import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImagePullError } from '../../../../../daemon/runtime/container.js';
import { ImageCatalog } from '../../../../../daemon/runtime/images/catalog.js';
import { parseImageReference } from '../../../../../daemon/runtime/images/reference.js';

const catalog = new ImageCatalog();
const find = (image: string) => catalog.find(parseImageReference(image));

test('the lab images and their tags exist', () => {
  for (const image of [
    'nginx', 'nginx:1.14', 'nginx:1.14.2', 'nginx:1.15', 'nginx:stable', 'nginx:1.27-alpine', 'busybox', 'busybox:1.36',
    'alpine', 'alpine:3.19', 'ubuntu', 'ubuntu:22.04', 'ubuntu:jammy', 'centos:7', 'centos', 'python:3.7', 'python:3.12-slim',
    'hello-world', 'curlimages/curl', 'alpine/git', 'c1t1d0s7/myweb', 'ghcr.io/c1t1d0s7/go-myweb', 'hewon16/image1:1',
    'redis:7', 'registry.k8s.io/pause:3.10', 'quay.io/prometheus/prometheus:v2.54.1',
  ]) {
    assert.doesNotThrow(() => find(image), image);
  }
});

test('images that do not exist fail with containerd\'s words', () => {
  const cases: { name: string; given: string; want: string }[] = [
    {
      name: 'a tag nginx never had',
      given: 'nginx:nope',
      want: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
    },
    {
      name: 'a version past the newest',
      given: 'nginx:1.999',
      want: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found',
    },
    {
      name: 'a repository Docker Hub does not have',
      given: 'nonexistent-image',
      want: 'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nonexistent-image:latest": failed to resolve reference "docker.io/library/nonexistent-image:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    },
    {
      name: 'a repository another registry does not have',
      given: 'ghcr.io/someone/doesnotexist:v1',
      want: 'rpc error: code = Unknown desc = failed to pull and unpack image "ghcr.io/someone/doesnotexist:v1": failed to resolve reference "ghcr.io/someone/doesnotexist:v1": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Asomeone%2Fdoesnotexist%3Apull&service=ghcr.io: 401 Unauthorized',
    },
    {
      name: 'a registry that does not resolve',
      given: 'myregistry.example:5000/app',
      want: 'rpc error: code = Unknown desc = failed to pull and unpack image "myregistry.example:5000/app:latest": failed to resolve reference "myregistry.example:5000/app:latest": failed to do request: Head "https://myregistry.example:5000/v2/app/manifests/latest": dial tcp: lookup myregistry.example: no such host',
    },
    {
      name: 'a bogus tag of an unknown image',
      given: 'redis:bogus',
      want: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/redis:bogus": failed to resolve reference "docker.io/library/redis:bogus": docker.io/library/redis:bogus: not found',
    },
  ];
  for (const c of cases) {
    assert.throws(() => find(c.given), (e: unknown) => e instanceof ImagePullError && e.reason === 'ErrImagePull' && e.message === c.want, c.name);
  }
});

test('an image has a stable digest, its imageID and a plausible size', () => {
  const a = find('nginx:1.14');
  const b = new ImageCatalog().find(parseImageReference('nginx:1.14'));
  assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(a.digest, b.digest);
  assert.equal(a.imageID, `docker.io/library/nginx@${a.digest}`);
  assert.ok(a.config.size > 40_000_000 && a.config.size < 50_000_000);
  assert.notEqual(find('nginx:1.15').digest, a.digest);
});

test('image configs follow their Dockerfiles', () => {
  const cases: { name: string; given: string; want: { entrypoint: string[]; cmd: string[]; stopSignal: string } }[] = [
    { name: 'nginx since 1.19 has the entrypoint script and SIGQUIT', given: 'nginx', want: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], stopSignal: 'SIGQUIT' } },
    { name: 'nginx 1.14 runs nginx directly and stops on SIGTERM', given: 'nginx:1.14', want: { entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'], stopSignal: 'SIGTERM' } },
    { name: 'busybox runs sh', given: 'busybox', want: { entrypoint: [], cmd: ['sh'], stopSignal: 'SIGTERM' } },
    { name: 'ubuntu runs bash', given: 'ubuntu', want: { entrypoint: [], cmd: ['/bin/bash'], stopSignal: 'SIGTERM' } },
    { name: 'hello-world runs /hello', given: 'hello-world', want: { entrypoint: [], cmd: ['/hello'], stopSignal: 'SIGTERM' } },
    { name: 'alpine/git is git', given: 'alpine/git', want: { entrypoint: ['git'], cmd: ['--help'], stopSignal: 'SIGTERM' } },
    { name: 'curlimages/curl goes through its entrypoint', given: 'curlimages/curl', want: { entrypoint: ['/entrypoint.sh'], cmd: ['curl'], stopSignal: 'SIGTERM' } },
  ];
  for (const c of cases) {
    const { entrypoint, cmd, stopSignal } = find(c.given).config;
    assert.deepEqual({ entrypoint, cmd, stopSignal }, c.want, c.name);
  }
});

test('nginx ships the welcome page of its version', () => {
  assert.equal(find('nginx:1.14').config.files['/usr/share/nginx/html/index.html']?.length, 612);
  assert.equal(find('nginx').config.files['/usr/share/nginx/html/index.html']?.length, 615);
  assert.match(find('nginx').config.files['/etc/os-release'] ?? '', /^PRETTY_NAME="Debian GNU\/Linux 12 \(bookworm\)"$/m);
  assert.match(find('centos:7').config.files['/etc/os-release'] ?? '', /^PRETTY_NAME="CentOS Linux 7 \(Core\)"$/m);
});
