import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImagePullError } from '../../../../../daemon/runtime/container.js';
import { familiarName, parseImageReference } from '../../../../../daemon/runtime/images/reference.js';

const digest = 'sha256:' + 'ab'.repeat(32);

test('references are normalised as containerd reports them', () => {
  const cases: { name: string; given: string; want: { registry: string; repository: string; tag: string; digest?: string; normalized: string } }[] = [
    { name: 'a bare official image gets docker.io/library and latest', given: 'nginx', want: { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', normalized: 'docker.io/library/nginx:latest' } },
    { name: 'a tag is kept', given: 'nginx:1.14', want: { registry: 'docker.io', repository: 'library/nginx', tag: '1.14', normalized: 'docker.io/library/nginx:1.14' } },
    { name: 'a user repository stays under its user', given: 'c1t1d0s7/myweb', want: { registry: 'docker.io', repository: 'c1t1d0s7/myweb', tag: 'latest', normalized: 'docker.io/c1t1d0s7/myweb:latest' } },
    { name: 'a registry host is recognised by its dot', given: 'ghcr.io/c1t1d0s7/go-myweb', want: { registry: 'ghcr.io', repository: 'c1t1d0s7/go-myweb', tag: 'latest', normalized: 'ghcr.io/c1t1d0s7/go-myweb:latest' } },
    { name: 'a registry with a port', given: 'localhost:5000/app:v2', want: { registry: 'localhost:5000', repository: 'app', tag: 'v2', normalized: 'localhost:5000/app:v2' } },
    { name: 'localhost alone is a registry', given: 'localhost/app', want: { registry: 'localhost', repository: 'app', tag: 'latest', normalized: 'localhost/app:latest' } },
    { name: 'the legacy index name means Docker Hub', given: 'index.docker.io/library/busybox:1.36', want: { registry: 'docker.io', repository: 'library/busybox', tag: '1.36', normalized: 'docker.io/library/busybox:1.36' } },
    { name: 'docker.io without a namespace gets library/', given: 'docker.io/ubuntu', want: { registry: 'docker.io', repository: 'library/ubuntu', tag: 'latest', normalized: 'docker.io/library/ubuntu:latest' } },
    { name: 'a digest pins the image and drops the tag', given: `busybox:1.36@${digest}`, want: { registry: 'docker.io', repository: 'library/busybox', tag: '1.36', digest, normalized: `docker.io/library/busybox@${digest}` } },
    { name: 'a digest alone', given: `alpine@${digest}`, want: { registry: 'docker.io', repository: 'library/alpine', tag: 'latest', digest, normalized: `docker.io/library/alpine@${digest}` } },
    { name: 'upper case is allowed in tags', given: 'nginx:Latest', want: { registry: 'docker.io', repository: 'library/nginx', tag: 'Latest', normalized: 'docker.io/library/nginx:Latest' } },
  ];
  for (const c of cases) {
    const ref = parseImageReference(c.given);
    assert.deepEqual({ registry: ref.registry, repository: ref.repository, tag: ref.tag, ...(ref.digest ? { digest: ref.digest } : {}), normalized: ref.normalized }, c.want, c.name);
  }
});

test('invalid references give the kubelet InvalidImageName text', () => {
  const cases: { name: string; given: string; want: string }[] = [
    {
      name: 'an upper-case repository names itself',
      given: 'Nginx',
      want: 'Failed to apply default image tag "Nginx": couldn\'t parse image reference "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
    },
    {
      name: 'a bad tag character',
      given: 'nginx:Latest!',
      want: 'Failed to apply default image tag "nginx:Latest!": couldn\'t parse image reference "nginx:Latest!": invalid reference format',
    },
    {
      name: 'a trailing colon',
      given: 'nginx:',
      want: 'Failed to apply default image tag "nginx:": couldn\'t parse image reference "nginx:": invalid reference format',
    },
    {
      name: 'a 64-hex identifier is not a name',
      given: 'ab'.repeat(32),
      want: `Failed to apply default image tag "${'ab'.repeat(32)}": couldn't parse image reference "${'ab'.repeat(32)}": invalid repository name (${'ab'.repeat(32)}), cannot specify 64-byte hexadecimal strings`,
    },
    {
      name: 'a digest of the wrong length',
      given: 'nginx@sha256:abcdefabcdefabcdefabcdefabcdefabcdef',
      want: 'Failed to apply default image tag "nginx@sha256:abcdefabcdefabcdefabcdefabcdefabcdef": couldn\'t parse image reference "nginx@sha256:abcdefabcdefabcdefabcdefabcdefabcdef": invalid checksum digest length',
    },
  ];
  for (const c of cases) {
    assert.throws(
      () => parseImageReference(c.given),
      (error: unknown) => error instanceof ImagePullError && error.reason === 'InvalidImageName' && error.message === c.want,
      c.name,
    );
  }
});

test('familiar names drop docker.io and library/', () => {
  assert.equal(familiarName(parseImageReference('docker.io/library/nginx:1.14')), 'nginx');
  assert.equal(familiarName(parseImageReference('c1t1d0s7/myweb')), 'c1t1d0s7/myweb');
  assert.equal(familiarName(parseImageReference('ghcr.io/c1t1d0s7/go-myweb')), 'ghcr.io/c1t1d0s7/go-myweb');
});
