/**
 * Runs parsed command lines the way busybox ash does: and-or lists, pipelines (every stage in a
 * subshell), compound commands, functions, redirections, special and regular builtins, and other
 * programs through ProcessContext.spawn (so a container only runs the binaries its image has).
 * Messages carry ash's prefixes: `sh: foo: not found` (127) for a missing program,
 * `sh: cd: line 1: can't cd to /x: No such file or directory` for a builtin. The interpreter never
 * blocks the event loop: it yields every few dozen commands, and it stops when the process is
 * killed (SIGKILL) or, unless it is PID 1 or traps it, terminated (SIGTERM → 143).
 *
 * Why not the npm library just-bash (evaluated at 3.4.2, Apache-2.0, engines node >=20.18.1):
 * its `Bash.exec()` resolves with buffered `{stdout, stderr, exitCode}`, so a pod's
 * `while true; do echo …; sleep 5; done` would never reach the container log (measured: all lines
 * arrive when the loop ends, and loops stop at maxLoopIterations with exit 126); its messages are
 * bash's (`bash: foo: command not found`, `bash: syntax error: Parse error at 1:21: Expected FI,
 * got EOF`), not the busybox texts learners see in busybox/alpine images; and it installs 81
 * packages (89 MB: quickjs-emscripten, sql.js…) whose bundle imports node:fs and node:dns, which
 * the runtime must never touch. Its `sleep` hook and custom commands would have fitted our Clock
 * and programs, but streaming output cannot be added from outside. Hence this small interpreter.
 */
import type { Command, List, Pipeline, Redirect } from './ast.js';
import { BuiltinError, ExitShell, Interrupted, LoopControl, ReturnFromFunction } from './control.js';
import { expandPattern, expandWord, expandWords, type ExpansionScope } from './expand.js';
import { InputStream, Pipe, type ShellIo } from './io.js';
import { matchPattern } from './pattern.js';
import { Parser, ShellSyntaxError, parseScript } from './parser.js';
import { RedirectError, applyRedirects } from './redirect.js';
import { shellBuiltins, specialBuiltins, type Builtin } from './shell-builtins.js';
import { runProgram } from './external.js';
import { commandBuiltins } from './command-builtins.js';
import { ShellState } from './shell-state.js';

export type { ShellOptions } from './shell-state.js';

/** `$!` values: background jobs are not processes of their own here, so they get numbers of their own. */
let nextBackgroundPid = 100;

/** How many commands may run back to back before the shell lets other work run (a busy `while`). */
const commandsPerYield = 64;

export class Shell extends ShellState {
  /** The status of the last command substitution, the status of a command with no words. */
  private substitutionStatus = 0;
  private commandCount = 0;
  private conditionDepth = 0;
  private loopDepth = 0;
  private termHandled = false;

  /** Parses and runs a script one top-level line at a time, as ash does; a syntax error ends it with 2. */
  async runScript(source: string, io: ShellIo): Promise<number> {
    const parser = new Parser(source);
    try {
      for (;;) {
        let list: List | undefined;
        try {
          list = parser.nextCommand();
        } catch (error) {
          if (!(error instanceof ShellSyntaxError)) throw error;
          this.line = error.line;
          io.stderr(this.message(`syntax error: ${error.message}`));
          throw new ExitShell(2, true);
        }
        if (list === undefined) break;
        await this.runList(list, io);
      }
      return await this.finish(io, this.status);
    } catch (error) {
      if (error instanceof ExitShell) return this.finish(io, error.status);
      throw error;
    }
  }

  /** Runs the EXIT trap once, as the shell ends. */
  async finish(io: ShellIo, status: number): Promise<number> {
    const action = this.traps.get('EXIT');
    if (action === undefined) return status;
    this.traps.delete('EXIT');
    this.status = status;
    try {
      await this.evaluate(action, io);
    } catch (error) {
      if (error instanceof ExitShell) return error.status;
      throw error;
    }
    return status;
  }

  /** Runs a string as commands in this shell (eval, `.`, traps); a syntax error is fatal. */
  async evaluate(source: string, io: ShellIo): Promise<number> {
    let list: List;
    try {
      list = parseScript(source);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      io.stderr(this.message(`syntax error: ${error.message}`));
      throw new ExitShell(2, true);
    }
    return this.runList(list, io);
  }

  async runList(list: List, io: ShellIo): Promise<number> {
    for (const item of list) {
      if (item.background) {
        // A background job that dies with its process (killed) has nothing left to report.
        const job = this.subshell()
          .runIsolated([{ andOr: item.andOr, background: false }], { ...io, stdin: InputStream.of('') })
          .catch(() => 137);
        this.jobs.add(job);
        void job.then(() => this.jobs.delete(job));
        this.lastBackgroundPid = nextBackgroundPid++;
        this.status = 0;
      } else await this.runAndOr(item.andOr, io);
    }
    return this.status;
  }

  private async runAndOr(andOr: List[number]['andOr'], io: ShellIo): Promise<number> {
    const steps = [{ op: undefined, pipeline: andOr.first }, ...andOr.rest];
    let lastRan = 0;
    for (const [i, step] of steps.entries()) {
      if (step.op === '&&' && this.status !== 0) continue;
      if (step.op === '||' && this.status === 0) continue;
      // Every pipeline but the last of an && / || list is a condition: set -e ignores its failure.
      const isCondition = i < steps.length - 1;
      if (isCondition) this.conditionDepth++;
      try {
        await this.runPipeline(step.pipeline, io);
      } finally {
        if (isCondition) this.conditionDepth--;
      }
      lastRan = i;
    }
    const last = steps[lastRan]!.pipeline;
    if (this.errexit && this.status !== 0 && this.conditionDepth === 0 && lastRan === steps.length - 1 && !last.negate) throw new ExitShell(this.status);
    return this.status;
  }

  private async runPipeline(pipeline: Pipeline, io: ShellIo): Promise<number> {
    let status: number;
    if (pipeline.commands.length === 1) status = await this.runCommand(pipeline.commands[0]!, io);
    else {
      const pipes = pipeline.commands.slice(1).map(() => new Pipe());
      const stages = pipeline.commands.map((command, i) => {
        const stageIo: ShellIo = {
          stdout: i < pipes.length ? pipes[i]!.write : io.stdout,
          stderr: io.stderr,
          stdin: i === 0 ? io.stdin : new InputStream(() => pipes[i - 1]!.read()),
        };
        return this.subshell()
          .runIsolated([{ andOr: { first: { negate: false, commands: [command] }, rest: [] }, background: false }], stageIo)
          .finally(() => pipes[i]?.close());
      });
      status = (await Promise.all(stages)).at(-1)!;
    }
    this.status = pipeline.negate ? Number(status === 0) : status;
    return this.status;
  }

  async runCommand(command: Command, io: ShellIo): Promise<number> {
    await this.checkpoint(io);
    if (command.type === 'simple') return this.runSimple(command, io);
    if (command.type === 'function') {
      this.functions.set(command.name, command.body);
      return (this.status = 0);
    }
    let redirected: ShellIo;
    try {
      redirected = await this.redirect(command.redirects, io);
    } catch (error) {
      return this.redirectFailed(error, io);
    }
    switch (command.type) {
      case 'if':
        for (const clause of command.clauses) {
          if ((await this.condition(clause.condition, redirected)) === 0) return this.runList(clause.body, redirected);
        }
        return command.elseBody ? this.runList(command.elseBody, redirected) : (this.status = 0);
      case 'loop':
        return this.runLoop(redirected, async () => ((await this.condition(command.condition, redirected)) === 0) !== command.until, command.body);
      case 'for': {
        const items = command.items ? await expandWords(this.scope(redirected), command.items) : [...this.positional];
        return this.runLoop(redirected, async () => {
          const item = items.shift();
          if (item === undefined) return false;
          this.setVar(command.name, item);
          return true;
        }, command.body);
      }
      case 'case': {
        const subject = await expandWord(this.scope(redirected), command.subject);
        for (const item of command.items) {
          for (const pattern of item.patterns) {
            if (matchPattern(await expandPattern(this.scope(redirected), pattern), subject)) return this.runList(item.body, redirected);
          }
        }
        return (this.status = 0);
      }
      case 'subshell':
        return (this.status = await this.subshell().runIsolated(command.body, redirected));
      case 'group':
        return this.runList(command.body, redirected);
    }
  }

  private async condition(list: List, io: ShellIo): Promise<number> {
    this.conditionDepth++;
    try {
      return await this.runList(list, io);
    } finally {
      this.conditionDepth--;
    }
  }

  private async runLoop(io: ShellIo, next: () => Promise<boolean>, body: List): Promise<number> {
    let status = 0;
    this.loopDepth++;
    try {
      while (await next()) {
        try {
          status = await this.runList(body, io);
        } catch (error) {
          if (!(error instanceof LoopControl)) throw error;
          if (error.levels > 1) {
            error.levels--;
            throw error;
          }
          if (error.kind === 'break') break;
        }
        await this.checkpoint(io);
      }
    } finally {
      this.loopDepth--;
    }
    return (this.status = status);
  }

  get insideLoop(): boolean {
    return this.loopDepth > 0;
  }

  private async runSimple(command: Command & { type: 'simple' }, io: ShellIo): Promise<number> {
    this.line = command.line;
    const scope = this.scope(io);
    this.substitutionStatus = 0;
    const argv = await expandWords(scope, command.words);
    const assignments: [string, string][] = [];
    for (const a of command.assignments) assignments.push([a.name, await expandWord(scope, a.value)]);
    let redirected: ShellIo;
    try {
      redirected = await this.redirect(command.redirects, io);
    } catch (error) {
      return this.redirectFailed(error, io);
    }
    if (argv.length === 0) {
      // Assignments alone change the shell; the status is that of the last command substitution.
      for (const [name, value] of assignments) this.assign(name, value, io);
      return (this.status = this.substitutionStatus);
    }
    if (this.xtrace) io.stderr(`+ ${[...assignments.map(([n, v]) => `${n}=${v}`), ...argv].join(' ')}\n`);
    const name = argv[0]!;
    const special = specialBuiltins.get(name);
    if (special) {
      for (const [n, v] of assignments) this.assign(n, v, io);
      return (this.status = await this.runBuiltin(special, name, argv, redirected, true));
    }
    const fn = this.functions.get(name);
    if (fn) return (this.status = await this.withTemporaryVars(assignments, () => this.callFunction(fn, argv.slice(1), redirected)));
    const builtin = shellBuiltins.get(name) ?? commandBuiltins.get(name);
    if (builtin) return (this.status = await this.withTemporaryVars(assignments, () => this.runBuiltin(builtin, name, argv, redirected)));
    return (this.status = await runProgram(this, argv, Object.fromEntries(assignments), redirected));
  }

  /** Runs a builtin; its error is printed with ash's prefix and, for a special builtin, ends the shell. */
  private async runBuiltin(builtin: Builtin, name: string, argv: string[], io: ShellIo, special = false): Promise<number> {
    try {
      return await builtin(this, argv, io);
    } catch (error) {
      if (!(error instanceof BuiltinError)) throw error;
      io.stderr(this.message(error.message, name));
      if (special) throw new ExitShell(2, true);
      return 2;
    }
  }

  async callFunction(body: Command, args: string[], io: ShellIo): Promise<number> {
    const saved = this.positional;
    this.positional = args;
    this.localScopes.push(new Map());
    try {
      return await this.runCommand(body, io);
    } catch (error) {
      if (error instanceof ReturnFromFunction) return error.status;
      throw error;
    } finally {
      for (const [name, value] of this.localScopes.pop()!) {
        if (value === undefined) this.vars.delete(name);
        else this.vars.set(name, value);
      }
      this.positional = saved;
    }
  }

  private async withTemporaryVars(assignments: [string, string][], run: () => Promise<number>): Promise<number> {
    const saved = assignments.map(([name]) => [name, this.vars.get(name)] as const);
    for (const [name, value] of assignments) this.vars.set(name, value);
    try {
      return await run();
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) this.vars.delete(name);
        else this.vars.set(name, value);
      }
    }
  }

  /** A copy of this shell for a subshell, a pipeline stage or a command substitution. */
  subshell(): Shell {
    const copy = new Shell(this.ctx, { ...this.options });
    this.copyInto(copy);
    copy.termHandled = this.termHandled;
    copy.interruption = this.interruption;
    copy.terminalStdin = this.terminalStdin;
    return copy;
  }

  /** Runs a list in this (sub)shell and returns its status, `exit` included. */
  async runIsolated(list: List, io: ShellIo): Promise<number> {
    try {
      return await this.runList(list, io);
    } catch (error) {
      if (error instanceof ExitShell) return error.status;
      if (error instanceof LoopControl || error instanceof ReturnFromFunction) return this.status;
      throw error;
    }
  }

  scope(io: ShellIo): ExpansionScope {
    return {
      getVar: (name) => this.vars.get(name),
      setVar: (name, value) => this.assign(name, value, io),
      special: (name) => this.special(name),
      positional: () => this.positional,
      commandSubstitution: async (body) => {
        let out = '';
        const sub = this.subshell();
        this.substitutionStatus = await sub.runIsolated(body, { ...io, stdout: (d) => (out += d) });
        return out;
      },
      fail: (text) => {
        io.stderr(this.message(text));
        throw new ExitShell(2, true);
      },
      fs: this.ctx.fs,
      cwd: this.cwd,
      nounset: this.nounset,
    };
  }

  private redirect(redirects: readonly Redirect[], io: ShellIo): Promise<ShellIo> {
    if (redirects.length === 0) return Promise.resolve(io);
    const scope = this.scope(io);
    return applyRedirects(
      { fs: this.ctx.fs, cwd: this.cwd, expand: (r, heredoc) => (heredoc ? (r.heredoc ? expandWord(scope, r.heredoc) : Promise.resolve('')) : expandWord(scope, r.target)) },
      redirects,
      io,
    );
  }

  private redirectFailed(error: unknown, io: ShellIo): number {
    if (!(error instanceof RedirectError)) throw error;
    io.stderr(this.message(error.message));
    return (this.status = 2);
  }

  /** Between commands: honour SIGKILL/SIGTERM (and a TERM trap), Ctrl-C, and let the event loop breathe. */
  private async checkpoint(io: ShellIo): Promise<void> {
    const { ctx } = this;
    if (ctx.killed?.aborted) throw new ExitShell(137);
    if (this.interruption.pending) throw new Interrupted();
    if (ctx.signal.aborted && !this.termHandled) {
      // The signal that landed: SIGTERM (a stop, `kill`), or SIGINT when a Ctrl-C reached the shell
      // while it waited for a command that catches it.
      const interrupted = ctx.signal.reason === 'SIGINT';
      const trap = this.traps.get(interrupted ? 'INT' : 'TERM');
      if (trap !== undefined) {
        this.termHandled = true;
        await this.evaluate(trap, io);
      } else if (!(ctx.pid === 1 && ctx.killed)) throw new ExitShell(interrupted ? 130 : 143);
    }
    if (++this.commandCount % commandsPerYield === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
