import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLabs } from '../../../../shared/labs/lab-files.js';
import { loadLab } from '../../../../shared/labs/lab-loader.js';
import { LabLoadError } from '../../../../shared/labs/lab-schema.js';

const good = `id: t
namespace: lab-t
title: { en: T, ko: 티 }
goal: { en: G, ko: 지 }
steps:
  - id: one
    title: { en: One, ko: 하나 }
    text: { en: Do it., ko: 하세요. }
    commands: [kubectl get pod]
    manifests: [pod.yaml]
    check:
      podPhase: { name: web, phase: Running }
`;

function refused(source: string, options = {}): string {
  try {
    loadLab(source, 'labs/t-test.yaml', options);
  } catch (err) {
    assert.ok(err instanceof LabLoadError);
    return err.message;
  }
  assert.fail('the lab was accepted');
}

test('every lab shipped in labs/ loads, A to K, each step with a check', () => {
  const labs = readLabs();
  assert.deepEqual(labs.map((l) => l.id), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
  for (const lab of labs) {
    assert.equal(lab.namespace, `lab-${lab.id}`);
    for (const step of lab.steps) assert.ok(step.title.ko && step.text.ko && step.title.en && step.text.en, `${lab.id}/${step.id}`);
  }
});

test('a good lab becomes a Lab with its checks typed', () => {
  const lab = loadLab(good, 'labs/t-test.yaml');
  assert.equal(lab.createNamespace, true);
  assert.deepEqual(lab.steps[0]!.check, { type: 'podPhase', name: 'web', phase: 'Running' });
  assert.deepEqual(lab.steps[0]!.manifests, ['pod.yaml']);
});

test('bad lab files are refused with the file, the line and the reason', () => {
  const cases = [
    { name: 'an unknown field of a step', given: good.replace('    commands:', '    comands: []\n    commands:'), want: 'labs/t-test.yaml:9: unknown field "comands" in the lab.steps[0] (known: id, title, text, commands, manifests, hint, check)' },
    { name: 'an unknown check', given: good.replace('podPhase:', 'podFace:'), want: 'labs/t-test.yaml:12: unknown check "podFace" in the lab.steps[0].check (known: objectExists, objectAbsent, podPhase, podsReady, containerState, eventWithReason, serviceAnswers, nodeCondition, logsContain, allOf)' },
    { name: 'a bad phase', given: good.replace('Running', 'Runing'), want: 'labs/t-test.yaml:12: the lab.steps[0].check.podPhase.phase "Runing" is not a pod phase (Pending, Running, Succeeded, Failed, Unknown)' },
    { name: 'a pod check with neither name nor selector', given: good.replace('name: web, ', ''), want: 'labs/t-test.yaml:12: the lab.steps[0].check.podPhase needs either "name" or "selector"' },
    { name: 'an unknown kind', given: good.replace('podPhase: { name: web, phase: Running }', 'objectExists: { kind: Pood, name: web }'), want: 'labs/t-test.yaml:12: the lab.steps[0].check.objectExists.kind: unknown kind "Pood"' },
    { name: 'a missing text in Korean', given: good.replace('goal: { en: G, ko: 지 }', 'goal: { en: G }'), want: 'labs/t-test.yaml:4: the lab.goal needs "ko"' },
    { name: 'a check of two kinds', given: good.replace('      podPhase: { name: web, phase: Running }', '      podPhase: { name: web, phase: Running }\n      podsReady: { selector: a=b, count: 1 }'), want: 'labs/t-test.yaml:12: the lab.steps[0].check must have exactly one key naming its kind (objectExists, objectAbsent, podPhase, podsReady, containerState, eventWithReason, serviceAnswers, nodeCondition, logsContain, allOf)' },
    { name: 'a malformed field path', given: good.replace('podPhase: { name: web, phase: Running }', 'objectExists: { kind: Pod, name: web, fields: { "spec.containers[0": x } }'), want: 'labs/t-test.yaml:12: the lab.steps[0].check.objectExists.fields: bad field path: unclosed "[" in "spec.containers[0"' },
    { name: 'broken YAML', given: good.replace('title: { en: T, ko: 티 }', 'title: { en: T, ko: 티'), want: /^labs\/t-test\.yaml:\d+: not valid YAML: / },
  ];
  for (const c of cases) {
    const message = refused(c.given);
    if (typeof c.want === 'string') assert.equal(message, c.want, c.name);
    else assert.match(message, c.want, c.name);
  }
  assert.equal(refused(good, { manifestExists: () => false }), 'labs/t-test.yaml:6: steps[0] names the manifest "pod.yaml", which is not in labs/manifests/');
});
