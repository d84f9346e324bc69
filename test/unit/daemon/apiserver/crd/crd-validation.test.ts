import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { validateCrd, validateCrdUpdate } from '../../../../../daemon/apiserver/crd/crd-validation.js';

const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } } };

function crd(spec: Record<string, unknown> = {}, name = 'crontabs.stable.example.com'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
      versions: [{ name: 'v1', served: true, storage: true, schema }],
      ...spec,
    },
  };
}

const withSpec = (properties: Record<string, unknown>) => ({ openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } } });

const errors = (obj: KubeObject): string[] => validateCrd(obj).map(fieldErrorString);

const cases: { name: string; given: KubeObject; want: string[] }[] = [
  { name: 'accepts the docs CronTab CRD', given: crd(), want: [] },
  {
    name: 'wants the name to be <plural>.<group>',
    given: crd({}, 'crontab.stable.example.com'),
    want: ['metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group'],
  },
  {
    name: 'wants a schema for every version (v1 has no schemaless CRDs)',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true }] }),
    want: ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'],
  },
  {
    name: 'wants exactly one storage version',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true, schema }, { name: 'v2', served: true, storage: true, schema }] }),
    want: [
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:true, …}, apiextensions.CustomResourceDefinitionVersion{Name:"v2", Served:true, Storage:true, …}}: must have exactly one version marked as storage version',
    ],
  },
  {
    name: 'knows only the two scopes',
    given: crd({ scope: 'Global' }),
    want: ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
  },
  {
    name: 'wants a group with a dot',
    given: crd({ group: 'example' }, 'crontabs.example'),
    want: ['spec.group: Invalid value: "example": should be a domain with at least one dot'],
  },
  {
    name: 'wants lower-case plural names and lets the kind be mixed case',
    given: crd({ names: { plural: 'CronTabs', singular: 'crontab', kind: 'Cron_Tab', listKind: 'CronTabList' } }, 'CronTabs.stable.example.com'),
    want: [
      "spec.names.plural: Invalid value: \"CronTabs\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "spec.names.kind: Invalid value: \"Cron_Tab\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  {
    name: 'wants a type on every specified field of a structural schema',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: { image: {} } } } } } }] }),
    want: [
      'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.validation.openAPIV3Schema.properties[spec].properties[image].type: Required value: must not be empty for specified object fields',
    ],
  },
  {
    name: 'names the version whose schema is wrong when the versions have different schemas',
    given: crd({
      versions: [
        { name: 'v1', served: true, storage: true, schema },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: {} } } } } },
      ],
    }),
    want: ['spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields'],
  },
  {
    name: 'refuses a default that is not of its own type',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true, schema: withSpec({ size: { type: 'integer', default: 'big' } }) }] }),
    want: ['spec.validation.openAPIV3Schema.properties[spec].properties[size].default: Invalid value: "string":  in body must be of type integer: "string"'],
  },
  {
    name: 'refuses an object default with unknown fields or values its schema rejects',
    given: crd({
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: withSpec({
            port: { type: 'object', properties: { number: { type: 'integer', minimum: 1 } }, default: { number: 0 } },
            limits: { type: 'object', properties: { cpu: { type: 'string' } }, default: { cpu: '1', memory: '1Gi' } },
          }),
        },
      ],
    }),
    want: [
      'spec.validation.openAPIV3Schema.properties[spec].properties[limits].default: Invalid value: map[string]interface {}{"cpu":"1", "memory":"1Gi"}: must not have unknown fields',
      'spec.validation.openAPIV3Schema.properties[spec].properties[port].default.number: Invalid value: 0: number in body should be greater than or equal to 1',
    ],
  },
  {
    name: 'checks a default inside array items against the items schema',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true, schema: withSpec({ tags: { type: 'array', items: { type: 'string', default: 3 } } }) }] }),
    want: ['spec.validation.openAPIV3Schema.properties[spec].properties[tags].items.default: Invalid value: "integer":  in body must be of type string: "integer"'],
  },
  {
    name: 'accepts defaults that fit their schema',
    given: crd({ versions: [{ name: 'v1', served: true, storage: true, schema: withSpec({ size: { type: 'integer', default: 3 }, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } }) }] }),
    want: [],
  },
  {
    name: 'checks printer columns and scale paths',
    given: crd({
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema,
          subresources: { scale: { specReplicasPath: '.status.replicas', statusReplicasPath: '.status.replicas' } },
          additionalPrinterColumns: [{ name: 'Image', type: 'text', jsonPath: '.spec.image' }],
        },
      ],
    }),
    want: [
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "text": supported values: "boolean", "date", "integer", "number", "string"',
    ],
  },
];

for (const { name, given, want } of cases) {
  test(`CRD validation ${name}`, () => assert.deepEqual(errors(given), want));
}

test('CRD update keeps the group and plural, and scope and kind once established', () => {
  const old = crd();
  old.status = { conditions: [{ type: 'Established', status: 'True' }], storedVersions: ['v1'] };
  const next = crd({ scope: 'Cluster', names: { plural: 'crontabs', singular: 'crontab', kind: 'Cron', listKind: 'CronList' } });
  next.status = old.status;
  assert.deepEqual(validateCrdUpdate(next, old).map(fieldErrorString), [
    'spec.scope: Invalid value: "Cluster": field is immutable',
    'spec.names.kind: Invalid value: "Cron": field is immutable',
  ]);
});
