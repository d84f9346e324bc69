import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { upgradeWatch } from '../../../../../daemon/apiserver/handlers/watch-websocket.js';
import { startApiStore } from '../../../../helpers/api-store.js';

/** A socket that keeps what the server writes and closes when the server ends it. */
class RecordingSocket extends Duplex {
  written = '';
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.written += chunk.toString();
    done();
  }
  override _final(done: () => void): void {
    done();
    this.destroy();
  }
}

test('a watch upgrade whose handshake ws refuses ends the request instead of leaving it pending', async (t) => {
  const { registry } = await startApiStore(t);
  const socket = new RecordingSocket();
  const req = {
    method: 'GET',
    url: '/api/v1/namespaces/default/pods?watch=true',
    // Not a valid Sec-WebSocket-Key: ws answers 400 itself and never calls back.
    headers: { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'bad', host: 'localhost' },
    socket,
  } as unknown as IncomingMessage;
  const outcome = await Promise.race([
    upgradeWatch(registry, req, socket, Buffer.alloc(0)).then(() => 'settled'),
    // Once the socket has closed, a few turns of the event loop are more than the request needs.
    once(socket, 'close').then(() => new Promise((resolve) => setImmediate(() => setImmediate(() => resolve('pending'))))),
  ]);
  assert.equal(outcome, 'settled');
  assert.match(socket.written, /^HTTP\/1\.1 400 Bad Request/);
});
