import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFs } from '../../../../../../daemon/runtime/fs/memory-fs.js';
import { TestContainer } from '../harness.js';

describe('git', () => {
  it('clones into the named directory, so a second container sees it in a shared volume (lab H.4)', async () => {
    const workdir = new MemoryFs();
    const git = new TestContainer({ mounts: [{ mountPath: '/tmp', fs: workdir, source: '/', readOnly: false }] });
    const cloned = await git.run(['sh', '-c', 'git clone https://github.com/moby/moby.git /tmp/moby']);
    assert.deepEqual(cloned, { stdout: '', stderr: "Cloning into '/tmp/moby'...\n", code: 0 });
    const busybox = new TestContainer({ mounts: [{ mountPath: '/tmp', fs: workdir, source: '/', readOnly: false }] });
    // moby/moby's top level when Kubernetes 1.32 came out (commit 577a7958, 2024-12-15), as busybox ls sorts it.
    const listing = [
      'AUTHORS', 'CONTRIBUTING.md', 'Dockerfile', 'Dockerfile.simple', 'Dockerfile.windows', 'Jenkinsfile', 'LICENSE', 'MAINTAINERS',
      'Makefile', 'NOTICE', 'README.md', 'ROADMAP.md', 'SECURITY.md', 'TESTING.md', 'VENDORING.md', 'api', 'builder', 'cli', 'client',
      'cmd', 'codecov.yml', 'container', 'contrib', 'daemon', 'distribution', 'docker-bake.hcl', 'dockerversion', 'docs', 'errdefs',
      'hack', 'image', 'integration', 'integration-cli', 'internal', 'layer', 'libcontainerd', 'libnetwork', 'man', 'oci', 'opts', 'pkg',
      'plugin', 'profiles', 'project', 'quota', 'reference', 'registry', 'reports', 'restartmanager', 'runconfig', 'testutil', 'vendor',
      'vendor.mod', 'vendor.sum', 'volume',
    ];
    assert.deepEqual(await busybox.run(['ls', '/tmp/moby']), { stdout: listing.map((n) => `${n}\n`).join(''), stderr: '', code: 0 });
    const hidden = (await busybox.run(['ls', '-A', '/tmp/moby'])).stdout.split('\n').filter((n) => n.startsWith('.'));
    assert.deepEqual(hidden, ['.devcontainer', '.dockerignore', '.git', '.gitattributes', '.github', '.gitignore', '.golangci.yml', '.mailmap']);
    assert.equal((await busybox.run(['head', '-n', '2', '/tmp/moby/README.md'])).stdout, 'The Moby Project\n================\n');
    assert.equal((await busybox.run(['cat', '/tmp/moby/.git/HEAD'])).stdout, 'ref: refs/heads/master\n');
    assert.ok((await busybox.run(['ls', '/tmp/moby/api'])).stdout.split('\n').includes('swagger.yaml'));
  });

  it('names the directory after the repository without .git', async () => {
    const c = new TestContainer();
    const got = await c.run(['sh', '-c', 'cd /tmp && git clone https://github.com/kubernetes/website.git && ls']);
    assert.deepEqual(got, { stdout: 'website\n', stderr: "Cloning into 'website'...\n", code: 0 });
  });

  it('refuses a non-empty destination with exit 128 (an init container run twice)', async () => {
    const c = new TestContainer();
    await c.run(['git', 'clone', 'https://github.com/moby/moby.git', '/tmp/moby']);
    const again = await c.run(['git', 'clone', 'https://github.com/moby/moby.git', '/tmp/moby']);
    assert.deepEqual(again, { stdout: '', stderr: "fatal: destination path '/tmp/moby' already exists and is not an empty directory.\n", code: 128 });
  });

  const cases: { name: string; given: string[]; want: { stdout?: string; stderr?: string; code: number } }[] = [
    { name: 'prints its version', given: ['git', '--version'], want: { stdout: 'git version 2.45.2\n', code: 0 } },
    { name: 'needs a repository to clone', given: ['git', 'clone'], want: { stderr: 'fatal: You must specify a repository to clone.\n\nusage: git clone [<options>] [--] <repo> [<dir>]\n', code: 129 } },
    { name: 'rejects an unknown subcommand', given: ['git', 'pul'], want: { stderr: "git: 'pul' is not a git command. See 'git --help'.\n", code: 1 } },
    { name: 'reports a repository path that does not exist', given: ['git', 'clone', 'nowhere'], want: { stderr: "fatal: repository 'nowhere' does not exist\n", code: 128 } },
  ];
  for (const c of cases) {
    it(c.name, async () => assert.deepEqual(await new TestContainer().run(c.given), { stdout: '', stderr: '', ...c.want }));
  }
});
