/**
 * How shell control flow unwinds through the interpreter's async calls: `exit` (and fatal errors
 * and signals), `break`/`continue` with their level count, `return`, and a builtin's failure.
 * These are thrown values, caught by the construct they end (the shell or subshell, the loop, the
 * function call, the builtin runner).
 */

/** `exit`, a fatal error, or a signal: unwinds to the shell (or subshell) that ends. */
export class ExitShell {
  constructor(
    readonly status: number,
    /** A fatal error (syntax, expansion, special builtin): an interactive shell survives it. */
    readonly fatal = false,
  ) {}
}

/** Ctrl-C reached an interactive shell: the running command line is abandoned (status 130). */
export class Interrupted {}

export class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

export class ReturnFromFunction {
  constructor(readonly status: number) {}
}

/** A builtin's failure: printed as `sh: name: line N: message` (ash's format), status 2. */
export class BuiltinError extends Error {}
