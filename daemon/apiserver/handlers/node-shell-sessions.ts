/**
 * The HTTP side of `kubelab node shell`: a command (or an interactive bash) run on a node's shell
 * host, with its output streamed back as JSON lines (`{"stdout":…}`, `{"stderr":…}`) up to the
 * point where the shell wants the next line typed (`{"input":true}`) or has exited
 * (`{"exit":N}`). The CLI posts each line typed to the session; each answer streams until the
 * next prompt. Plain request/response rather than a WebSocket, so the CLI needs no upgrade
 * handling and each exchange stays well inside the server's request timeout.
 * kubelab-only, like the rest of /kubelab/v1; nothing of it is Kubernetes API.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed, notFound } from '../../../shared/api/errors.js';
import type { NodeShellHost } from '../../node/node-shell.js';

export type ShellFrame = { stdout: string } | { stderr: string } | { input: true } | { exit: number };

/** Interactive sessions kept at once; the oldest goes when one more starts (a CLI that vanished). */
const maxSessions = 32;
const maxRequestBytes = 64 * 1024;

const sessions = new Map<string, ShellSession>();

/** One shell on a node, its pending output and the line it waits for. */
class ShellSession {
  readonly id = randomBytes(12).toString('hex');
  private frames: ShellFrame[] = [];
  private sink?: (frame: ShellFrame) => void;
  private boundary?: () => void;
  private nextLine?: (line: string | undefined) => void;
  finished = false;

  constructor(readonly nodeName: string, host: NodeShellHost, argv: string[], interactive: boolean) {
    const readLine = (): Promise<string | undefined> =>
      new Promise((resolve) => {
        this.nextLine = resolve;
        this.emit({ input: true });
      });
    host
      .exec(argv, { stdin: '', stdout: (d) => this.emit({ stdout: d }), stderr: (d) => this.emit({ stderr: d }), ...(interactive ? { readLine } : {}) })
      .then(
        (code) => this.emit({ exit: code }),
        (err: unknown) => {
          this.emit({ stderr: `${(err as Error)?.message ?? String(err)}\n` });
          this.emit({ exit: 126 });
        },
      );
  }

  /** Writes pending and new output until the shell asks for input or exits. */
  pump(write: (frame: ShellFrame) => void): Promise<void> {
    return new Promise((resolve) => {
      const pending = this.frames;
      this.frames = [];
      for (const frame of pending) {
        write(frame);
        if (isBoundary(frame)) return resolve();
      }
      this.sink = write;
      this.boundary = resolve;
    });
  }

  /** A line typed (undefined: end of input, Ctrl-D). */
  send(line: string | undefined): void {
    const next = this.nextLine;
    this.nextLine = undefined;
    next?.(line);
  }

  /** The CLI went away: end the shell as a hang-up would. */
  close(): void {
    this.send(undefined);
  }

  private emit(frame: ShellFrame): void {
    if ('exit' in frame) this.finished = true;
    if (!this.sink) {
      this.frames.push(frame);
      return;
    }
    this.sink(frame);
    if (isBoundary(frame)) {
      const done = this.boundary;
      this.sink = undefined;
      this.boundary = undefined;
      done?.();
    }
  }
}

function isBoundary(frame: ShellFrame): boolean {
  return 'input' in frame || 'exit' in frame;
}

/** `POST …/nodes/<name>/shell` starts one; `POST|DELETE …/shell/<id>` feeds or ends it. */
export async function serveNodeShell(host: () => Promise<NodeShellHost>, nodeName: string, sessionId: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (sessionId !== undefined) {
    const session = sessions.get(sessionId);
    if (!session || session.nodeName !== nodeName) throw notFound({ group: 'kubelab', resource: 'shellsessions' }, sessionId);
    if (req.method === 'DELETE') {
      sessions.delete(sessionId);
      session.close();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      return;
    }
    if (req.method !== 'POST') throw methodNotAllowed();
    const body = await readJson(req);
    session.send(body.eof === true ? undefined : String(body.line ?? ''));
    return stream(session, res);
  }
  if (req.method !== 'POST') throw methodNotAllowed();
  const body = await readJson(req);
  const command = Array.isArray(body.command) ? body.command.map(String) : [];
  const interactive = command.length === 0;
  // Like `ssh node1 CMD…`: the words are joined with spaces and run by the login shell (so a
  // quoted 'a | b' is a pipeline); no command, an interactive shell.
  const argv = interactive ? ['/bin/bash'] : ['/bin/bash', '-c', command.join(' ')];
  const session = new ShellSession(nodeName, await host(), argv, interactive);
  if (interactive) {
    if (sessions.size >= maxSessions) {
      const [oldest] = sessions.keys();
      sessions.get(oldest!)?.close();
      sessions.delete(oldest!);
    }
    sessions.set(session.id, session);
  }
  return stream(session, res);
}

async function stream(session: ShellSession, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache, private', 'X-Kubelab-Session': session.id });
  await session.pump((frame) => res.write(`${JSON.stringify(frame)}\n`));
  if (session.finished) sessions.delete(session.id);
  res.end();
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > maxRequestBytes) reject(badRequest('request body too large'));
    });
    req.on('end', () => {
      try {
        const parsed: unknown = text ? JSON.parse(text) : {};
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
      } catch (err) {
        reject(badRequest(`invalid JSON: ${(err as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}
