// CRD validation rules (x-kubernetes-validations, CEL) and oneOf through the real kubectl: a rule
// that does not compile refuses the CRD, failing rules refuse custom resources with the
// apiserver's lines (one error inline, several as `* ` lines), a transition rule keeps a field
// immutable, oneOf reports kube-openapi's composite error, and an unchanged field that a later
// rule no longer accepts is let through with a warning (ratcheting).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';

const crd = (rules: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
${rules}
            properties:
              replicas: {type: integer}
              minReplicas: {type: integer}
              name:
                type: string
                x-kubernetes-validations:
                - rule: self == oldSelf
                  message: Value is immutable
              ports:
                type: array
                items:
                  type: integer
                  x-kubernetes-validations:
                  - rule: self > 0 && self < 65536
                    messageExpression: "'port ' + string(self) + ' is out of range'"
              source:
                type: object
                properties:
                  uri: {type: string}
                  path: {type: string}
                oneOf:
                - required: [uri]
                - required: [path]
`;

const minRule = `            - rule: self.minReplicas <= self.replicas
              message: replicas should be greater than or equal to minReplicas.`;

const widget = (name: string, spec: string): string => `apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
spec:
${spec}`;

test('CRD validation rules and oneOf', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const apply = (yaml: string) => daemon.kubectlWithInput(yaml, 'apply', '-f', '-');

  await t.test('a rule that does not compile refuses the CRD', async () => {
    const out = await apply(crd('            - rule: self.minReplicas <'));
    assert.equal(out.code, 1);
    assert.equal(
      out.stderr,
      'The CustomResourceDefinition "widgets.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: ' +
        'apiextensions.ValidationRule{Rule:"self.minReplicas <", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: ' +
        "compilation failed: ERROR: <input>:1:19: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n" +
        ' | self.minReplicas <\n' +
        ' | ..................^\n',
    );
  });

  await t.test('the CRD with valid rules is established', async () => {
    const out = await apply(crd(minRule));
    assert.equal(out.stdout, 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n', out.stderr);
    const wait = await daemon.kubectl('wait', '--for', 'condition=Established', 'crd/widgets.example.com', '--timeout=20s');
    assert.equal(wait.stdout, 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n', wait.stderr);
  });

  await t.test('a failing rule refuses the object with its message', async () => {
    const out = await apply(widget('w1', '  replicas: 1\n  minReplicas: 3\n  name: first\n'));
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'The Widget "w1" is invalid: spec: Invalid value: "object": replicas should be greater than or equal to minReplicas.\n');
    const ok = await apply(widget('w1', '  replicas: 3\n  minReplicas: 3\n  name: first\n  ports: [80]\n'));
    assert.equal(ok.stdout, 'widget.example.com/w1 created\n', ok.stderr);
  });

  await t.test('several failing rules are listed one per line, item rules with the item path', async () => {
    const out = await apply(widget('w2', '  replicas: 1\n  minReplicas: 2\n  ports: [80, 0, 70000]\n'));
    assert.equal(
      out.stderr,
      'The Widget "w2" is invalid: \n' +
        '* spec: Invalid value: "object": replicas should be greater than or equal to minReplicas.\n' +
        '* spec.ports[1]: Invalid value: "integer": port 0 is out of range\n' +
        '* spec.ports[2]: Invalid value: "integer": port 70000 is out of range\n',
    );
  });

  await t.test('a transition rule keeps a field immutable', async () => {
    const out = await daemon.kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"name":"second"}}');
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'The Widget "w1" is invalid: spec.name: Invalid value: "string": Value is immutable\n');
    const same = await daemon.kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"replicas":4}}');
    assert.equal(same.stdout, 'widget.example.com/w1 patched\n', same.stderr);
  });

  await t.test('oneOf: none of the alternatives, or both', async () => {
    const none = await apply(widget('w3', '  replicas: 1\n  minReplicas: 1\n  source: {}\n'));
    assert.equal(
      none.stderr,
      'The Widget "w3" is invalid: \n' +
        '* <nil>: Invalid value: "": "spec.source" must validate one and only one schema (oneOf). Found none valid\n' +
        '* spec.source.uri: Required value\n' +
        // A Required error (from the best failing alternative) holds the CEL rules back, as upstream.
        '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n',
    );
    const both = await apply(widget('w3', '  replicas: 1\n  minReplicas: 1\n  source: {uri: u, path: p}\n'));
    assert.equal(both.stderr, 'The Widget "w3" is invalid: <nil>: Invalid value: "": "spec.source" must validate one and only one schema (oneOf). Found 2 valid alternatives\n');
    const one = await apply(widget('w3', '  replicas: 1\n  minReplicas: 1\n  source: {uri: u}\n'));
    assert.equal(one.stdout, 'widget.example.com/w3 created\n', one.stderr);
  });

  await t.test('a wrong type blocks the rules', async () => {
    const out = await apply(widget('w4', '  replicas: one\n  minReplicas: 1\n'));
    assert.equal(
      out.stderr,
      'The Widget "w4" is invalid: \n' +
        '* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n' +
        '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n',
    );
  });

  await t.test('a rule added later lets unchanged objects be updated, with a warning', async () => {
    const tightened = await apply(crd(`${minRule}\n            - rule: self.replicas <= 3\n              message: at most 3 replicas`));
    assert.equal(tightened.stdout, 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com configured\n', tightened.stderr);
    const label = await daemon.kubectl('label', 'widget', 'w1', 'touched=yes');
    assert.equal(label.stdout, 'widget.example.com/w1 labeled\n');
    assert.equal(label.stderr, 'Warning: spec: Invalid value: "object": at most 3 replicas\n');
    const more = await daemon.kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"replicas":5}}');
    assert.equal(more.stderr, 'The Widget "w1" is invalid: spec: Invalid value: "object": at most 3 replicas\n');
  });
});
