import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ChannelSession, channelProtocol } from '../../../../../daemon/apiserver/subresources/channel-session.js';

/** A server whose one session writes `written` at once after the upgrade; resolves with what a v5 client receives, in order. */
async function receive(t: import('node:test').TestContext, written: (session: ChannelSession) => void, clientFirst?: Buffer): Promise<string[]> {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer();
  server.on('upgrade', (req, socket, head) => {
    void ChannelSession.accept(wss, { stdin: false, stdout: true, stderr: true, tty: false }, req, socket, head).then((session) => session && written(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
    wss.close();
  });
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, [channelProtocol]);
  const frames: string[] = [];
  client.on('open', () => clientFirst && client.send(clientFirst));
  client.on('message', (data: Buffer) => frames.push(`${data[0]}:${data.subarray(1).toString('utf8')}`));
  const code = await new Promise<number>((resolve) => client.on('close', resolve));
  frames.push(`close ${code}`);
  return frames;
}

test('output written at once after the upgrade is held briefly, then sent in order before the Status and the close', async (t) => {
  const frames = await receive(t, (session) => {
    session.stdout('hi\n');
    session.stderr('oops\n');
    session.finish({ status: 'Success' });
  });
  assert.deepEqual(frames, ['1:hi\n', '2:oops\n', '3:{"status":"Success"}', 'close 1000']);
});

test('a frame from the client opens the gate; what follows is sent in order too', async (t) => {
  const frames = await receive(
    t,
    (session) => {
      session.stdout('a');
      setImmediate(() => {
        session.stdout('b');
        session.finish({ status: 'Success' });
      });
    },
    Buffer.from([4, ...Buffer.from('{"Width":80,"Height":24}')]),
  );
  assert.deepEqual(frames, ['1:a', '1:b', '3:{"status":"Success"}', 'close 1000']);
});
