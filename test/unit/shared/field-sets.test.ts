import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../shared/api/meta.js';
import { fieldOf, fieldsOf } from '../../../shared/field-sets.js';

describe('fieldsOf', () => {
  it('gives every pod field the registry selects on', () => {
    const pod: KubeObject = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'node1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true },
      status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], nominatedNodeName: '' },
    };
    assert.deepEqual(fieldsOf('pods', pod), {
      'metadata.name': 'web',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '10.244.1.5',
      'status.nominatedNodeName': '',
    });
  });

  it('gives event fields, using the reporting controller when source is empty', () => {
    const event: KubeObject = {
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      type: 'Normal',
      reportingComponent: 'kubelet',
      source: {},
    };
    const fields = fieldsOf('events', event);
    assert.equal(fields['involvedObject.fieldPath'], 'spec.containers{web}');
    assert.equal(fields['source'], 'kubelet');
    assert.equal(fields['reportingComponent'], 'kubelet');
  });

  const cases: { name: string; resource: string; given: KubeObject; field: string; want: string }[] = [
    { name: 'prints an uncordoned node as false', resource: 'nodes', given: { metadata: { name: 'n1' }, spec: {} }, field: 'spec.unschedulable', want: 'false' },
    { name: 'gives a namespace its phase', resource: 'namespaces', given: { metadata: { name: 'dev' }, status: { phase: 'Terminating' } }, field: 'status.phase', want: 'Terminating' },
    { name: 'gives a secret its type', resource: 'secrets', given: { metadata: { name: 's' }, type: 'Opaque' }, field: 'type', want: 'Opaque' },
    { name: 'reads a job status.successful from status.succeeded', resource: 'jobs', given: { metadata: { name: 'j' }, status: { succeeded: 2 } }, field: 'status.successful', want: '2' },
    { name: 'gives a service its type', resource: 'services', given: { metadata: { name: 's' }, spec: { type: 'NodePort' } }, field: 'spec.type', want: 'NodePort' },
    { name: 'gives other kinds just their metadata', resource: 'configmaps', given: { metadata: { name: 'cm', namespace: 'a' } }, field: 'metadata.namespace', want: 'a' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(fieldsOf(c.resource, c.given)[c.field], c.want));
    it(`${c.name}, read alone by fieldOf`, () => assert.equal(fieldOf(c.resource, c.given, c.field), c.want));
  }

  it('fieldOf reads every field of the map alike, and nothing else', () => {
    const pod: KubeObject = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'node1', restartPolicy: 'Always', hostNetwork: true }, status: { phase: 'Running', podIPs: [{ ip: '10.244.1.5' }] } };
    for (const [field, value] of Object.entries(fieldsOf('pods', pod))) assert.equal(fieldOf('pods', pod, field), value, field);
    assert.equal(fieldOf('pods', pod, 'spec.unschedulable'), '', 'a field of another kind');
    assert.equal(fieldOf('pods', pod, 'constructor'), '', 'no prototype member');
    assert.equal(fieldOf('constructor', pod, 'metadata.name'), 'p');
  });
});
