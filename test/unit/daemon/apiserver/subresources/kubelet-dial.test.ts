import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { notFound, type StatusError } from '../../../../../shared/api/errors.js';
import { KubeletDirectory } from '../../../../../daemon/apiserver/kubelet-directory.js';
import { dialFailureStatus, kubeletDialError, logQuery, streamQuery } from '../../../../../daemon/apiserver/subresources/kubelet-dial.js';

const pod = { metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node2' }, status: { hostIP: '172.18.0.3' } } as KubeObject;
const endpoint = { containerHandle: () => undefined };

test('a kubelet that stopped is unreachable; one that never ran here, or runs, is not', () => {
  const directory = new KubeletDirectory();
  assert.equal(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []), undefined, 'no kubelet known (in-process API tests)');
  directory.register('node2', endpoint);
  assert.equal(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []), undefined);
  directory.unregister('node2');
  assert.equal(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []), 'Get "https://172.18.0.3:10250/containerLogs/default/web/nginx": dial tcp 172.18.0.3:10250: connect: no route to host');
  directory.register('node2', endpoint);
  assert.equal(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []), undefined, 'the node came back');
});

test('the kubelet URL carries the options as Go encodes them: keys sorted, values in order', () => {
  const directory = new KubeletDirectory();
  directory.unregister('node2');
  const logs = logQuery(new URL('https://x/api/v1/namespaces/default/pods/web/log?container=nginx&timestamps=true&tailLines=5&follow=true&sinceTime=2026-01-01T00:00:00Z'));
  assert.equal(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', logs), 'Get "https://172.18.0.3:10250/containerLogs/default/web/nginx?follow=true&sinceTime=2026-01-01T00%3A00%3A00Z&tailLines=5&timestamps=true": dial tcp 172.18.0.3:10250: connect: no route to host');
  const exec = streamQuery({ stdin: true, stdout: true, stderr: false, tty: true }, ['sh', '-c', 'echo hi']);
  assert.equal(kubeletDialError(directory, pod, 'Post', '/exec/default/web/nginx', exec), 'Post "https://172.18.0.3:10250/exec/default/web/nginx?command=sh&command=-c&command=echo+hi&input=1&output=1&tty=1": dial tcp 172.18.0.3:10250: connect: no route to host');
  assert.deepEqual(dialFailureStatus('X'), { metadata: {}, status: 'Failure', message: 'Internal error occurred: error sending request: X', reason: 'InternalError', code: 500 });
});

test('the query is escaped as Go\'s url.QueryEscape does: `~` kept, `*`, `!`, `\'`, `(`, `)` escaped, space as +', () => {
  const directory = new KubeletDirectory();
  directory.unregister('node2');
  const exec = streamQuery({ stdin: false, stdout: true, stderr: true, tty: false }, ['ls', '~/*', "echo 'hi' (1)!"]);
  assert.equal(kubeletDialError(directory, pod, 'Post', '/exec/default/web/nginx', exec), 'Post "https://172.18.0.3:10250/exec/default/web/nginx?command=ls&command=~%2F%2A&command=echo+%27hi%27+%281%29%21&error=1&output=1": dial tcp 172.18.0.3:10250: connect: no route to host');
});

test('a pod whose Node object is gone gets the node lookup NotFound before any dial, as the apiserver reads the Node for its address', () => {
  const directory = new KubeletDirectory();
  directory.unregister('node2');
  directory.getNode = (name) => {
    throw notFound({ group: '', resource: 'nodes' }, name);
  };
  assert.throws(() => kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []), (err: unknown) => {
    const status = (err as StatusError).status;
    assert.deepEqual([status.code, status.reason, status.message], [404, 'NotFound', 'nodes "node2" not found']);
    return true;
  });
  directory.getNode = () => ({});
  assert.match(kubeletDialError(directory, pod, 'Get', '/containerLogs/default/web/nginx', []) ?? '', /no route to host$/, 'the Node is there: the dial fails');
});
