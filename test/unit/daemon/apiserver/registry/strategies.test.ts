import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resources } from '../../../../../shared/api/resources.js';
import { minimalStrategy, strategyFor } from '../../../../../daemon/apiserver/registry/strategies.js';
import { podStrategy } from '../../../../../daemon/apiserver/registry/pods.js';
import { deploymentStrategy } from '../../../../../daemon/apiserver/registry/deployments.js';

describe('strategyFor', () => {
  const cases = [
    { name: 'finds the pod strategy in the core group', given: ['', 'pods'], want: podStrategy },
    { name: 'finds the deployment strategy in apps', given: ['apps', 'deployments'], want: deploymentStrategy },
    { name: 'falls back to the minimal strategy', given: ['example.com', 'widgets'], want: minimalStrategy },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(strategyFor(given[0]!, given[1]!), want));

  it('has a strategy with a name rule for every served resource', () => {
    for (const info of resources) assert.ok(strategyFor(info.group, info.resource).nameRule, `${info.group}/${info.resource}`);
  });
});
