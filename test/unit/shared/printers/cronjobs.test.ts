import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { cronJobPrinter } from '../../../../shared/printers/cronjobs.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function cronJob(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name: 'hello', namespace: 'default', creationTimestamp: '2024-01-01T11:00:00Z' },
    spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } }, ...spec },
    status,
  };
}

describe('cronJobPrinter', () => {
  it('declares NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE with SUSPEND boolean and ACTIVE integer', () => {
    assert.deepEqual(
      cronJobPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`),
      [
        'Name:string:0',
        'Schedule:string:0',
        'Timezone:string:0',
        'Suspend:boolean:0',
        'Active:integer:0',
        'Last Schedule:string:0',
        'Age:string:0',
        'Containers:string:1',
        'Images:string:1',
        'Selector:string:1',
      ],
    );
  });

  const cases: { name: string; given: KubeObject; want: unknown[] }[] = [
    { name: 'prints a never-scheduled cron job', given: cronJob({}), want: ['hello', '*/1 * * * *', '<none>', 'False', 0, '<none>', '60m', 'hello', 'busybox', '<none>'] },
    {
      name: 'prints the time zone, active jobs and last schedule',
      given: cronJob({ timeZone: 'Europe/Paris', suspend: true }, { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-01-01T11:59:00Z' }),
      want: ['hello', '*/1 * * * *', 'Europe/Paris', 'True', 1, '60s', '60m', 'hello', 'busybox', '<none>'],
    },
    { name: 'prints <unset> for a suspend the registry did not default', given: cronJob({ suspend: undefined }), want: ['hello', '*/1 * * * *', '<none>', '<unset>', 0, '<none>', '60m', 'hello', 'busybox', '<none>'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(cronJobPrinter.cells(c.given, now), c.want));
  }
});
