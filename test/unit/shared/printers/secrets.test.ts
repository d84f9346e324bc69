import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretPrinter } from '../../../../shared/printers/secrets.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('secretPrinter', () => {
  it('prints NAME TYPE DATA AGE', () => {
    const secret = { metadata: { name: 'db', creationTimestamp: '2024-01-01T11:00:00Z' }, type: 'Opaque', data: { user: 'YQ==', password: 'Yg==' } };
    assert.deepEqual(secretPrinter.columns.map((c) => c.name), ['Name', 'Type', 'Data', 'Age']);
    assert.deepEqual(secretPrinter.cells(secret, now), ['db', 'Opaque', 2, '60m']);
  });
});
