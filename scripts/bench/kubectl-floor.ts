/**
 * The least `kubectl exec pod -- echo hi` can take on this machine, whatever the server: the same
 * kubectl, with the same kubeconfig shape and certificate, against a server that answers from
 * memory. It returns the pod kubelab returned for `GET pods/<name>`, and accepts the exec upgrade
 * with a `v5.channel.k8s.io` WebSocket that writes `hi\n` on stdout and the Success status on
 * channel 3 at once, so what is left is kubectl's own start-up, kubeconfig and discovery-cache
 * reads, its two TLS handshakes (the GET and the upgrade use separate connections) and Go's exit.
 * issue #5's 50 ms target is set against that floor in pods-10k.ts.
 *
 * Only for that measurement: it serves one pod and one command's output; any other GET (the
 * discovery documents kubectl caches on its first run against a new server) is passed to kubelab.
 */
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface FloorServer {
  server: string;
  close: () => Promise<void>;
}

/** Starts the floor server on a loopback port with the given serving certificate and key. */
export async function startFloorServer(options: { cert: string; key: string; podPath: string; pod: string; stdout: string; kubelab: { server: string; token: string; ca: string } }): Promise<FloorServer> {
  const kubelab = new URL(options.kubelab.server);
  const https: Server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    if ((req.url ?? '').split('?')[0] === options.podPath) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(options.pod);
      return;
    }
    const headers = { Authorization: `Bearer ${options.kubelab.token}`, ...(req.headers.accept ? { Accept: req.headers.accept } : {}) };
    const forward = request({ host: kubelab.hostname, port: kubelab.port, path: req.url, method: 'GET', ca: options.kubelab.ca, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'Content-Type': answer.headers['content-type'] ?? 'application/json' });
      answer.pipe(res);
    });
    forward.on('error', (err) => res.writeHead(502).end(String(err)));
    forward.end();
  });
  const sockets = new WebSocketServer({ server: https, handleProtocols: (protocols) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) });
  sockets.on('connection', (socket) => {
    socket.send(Buffer.concat([Buffer.from([1]), Buffer.from(options.stdout)]));
    socket.send(Buffer.concat([Buffer.from([3]), Buffer.from('{"metadata":{},"status":"Success"}')]));
    socket.close();
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as AddressInfo;
  return {
    server: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.close();
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  };
}
