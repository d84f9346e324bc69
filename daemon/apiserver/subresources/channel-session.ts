/**
 * One `v5.channel.k8s.io` stream session (reference/kubectl-compat.md §10), shared by pods/exec and
 * pods/attach: binary WebSocket frames whose first byte is the channel. In: 0 stdin, 4 resize
 * (`{"Width":W,"Height":H}`), 255 close (`[255, 0]`: the client's stdin reached EOF), handed to
 * the session's input handlers. Out: 1 stdout, 2 stderr (none on a TTY, which has one output), then
 * one Status on 3 and a normal close, which the client reads as the end.
 */
import { StringDecoder } from 'node:string_decoder';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../../../shared/api/errors.js';
import { wallSleep } from '../../../shared/clock.js';
import { logger } from '../../../shared/log.js';
import type { TerminalSize } from '../../runtime/tty/terminal.js';

const log = logger('apiserver');

export const channelProtocol = 'v5.channel.k8s.io';
const stdinChannel = 0;
const stdoutChannel = 1;
const stderrChannel = 2;
const errorChannel = 3;
const resizeChannel = 4;
const closeChannel = 255;
/**
 * How long output waits after the upgrade unless the client speaks first. kubectl's WebSocket
 * client starts reading the connection while it is still registering its streams, and drops a
 * frame for a stream it has not registered yet (client-go: `Unknown stream id 1, discarding
 * message`): `echo hi`'s output, sent a fraction of a millisecond after the 101, was lost in 4 of
 * 1,280 runs of eight kubectls at once on 2 cores (and 1 in 150 one at a time beside two busy
 * loops); held 6 ms, in 1 of 1,280 (measured 2026-11-23). A real apiserver never writes that soon:
 * it still dials the kubelet, which asks containerd to start the process. Any frame from the
 * client (a TTY's first resize, stdin) shows its streams exist and opens the gate at once. The
 * command itself starts at once; only its output waits.
 */
export const firstOutputDelayMs = 5;

export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The stream flags of an exec or attach request (`stdin=true&tty=true…`). */
export function streamOptions(url: URL): StreamOptions {
  const flag = (name: string): boolean => url.searchParams.get(name) === 'true' || url.searchParams.get(name) === '1';
  const tty = flag('tty');
  // A TTY merges stderr into its one output stream: kubectl asks for no stderr with -t.
  return { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') && !tty, tty };
}

export interface SessionInput {
  stdin?(text: string): void;
  resize?(size: TerminalSize): void;
  /** The client's stdin reached EOF. */
  stdinEnd?(): void;
}

export class ChannelSession {
  /** Aborted when the client goes away. */
  readonly hangup = new AbortController();
  private readonly decoder: StringDecoder;
  private input: SessionInput = {};
  /** Frames held until the gate opens (firstOutputDelayMs); undefined once open. */
  private held: Buffer[] | undefined = [];
  private closeWhenOpen = false;

  private constructor(
    private readonly ws: WebSocket,
    readonly options: StreamOptions,
    private readonly encoding: BufferEncoding,
  ) {
    this.decoder = new StringDecoder(encoding);
    ws.on('message', (data: Buffer) => this.receive(data));
    ws.on('close', () => {
      this.input.stdinEnd?.();
      this.hangup.abort();
    });
    ws.on('error', (error) => log.debug('stream session error', { error: String(error) }));
  }

  /**
   * Upgrades the request (answering a plain 400 when the client offers no v5 protocol). The
   * streams are text (utf8), or byte strings (latin1, one char per byte) for a program that reads
   * and writes archives.
   */
  static async accept(wss: WebSocketServer, options: StreamOptions, req: IncomingMessage, socket: Duplex, head: Buffer, encoding: BufferEncoding = 'utf8'): Promise<ChannelSession | undefined> {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(channelProtocol)) {
      const body = JSON.stringify(badRequest(`the ${channelProtocol} subprotocol is required`).status);
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return undefined;
    }
    const ws: WebSocket = await new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
    const session = new ChannelSession(ws, options, encoding);
    void wallSleep(firstOutputDelayMs).then(() => session.open());
    return session;
  }

  /** Sends what was held and lets later frames through at once. */
  private open(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const frame of held) if (this.isOpen) this.ws.send(frame);
    if (this.closeWhenOpen && this.isOpen) this.ws.close(1000);
  }

  /** Where the client's stdin and resizes go (stdin only if the request asked for it). */
  onInput(input: SessionInput): void {
    this.input = input;
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  readonly stdout = (data: string): void => {
    if (this.options.stdout) this.send(stdoutChannel, data);
  };

  /** On a TTY there is no stderr stream: what would go there goes to the one output. */
  readonly stderr = (data: string): void => {
    if (this.options.tty) this.stdout(data);
    else if (this.options.stderr) this.send(stderrChannel, data);
  };

  /** Ends the session: the Status on the error channel, then a normal close (kubectl reads to EOF). */
  finish(status: object): void {
    this.send(errorChannel, JSON.stringify(status));
    if (this.held) this.closeWhenOpen = true;
    else if (this.isOpen) this.ws.close(1000);
  }

  private send(channel: number, data: string): void {
    if (!this.isOpen || data === '') return;
    const frame = Buffer.concat([Buffer.from([channel]), Buffer.from(data, channel === errorChannel ? 'utf8' : this.encoding)]);
    if (this.held) this.held.push(frame);
    else this.ws.send(frame);
  }

  private receive(data: Buffer): void {
    this.open();
    const payload = data.subarray(1);
    switch (data[0]) {
      case stdinChannel:
        if (this.options.stdin) this.input.stdin?.(this.decoder.write(payload));
        return;
      case resizeChannel:
        return this.resize(payload);
      case closeChannel:
        if (payload[0] === stdinChannel) this.input.stdinEnd?.();
        return;
      default:
        log.debug('frame on an unknown channel', { channel: data[0] });
    }
  }

  private resize(payload: Buffer): void {
    if (!this.options.tty) return;
    try {
      const size = JSON.parse(payload.toString('utf8')) as { Width?: number; Height?: number };
      this.input.resize?.({ columns: Number(size.Width) || 0, rows: Number(size.Height) || 0 });
    } catch (error) {
      // A malformed resize is dropped, as the kubelet's resize decoder logs and continues.
      log.debug('bad resize message', { error: String(error) });
    }
  }
}
