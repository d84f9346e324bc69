/**
 * A shell's state, apart from how commands run: variables and which are exported or read-only,
 * functions, traps, positional parameters, the working directory, the last status, the options
 * (`set -e`, `-x`, `-u`), and the message prefix ash puts on everything it prints
 * (`sh: …`, `sh: cd: line 1: …`, `script.sh: line 3: …`). Subshells start from a copy.
 */
import type { Command } from './ast.js';
import { ExitShell } from './control.js';
import type { InputStream, ShellIo } from './io.js';
import { baseName } from '../fs/paths.js';
import type { ProcessContext } from '../process.js';

export interface ShellOptions {
  /** `$0`, and the first word of every message (`sh`, `/bin/sh`). */
  arg0: string;
  /** The program's own name (basename of argv[0]); defaults to arg0's basename. */
  applet?: string;
  /** Set when running a script file: messages then read `sh: script.sh: line 3: …`. */
  scriptName?: string;
  positional?: string[];
  interactive?: boolean;
}

export class ShellState {
  vars = new Map<string, string>();
  exported = new Set<string>();
  readonlyVars = new Set<string>();
  functions = new Map<string, Command>();
  traps = new Map<string, string>();
  positional: string[];
  cwd: string;
  status = 0;
  line = 1;
  errexit = false;
  xtrace = false;
  nounset = false;
  interactive: boolean;
  /** Set by Ctrl-C on an interactive shell; shared with its subshells so that every loop stops. */
  interruption = { pending: false };
  lastBackgroundPid = 0;
  readonly jobs = new Set<Promise<number>>();
  /** Local variables of the running functions, innermost last (saved values to restore). */
  readonly localScopes: Map<string, string | undefined>[] = [];
  /**
   * The shell's own stdin when it is a terminal or a live stream: a command that still reads it
   * and still writes to the shell's stdout gets the terminal too (`exec bash` prompts, `ls` makes
   * columns), as a child inherits file descriptors 0 and 1.
   */
  terminalStdin?: InputStream;

  constructor(
    readonly ctx: ProcessContext,
    readonly options: ShellOptions,
  ) {
    this.positional = options.positional ?? [];
    this.cwd = ctx.cwd;
    this.interactive = options.interactive ?? false;
    for (const [name, value] of Object.entries(ctx.env)) {
      this.vars.set(name, value);
      this.exported.add(name);
    }
  }

  /** The applet name busybox prefixes its own builtins' messages with (`sh` for `/bin/sh`). */
  get appletName(): string {
    return this.options.applet ?? baseName(this.options.arg0);
  }

  /** A message as ash prints it: `sh: x` in `-c` mode, `sh: script: line N: x` for a script file. */
  message(text: string, command?: string): string {
    const name = command ?? this.options.scriptName;
    let prefix = `${this.options.arg0}: `;
    if (name !== undefined) {
      if (name !== this.options.arg0) prefix += `${name}: `;
      if (!this.interactive) prefix += `line ${this.line}: `;
    }
    return `${prefix}${text}\n`;
  }

  /** Copies what a subshell inherits: variables, functions, options, directory, parameters. */
  protected copyInto(copy: ShellState): void {
    copy.vars = new Map(this.vars);
    copy.exported = new Set(this.exported);
    copy.readonlyVars = new Set(this.readonlyVars);
    copy.functions = new Map(this.functions);
    copy.positional = [...this.positional];
    copy.cwd = this.cwd;
    copy.status = this.status;
    copy.line = this.line;
    copy.errexit = this.errexit;
    copy.xtrace = this.xtrace;
    copy.nounset = this.nounset;
    copy.interactive = false;
  }

  /** `$?` `$#` `$$` `$!` `$-` `$0` `$1`…; undefined for an ordinary name. */
  special(name: string): string | undefined {
    if (/^\d+$/.test(name)) return name === '0' ? this.options.arg0 : this.positional[Number(name) - 1];
    switch (name) {
      case '?': return String(this.status);
      case '#': return String(this.positional.length);
      case '$': return String(this.ctx.pid ?? 1);
      case '!': return this.lastBackgroundPid ? String(this.lastBackgroundPid) : '';
      case '-': return `${this.errexit ? 'e' : ''}${this.nounset ? 'u' : ''}${this.xtrace ? 'x' : ''}${this.interactive ? 'i' : ''}`;
      default: return undefined;
    }
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  /** A variable assignment; a readonly variable is a fatal error, as in ash. */
  assign(name: string, value: string, io: ShellIo): void {
    if (this.readonlyVars.has(name)) {
      io.stderr(this.message(`${name}: is read only`));
      throw new ExitShell(2, true);
    }
    this.vars.set(name, value);
  }

  /** The environment a program started from here receives: the exported variables. */
  environment(overrides: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const value = this.vars.get(name);
      if (value !== undefined) env[name] = value;
    }
    return { ...env, ...overrides };
  }
}
