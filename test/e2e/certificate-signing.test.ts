// The classic "create a user with a certificate" exercise, as on kind v1.32, with openssl and the
// real kubectl: a CSR for jane (O=devs) is Pending, `kubectl certificate approve` makes it
// Approved,Issued, jane's certificate authenticates her (Forbidden until a RoleBinding), `auth
// whoami` names her; then deny, an unknown signer, a refused usage and the validation texts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { columns, withoutAge } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

function csrManifest(name: string, request: Buffer, extra: { signerName?: string; usages?: string[]; expirationSeconds?: number } = {}): string {
  const lines = ['apiVersion: certificates.k8s.io/v1', 'kind: CertificateSigningRequest', 'metadata:', `  name: ${name}`, 'spec:', `  request: ${request.toString('base64')}`];
  if (extra.signerName !== undefined) lines.push(`  signerName: ${extra.signerName}`);
  if (extra.expirationSeconds !== undefined) lines.push(`  expirationSeconds: ${extra.expirationSeconds}`);
  lines.push('  usages:', ...(extra.usages ?? ['client auth']).map((u) => `  - ${u}`));
  return lines.join('\n') + '\n';
}

test('a user with a client certificate signed through a CertificateSigningRequest', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-csr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  // jane's kubectl works on a copy of the kubeconfig in the temp dir: nothing is written elsewhere.
  copyFileSync(daemon.kubeconfig, file('kubeconfig'));
  const k = (...args: string[]) => daemon.kubectlEnv({ KUBECONFIG: file('kubeconfig') }, ...args);
  const apply = (name: string, manifest: string) => {
    writeFileSync(file(`${name}.yaml`), manifest);
    return k('apply', '-f', file(`${name}.yaml`));
  };
  openssl('genrsa', '-out', 'jane.key', '2048');
  openssl('req', '-new', '-key', 'jane.key', '-subj', '/CN=jane/O=devs', '-out', 'jane.csr');
  const janeCsr = readFileSync(file('jane.csr'));

  await t.test('api-resources lists CertificateSigningRequests as kind does', async () => {
    const out = await k('api-resources', '--api-group=certificates.k8s.io');
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(columns(out.stdout), [
      ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
      ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', 'false', 'CertificateSigningRequest'],
    ]);
  });

  await t.test('a new CSR is Pending, requested by kubernetes-admin', async () => {
    const out = await apply('jane', csrManifest('jane', janeCsr, { signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400 }));
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'certificatesigningrequest.certificates.k8s.io/jane created\n');
    const get = await k('get', 'csr');
    assert.deepEqual(withoutAge(columns(get.stdout)), [
      ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'],
      ['jane', 'AGE', 'kubernetes.io/kube-apiserver-client', 'kubernetes-admin', '24h', 'Pending'],
    ]);
  });

  await t.test('kubectl certificate approve: Approved, then Issued by the signer', async () => {
    const out = await k('certificate', 'approve', 'jane');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'certificatesigningrequest.certificates.k8s.io/jane approved\n');
    const rows = await waitFor(async () => {
      const get = withoutAge(columns((await k('get', 'csr', 'jane')).stdout));
      return get[1]?.[5] === 'Approved,Issued' ? get : undefined;
    }, { what: 'jane Approved,Issued' });
    assert.deepEqual(rows, [
      ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'],
      ['jane', 'AGE', 'kubernetes.io/kube-apiserver-client', 'kubernetes-admin', '24h', 'Approved,Issued'],
    ]);
    const conditions = JSON.parse((await k('get', 'csr', 'jane', '-o', 'jsonpath={.status.conditions}')).stdout) as Record<string, string>[];
    assert.deepEqual(conditions.map(({ type, status, reason, message }) => ({ type, status, reason, message })), [
      { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' },
    ]);
  });

  await t.test('the issued certificate is jane/devs for 24 hours, backdated 5 minutes', async () => {
    const out = await k('get', 'csr', 'jane', '-o', 'jsonpath={.status.certificate}');
    writeFileSync(file('jane.crt'), Buffer.from(out.stdout, 'base64'));
    const text = openssl('x509', '-in', 'jane.crt', '-noout', '-subject', '-dates', '-ext', 'extendedKeyUsage').toString();
    assert.match(text, /^subject=CN = jane, O = devs$/m);
    assert.match(text, /TLS Web Client Authentication/);
    const notBefore = Date.parse(/notBefore=(.*)/.exec(text)![1]!);
    const notAfter = Date.parse(/notAfter=(.*)/.exec(text)![1]!);
    assert.equal(notAfter - notBefore, 24 * 3600_000);
  });

  await t.test('jane authenticates with her certificate and is Forbidden until bound', async () => {
    const cluster = (await k('config', 'view', '-o', 'jsonpath={.clusters[0].name}')).stdout;
    assert.equal((await k('config', 'set-credentials', 'jane', `--client-key=${file('jane.key')}`, `--client-certificate=${file('jane.crt')}`, '--embed-certs')).code, 0);
    assert.equal((await k('config', 'set-context', 'jane', `--cluster=${cluster}`, '--user=jane')).code, 0);
    const denied = await k('--context', 'jane', 'get', 'pods');
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    const whoami = await k('--context', 'jane', 'auth', 'whoami');
    assert.equal(whoami.code, 0, whoami.stderr);
    const lines = whoami.stdout.trimEnd().split('\n').map((l) => l.trimEnd().split(/\s{2,}/));
    assert.deepEqual(lines.slice(0, 3), [['ATTRIBUTE', 'VALUE'], ['Username', 'jane'], ['Groups', '[devs system:authenticated]']]);
    assert.match(lines[3]?.join(' ') ?? '', /^Extra: authentication\.kubernetes\.io\/credential-id \[X509SHA256=[0-9a-f]{64}\]$/);
    assert.equal((await k('create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods')).code, 0);
    assert.equal((await k('create', 'rolebinding', 'devs-read', '--role=pod-reader', '--group=devs')).code, 0);
    const allowed = await waitFor(async () => {
      const out = await k('--context', 'jane', 'get', 'pods');
      return out.code === 0 ? out : undefined;
    }, { what: 'jane may list pods through group devs' });
    assert.equal(allowed.stderr, 'No resources found in default namespace.\n');
  });

  await t.test('a certificate the cluster CA did not sign is Unauthorized', async () => {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'mallory.key', '-subj', '/CN=mallory', '-days', '1', '-out', 'mallory.crt');
    const cluster = (await k('config', 'view', '-o', 'jsonpath={.clusters[0].name}')).stdout;
    await k('config', 'set-credentials', 'mallory', `--client-key=${file('mallory.key')}`, `--client-certificate=${file('mallory.crt')}`, '--embed-certs');
    await k('config', 'set-context', 'mallory', `--cluster=${cluster}`, '--user=mallory');
    const out = await k('--context', 'mallory', 'get', 'pods');
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });

  await t.test('kubectl certificate deny, and a CSR of an unknown signer stays Approved', async () => {
    assert.equal((await apply('bob', csrManifest('bob', janeCsr, { signerName: 'kubernetes.io/kube-apiserver-client' }))).code, 0);
    const deny = await k('certificate', 'deny', 'bob');
    assert.equal(deny.stdout, 'certificatesigningrequest.certificates.k8s.io/bob denied\n');
    const message = await k('get', 'csr', 'bob', '-o', 'jsonpath={.status.conditions[0].reason}/{.status.conditions[0].message}');
    assert.equal(message.stdout, 'KubectlDeny/This CSR was denied by kubectl certificate deny.');
    assert.equal((await apply('custom', csrManifest('custom', janeCsr, { signerName: 'example.com/custom' }))).code, 0);
    assert.equal((await k('certificate', 'approve', 'custom')).code, 0);
    const rows = withoutAge(columns((await k('get', 'csr', 'bob', 'custom')).stdout));
    assert.deepEqual(rows, [
      ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'],
      ['bob', 'AGE', 'kubernetes.io/kube-apiserver-client', 'kubernetes-admin', '<none>', 'Denied'],
      ['custom', 'AGE', 'example.com/custom', 'kubernetes-admin', '<none>', 'Approved'],
    ]);
  });

  await t.test('a usage the signer does not allow fails the CSR after approval', async () => {
    assert.equal((await apply('serving', csrManifest('serving', janeCsr, { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth', 'server auth'] }))).code, 0);
    assert.equal((await k('certificate', 'approve', 'serving')).code, 0);
    const failed = await waitFor(async () => {
      const out = await k('get', 'csr', 'serving', '-o', 'jsonpath={.status.conditions[1].type}/{.status.conditions[1].reason}/{.status.conditions[1].message}');
      return out.stdout.startsWith('Failed') ? out.stdout : undefined;
    }, { what: 'the Failed condition' });
    assert.equal(failed, 'Failed/SignerValidationFailure/invalid usage for client certificate: server auth');
    assert.equal(withoutAge(columns((await k('get', 'csr', 'serving')).stdout))[1]?.[5], 'Approved,Failed');
  });

  await t.test('bad requests get kube-apiserver validation texts', async () => {
    const notPem = await apply('bad', csrManifest('bad', Buffer.from('hi'), { signerName: 'kubernetes.io/kube-apiserver-client' }));
    assert.equal(notPem.code, 1);
    assert.equal(
      notPem.stderr,
      'The CertificateSigningRequest "bad" is invalid: spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST\n',
    );
    const noSigner = await apply('nosigner', csrManifest('nosigner', janeCsr));
    assert.equal(noSigner.stderr, 'The CertificateSigningRequest "nosigner" is invalid: spec.signerName: Required value\n');
    const legacy = await apply('legacy', csrManifest('legacy', janeCsr, { signerName: 'kubernetes.io/legacy-unknown' }));
    assert.equal(legacy.stderr, 'The CertificateSigningRequest "legacy" is invalid: spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version\n');
    const short = await apply('short', csrManifest('short', janeCsr, { signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 60, usages: ['client auth', 'nope'] }));
    assert.equal(
      short.stderr,
      'The CertificateSigningRequest "short" is invalid: \n' +
        '* spec.usages[1]: Unsupported value: "nope": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"\n' +
        '* spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)\n',
    );
  });

  await t.test('admission: no system:masters client certificates, and approving takes approve on the signer', async () => {
    openssl('req', '-new', '-key', 'jane.key', '-subj', '/CN=root/O=system:masters', '-out', 'root.csr');
    const root = await apply('root', csrManifest('root', readFileSync(file('root.csr')), { signerName: 'kubernetes.io/kube-apiserver-client' }));
    assert.equal(root.code, 1);
    assert.equal(
      root.stderr,
      `Error from server (Forbidden): error when creating "${file('root.yaml')}": certificatesigningrequests.certificates.k8s.io "root" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed\n`,
    );
    assert.equal((await apply('pending', csrManifest('pending', janeCsr, { signerName: 'example.com/custom' }))).code, 0);
    assert.equal((await k('create', 'clusterrole', 'csr-approver', '--verb=get,list,update', '--resource=certificatesigningrequests,certificatesigningrequests/approval')).code, 0);
    assert.equal((await k('create', 'clusterrolebinding', 'jane-csr-approver', '--clusterrole=csr-approver', '--user=jane')).code, 0);
    const refused = await waitFor(async () => {
      const out = await k('--context', 'jane', 'certificate', 'approve', 'pending');
      return out.stderr.includes('not permitted') ? out : undefined;
    }, { what: 'the CertificateApproval refusal' });
    assert.equal(refused.stderr, 'Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "pending" is forbidden: user not permitted to approve requests with signerName "example.com/custom"\n');
    // kubectl create clusterrole refuses `signers` (discovery has no such resource): a manifest, as the docs use.
    const signerRole = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: custom-signer-approver',
      'rules:',
      '- apiGroups: ["certificates.k8s.io"]',
      '  resources: ["signers"]',
      '  resourceNames: ["example.com/*"]',
      '  verbs: ["approve"]',
    ].join('\n');
    assert.equal((await apply('signer-role', signerRole + '\n')).code, 0);
    assert.equal((await k('create', 'clusterrolebinding', 'jane-custom-signer', '--clusterrole=custom-signer-approver', '--user=jane')).code, 0);
    const approved = await waitFor(async () => {
      const out = await k('--context', 'jane', 'certificate', 'approve', 'pending');
      return out.code === 0 ? out : undefined;
    }, { what: 'jane approving with approve on example.com/*' });
    assert.equal(approved.stdout, 'certificatesigningrequest.certificates.k8s.io/pending approved\n');
  });

  await t.test('the spec of a CSR cannot be changed once made', async () => {
    const out = await apply('jane', csrManifest('jane', janeCsr, { signerName: 'example.com/other', expirationSeconds: 86400 }));
    assert.equal(out.code, 0, out.stderr);
    const signer = await k('get', 'csr', 'jane', '-o', 'jsonpath={.spec.signerName}');
    assert.equal(signer.stdout, 'kubernetes.io/kube-apiserver-client');
  });
});
