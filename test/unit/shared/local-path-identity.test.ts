import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localPathProvisionerIdentity, provisionerInstanceUuid } from '../../../shared/local-path-identity.js';

test('the identity names the provisioner, the pod and a version-4 UUID fixed per pod', () => {
  const uuid = provisionerInstanceUuid('local-path-provisioner-7dc846544d-x8k2p');
  assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(provisionerInstanceUuid('local-path-provisioner-7dc846544d-x8k2p'), uuid);
  assert.notEqual(provisionerInstanceUuid('local-path-provisioner-7dc846544d-q9z4w'), uuid);
  assert.equal(localPathProvisionerIdentity('local-path-provisioner-7dc846544d-x8k2p'), `rancher.io/local-path_local-path-provisioner-7dc846544d-x8k2p_${uuid}`);
});
