/**
 * Which userland an image's programs imitate, and each family's wording: busybox (the busybox
 * and alpine images) or GNU coreutils + procps (the Debian-based nginx and python images, ubuntu,
 * centos). One table per family, so that the programs ask "how does this userland say it?" instead
 * of testing the image everywhere. Versions matter where the words changed: coreutils 8.25 began
 * quoting file names in `ls: cannot access 'x'`, 9.0 added `-r not specified;` to cp's message,
 * procps 3.3.16 widened the PID column from 5 to 7. Containers run in the C locale (no LANG), so
 * GNU quotes with plain apostrophes. Leaves out dash's own wording for `sh` in Debian images.
 */
import { baseName } from '../fs/paths.js';
import type { ProcessContext, Userland } from '../process.js';

export type { Userland } from '../process.js';

/** busybox 1.37 as the busybox image ships it: root is also in wheel. */
export const busyboxUserland: Userland = { family: 'busybox', groups: '0(root),10(wheel)', ps: 'busybox' };

/** alpine's busybox: root belongs to the groups of alpine's /etc/group. */
export const alpineUserland: Userland = {
  family: 'busybox',
  groups: '0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)',
  ps: 'busybox',
};

/** A GNU userland: coreutils version, procps version (undefined: the image has no `ps`). */
export function gnuUserland(coreutils: string, procps: string | undefined, options: { platform?: boolean; sh?: 'dash' | 'bash'; bash?: string } = {}): Userland {
  return {
    family: 'gnu',
    coreutils,
    groups: '0(root)',
    ps: procps === undefined ? undefined : atLeast(procps, '3.3.16') ? 'procps' : 'procps-narrow',
    unamePlatform: options.platform ?? false,
    sh: options.sh ?? 'dash',
    bash: options.bash ?? '5.2',
  };
}

/**
 * The shell's "command not found" line: ash's `sh: foo: not found`, dash's `sh: 1: foo: not found`
 * (it always names the line), bash's `bash: line 1: foo: command not found` (bash ≥ 5.1 names the
 * line in `-c` mode too; before, and at an interactive prompt, `bash: foo: command not found`).
 */
export function commandNotFoundText(ctx: ProcessContext, shell: { arg0: string; applet: string; line: number; interactive: boolean; scripted: boolean }, name: string): string | undefined {
  const userland = userlandOf(ctx);
  const flavour = shell.applet === 'bash' ? 'bash' : userland.sh;
  if (flavour === undefined) return undefined;
  if (flavour === 'dash') return `${shell.arg0}: ${shell.line}: ${name}: not found\n`;
  const namesLine = !shell.interactive && (shell.scripted || atLeast(userland.bash ?? '5.2', '5.1'));
  return `${shell.arg0}: ${namesLine ? `line ${shell.line}: ` : ''}${name}: command not found\n`;
}

/** The words one family uses for the messages the labs meet; `name` is the operand as typed. */
export interface Wording {
  /** The prefix of a message: busybox prints the applet's name, GNU its argv[0] as given. */
  prefix(ctx: ProcessContext): string;
  catOpen(name: string, errno: string): string;
  catDirectory(name: string): string;
  lsMissing(name: string): string;
  rmMissing(name: string): string;
  rmDirectory(name: string): string;
  rmDot(name: string): string;
  removeFailed(name: string, errno: string): string;
  mkdirFailed(name: string, errno: string): string;
  statMissing(name: string): string;
  moveFailed(source: string, target: string, errno: string): string;
  omitDirectory(name: string): string;
  notDirectory(target: string): string;
  createFailed(target: string, errno: string): string;
  touchFailed(name: string, errno: string): string;
  /** head and tail. */
  openForReading(name: string, errno: string): string;
  /** The unknown-option error, with GNU's hint line; returns the lines after the prefix. */
  badOption(applet: string, letter: string): string;
  sleepInvalid(arg: string): string;
  envCannotRun(command: string): string;
}

const busyboxWording: Wording = {
  prefix: (ctx) => baseName(ctx.argv[0] ?? 'sh'),
  catOpen: (name, errno) => `can't open '${name}': ${errno}`,
  catDirectory: () => 'read error: Is a directory',
  lsMissing: (name) => `${name}: No such file or directory`,
  rmMissing: (name) => `can't stat '${name}': No such file or directory`,
  rmDirectory: (name) => `'${name}' is a directory`,
  rmDot: () => "can't remove '.' or '..'",
  removeFailed: (name, errno) => `can't remove '${name}': ${errno}`,
  mkdirFailed: (name, errno) => `can't create directory '${name}': ${errno}`,
  statMissing: (name) => `can't stat '${name}': No such file or directory`,
  moveFailed: (source, _target, errno) => `can't rename '${source}': ${errno}`,
  omitDirectory: (name) => `omitting directory '${name}'`,
  notDirectory: (target) => `'${target}' is not a directory`,
  createFailed: (target, errno) => `can't create '${target}': ${errno}`,
  touchFailed: (name, errno) => `${name}: ${errno}`,
  openForReading: (name, errno) => `${name}: ${errno}`,
  badOption: (_applet, letter) => `unrecognized option: ${letter}`,
  sleepInvalid: (arg) => `invalid number '${arg}'`,
  envCannotRun: (command) => `can't execute '${command}': No such file or directory`,
};

function gnuWording(coreutils: string): Wording {
  // coreutils quotes file names in the C locale with apostrophes; before 8.25 ls did not quote them.
  const q = (name: string): string => `'${name.replace(/'/g, `'\\''`)}'`;
  return {
    prefix: (ctx) => ctx.argv[0] ?? 'sh',
    catOpen: (name, errno) => `${name}: ${errno}`,
    catDirectory: (name) => `${name}: Is a directory`,
    lsMissing: (name) => `cannot access ${atLeast(coreutils, '8.25') ? q(name) : name}: No such file or directory`,
    rmMissing: (name) => `cannot remove ${q(name)}: No such file or directory`,
    rmDirectory: (name) => `cannot remove ${q(name)}: Is a directory`,
    rmDot: (name) => `refusing to remove '.' or '..' directory: skipping ${q(name)}`,
    removeFailed: (name, errno) => `cannot remove ${q(name)}: ${errno}`,
    mkdirFailed: (name, errno) => `cannot create directory ${q(name)}: ${errno}`,
    statMissing: (name) => `cannot stat ${q(name)}: No such file or directory`,
    moveFailed: (source, target, errno) => `cannot move ${q(source)} to ${q(target)}: ${errno}`,
    omitDirectory: (name) => `${atLeast(coreutils, '9.0') ? '-r not specified; ' : ''}omitting directory ${q(name)}`,
    notDirectory: (target) => `target ${q(target)} is not a directory`,
    createFailed: (target, errno) => `cannot create regular file ${q(target)}: ${errno}`,
    touchFailed: (name, errno) => `cannot touch ${q(name)}: ${errno}`,
    openForReading: (name, errno) => `cannot open ${q(name)} for reading: ${errno}`,
    badOption: (applet, letter) => `invalid option -- '${letter}'\nTry '${applet} --help' for more information.`,
    sleepInvalid: (arg) => `invalid time interval ${q(arg)}\nTry 'sleep --help' for more information.`,
    envCannotRun: (command) => `${q(command)}: No such file or directory`,
  };
}

const gnuWordings = new Map<string, Wording>();

/** The userland of the process's image (busybox when the image says nothing: the unit tests' default). */
export function userlandOf(ctx: ProcessContext): Userland {
  return ctx.userland ?? busyboxUserland;
}

export function wordingOf(ctx: ProcessContext): Wording {
  const userland = userlandOf(ctx);
  if (userland.family === 'busybox') return busyboxWording;
  const version = userland.coreutils ?? '9.1';
  let wording = gnuWordings.get(version);
  if (!wording) gnuWordings.set(version, (wording = gnuWording(version)));
  return wording;
}

export function isGnu(ctx: ProcessContext): boolean {
  return userlandOf(ctx).family === 'gnu';
}

/** Writes `prefix: message` to stderr in the family's way. */
export function report(ctx: ProcessContext, message: string): void {
  ctx.stderr(`${wordingOf(ctx).prefix(ctx)}: ${message}\n`);
}

/** An unknown option: busybox exits 1; GNU exits 1, or 2 for ls (its "serious trouble" status). */
export function reportBadOption(ctx: ProcessContext, letter: string): number {
  const applet = baseName(ctx.argv[0] ?? 'sh');
  report(ctx, wordingOf(ctx).badOption(wordingOf(ctx).prefix(ctx), letter));
  return isGnu(ctx) && applet === 'ls' ? 2 : 1;
}

function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
