import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateSigningRequestPrinter } from '../../../../shared/printers/certificatesigningrequests.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const csr = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ metadata: { name: 'jane', creationTimestamp: '2024-01-01T11:59:00Z' }, spec, status });

describe('certificateSigningRequestPrinter', () => {
  it('prints NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION, none of them wide', () => {
    assert.deepEqual(
      certificateSigningRequestPrinter.columns.map((c) => [c.name, c.type, c.priority]),
      [['Name', 'string', 0], ['Age', 'string', 0], ['SignerName', 'string', 0], ['Requestor', 'string', 0], ['RequestedDuration', 'string', 0], ['Condition', 'string', 0]],
    );
    const pending = csr({ signerName: 'kubernetes.io/kube-apiserver-client', username: 'kubernetes-admin', expirationSeconds: 86400 });
    assert.deepEqual(certificateSigningRequestPrinter.cells(pending, now), ['jane', '60s', 'kubernetes.io/kube-apiserver-client', 'kubernetes-admin', '24h', 'Pending']);
  });

  it('builds CONDITION as extractCSRStatus does, and prints <none> for what is unset', () => {
    const cases = [
      { name: 'approved and issued', given: { conditions: [{ type: 'Approved' }], certificate: 'eA==' }, want: 'Approved,Issued' },
      { name: 'denied wins over approved', given: { conditions: [{ type: 'Approved' }, { type: 'Denied' }] }, want: 'Denied' },
      { name: 'approved then failed', given: { conditions: [{ type: 'Approved' }, { type: 'Failed' }] }, want: 'Approved,Failed' },
    ];
    for (const { name, given, want } of cases) {
      assert.deepEqual(certificateSigningRequestPrinter.cells(csr({}, given), now), ['jane', '60s', '<none>', '', '<none>', want], name);
    }
  });
});
