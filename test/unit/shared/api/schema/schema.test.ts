import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resources } from '../../../../../shared/api/resources.js';
import { findMessage, getSchema, goElementType, jsonFields, parseSchema, rootMessageFor } from '../../../../../shared/api/schema/schema.js';

describe('the schema table', () => {
  it('parses types.txt once and resolves every message reference', () => {
    assert.equal(getSchema(), getSchema());
    assert.ok(getSchema().messages.size >= 315);
  });

  it('has a root message for every served kind', () => {
    for (const info of resources) {
      assert.ok(rootMessageFor(info.group, info.version, info.kind), `${info.group}/${info.version} ${info.kind}`);
    }
  });

  it('maps groups to proto packages', () => {
    assert.equal(rootMessageFor('', 'v1', 'Pod')?.name, 'core.v1.Pod');
    assert.equal(rootMessageFor('networking.k8s.io', 'v1', 'Ingress')?.name, 'networking.v1.Ingress');
    assert.equal(rootMessageFor('events.k8s.io', 'v1', 'Event')?.name, 'events.v1.Event');
    assert.equal(rootMessageFor('autoscaling', 'v2', 'HorizontalPodAutoscaler')?.name, 'autoscaling.v2.HorizontalPodAutoscaler');
    assert.equal(rootMessageFor('policy', 'v1', 'DeleteOptions')?.name, 'meta.DeleteOptions');
    assert.equal(rootMessageFor('', 'v1', 'PodSpec'), undefined, 'only TypeMeta-bearing messages are roots');
  });

  it('records field numbers, pointer-ness and Go types', () => {
    const spec = findMessage('apps.v1.DeploymentSpec');
    assert.ok(spec);
    const replicas = spec.byNumber.get(1);
    assert.deepEqual(
      { name: replicas?.name, pointer: replicas?.pointer, goType: replicas?.goType, type: replicas?.type },
      { name: 'replicas', pointer: true, goType: 'int32', type: { kind: 'scalar', scalar: 'int32' } },
    );
    assert.equal(spec.byNumber.get(5)?.pointer, false, 'minReadySeconds is a plain int32');
    assert.equal(spec.byNumber.get(3)?.goType, 'v1.PodTemplateSpec');
    assert.equal(findMessage('core.v1.ServicePort')?.byNumber.get(2)?.goType, 'v1.Protocol');
    assert.deepEqual(findMessage('core.v1.PodSpec')?.byNumber.get(2)?.type, { kind: 'repeated', element: { kind: 'message', message: 'core.v1.Container' } });
  });

  it('records inline embeddings and flattens them in the JSON view', () => {
    const volume = findMessage('core.v1.Volume');
    assert.ok(volume);
    assert.equal(volume.byNumber.get(2)?.inline, true);
    const names = [...jsonFields(volume).keys()];
    assert.ok(names.includes('name') && names.includes('emptyDir') && names.includes('configMap'));
    assert.ok(!names.includes('volumeSource'));
    assert.ok(jsonFields(findMessage('core.v1.ConfigMapVolumeSource')!).has('name'), 'LocalObjectReference is inline');
    assert.ok(jsonFields(findMessage('core.v1.PersistentVolumeSpec')!).has('hostPath'), 'persistentVolumeSource is inline');
  });

  it('adds apiVersion and kind to TypeMeta-bearing messages only', () => {
    assert.ok(jsonFields(findMessage('apps.v1.Deployment')!).has('kind'));
    assert.ok(!jsonFields(findMessage('apps.v1.DeploymentSpec')!).has('kind'));
  });

  it('marks the types with their own JSON form', () => {
    assert.equal(findMessage('meta.Time')?.custom, 'time');
    assert.equal(findMessage('resource.Quantity')?.custom, 'quantity');
    assert.equal(findMessage('intstr.IntOrString')?.custom, 'intorstring');
    assert.equal(findMessage('runtime.RawExtension')?.custom, 'rawjson');
  });

  it('derives element Go types of lists and maps', () => {
    const podSpec = findMessage('core.v1.PodSpec')!;
    assert.equal(goElementType(podSpec.byNumber.get(2)!), 'v1.Container');
    assert.equal(goElementType(podSpec.byNumber.get(7)!), 'string');
    assert.equal(goElementType(podSpec.byNumber.get(32)!), 'resource.Quantity', 'overhead is a v1.ResourceList');
  });
});

describe('parseSchema', () => {
  it('parses the annotation syntax', () => {
    const schema = parseSchema('# comment\nx.v1.Thing typemeta: 1 spec:Spec ptr, 2 items[]:string go=[]v1.Name\nx.v1.Spec: 1 inner:Spec inline');
    const thing = schema.messages.get('x.v1.Thing');
    assert.equal(thing?.typeMeta, true);
    assert.equal(thing?.goType, 'v1.Thing');
    assert.deepEqual(thing?.byNumber.get(2), { number: 2, name: 'items', jsonName: 'items', type: { kind: 'repeated', element: { kind: 'scalar', scalar: 'string' } }, pointer: false, inline: false, goType: '[]v1.Name' });
    assert.equal(schema.messages.get('x.v1.Spec')?.byNumber.get(1)?.jsonName, '');
  });

  it('names the line of a malformed entry', () => {
    assert.throws(() => parseSchema('\nx.v1.Thing: one spec:Spec'), /types\.txt:2: bad field "one spec:Spec"/);
  });

  it('rejects references to messages that are not in the table', () => {
    assert.throws(() => parseSchema('x.v1.Thing: 1 spec:Missing'), /refers to unknown message x\.v1\.Missing/);
  });
});
