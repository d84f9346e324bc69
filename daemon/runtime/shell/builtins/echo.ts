/**
 * `echo` and `printf` as busybox implements them (also the shell's builtin versions): echo takes
 * `-n`, `-e`, `-E` and interprets backslash escapes only with `-e`; printf reuses its format until
 * the arguments run out and supports %s %b %c %d %i %u %o %x %X %e %f %g %%.
 */
import type { Program } from '../../process.js';
import { appletOf } from './common.js';

/** What echo prints for its arguments (argv without argv[0]). */
export function echoOutput(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const c of arg.slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const { output, stop } = interpretEscapes(text, true);
    if (stop) return output;
    text = output;
  }
  return newline ? `${text}\n` : text;
}

export const echoProgram: Program = async (ctx) => {
  ctx.stdout(echoOutput(ctx.argv.slice(1)));
  return 0;
};

/** Backslash escapes of `echo -e` and printf's `%b` (`\0nnn` octal) or format (`\nnn` octal). */
function interpretEscapes(text: string, echoStyle: boolean): { output: string; stop: boolean } {
  let output = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      output += c;
      continue;
    }
    const n = text[++i]!;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' };
    if (n in simple) output += simple[n];
    else if (n === 'c') return { output, stop: true };
    else if (/[0-7]/.test(n)) {
      // echo -e writes octal as \0nnn, printf's format as \nnn.
      const from = echoStyle && n === '0' ? i + 1 : i;
      const digits = /^[0-7]{1,3}/.exec(text.slice(from))?.[0] ?? '';
      output += String.fromCharCode(parseInt(digits || '0', 8));
      i = from + digits.length - 1;
    } else output += `\\${n}`;
  }
  return { output, stop: false };
}

/** Formats printf's output; `problems` collects busybox's complaints about bad numbers. */
export function printfOutput(format: string, args: readonly string[], problems: string[] = []): string {
  let out = '';
  let index = 0;
  const next = (): string | undefined => args[index++];
  const number = (value: string | undefined): number => {
    if (value === undefined || value === '') return 0;
    if (/^['"]/.test(value)) return value.codePointAt(1) ?? 0;
    const parsed = Number(value);
    if (Number.isNaN(parsed)) {
      problems.push(`invalid number '${value}'`);
      return 0;
    }
    return parsed;
  };
  do {
    const start = index;
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c === '\\') {
        const escape = /^\\([0-7]{1,3}|.)/s.exec(format.slice(i))![0];
        const { output, stop } = interpretEscapes(escape, false);
        out += output;
        if (stop) return out;
        i += escape.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const spec = /^%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([a-zA-Z%])/.exec(format.slice(i));
      if (!spec) {
        out += c;
        continue;
      }
      i += spec[0].length - 1;
      const [, flagText = '', widthText, precisionText, conversion] = spec;
      if (conversion === '%') {
        out += '%';
        continue;
      }
      const width = widthText === '*' ? number(next()) : Number(widthText ?? 0);
      const precision = precisionText === '*' ? number(next()) : precisionText === undefined ? undefined : Number(precisionText);
      out += pad(convert(conversion!, next(), precision, flagText, number), width, flagText);
    }
    if (index === start) break;
  } while (index < args.length);
  return out;
}

function convert(conversion: string, arg: string | undefined, precision: number | undefined, flags: string, number: (v: string | undefined) => number): string {
  switch (conversion) {
    case 's':
      return precision === undefined ? (arg ?? '') : (arg ?? '').slice(0, precision);
    case 'b':
      return interpretEscapes(arg ?? '', true).output;
    case 'c':
      return (arg ?? '').slice(0, 1);
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(number(arg));
      return `${n >= 0 && flags.includes('+') ? '+' : ''}${n}`;
    }
    case 'o':
      return Math.trunc(number(arg)).toString(8);
    case 'x':
      return Math.trunc(number(arg)).toString(16);
    case 'X':
      return Math.trunc(number(arg)).toString(16).toUpperCase();
    case 'f':
      return number(arg).toFixed(precision ?? 6);
    case 'e':
      return number(arg).toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
    case 'g':
      return String(Number(number(arg).toPrecision(precision || 6)));
    default:
      return '';
  }
}

function pad(text: string, width: number, flags: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

export const printfProgram: Program = async (ctx) => {
  const [format, ...args] = ctx.argv.slice(1);
  if (format === undefined) {
    ctx.stderr(`${appletOf(ctx)}: usage: printf FORMAT [ARGUMENT]...\n`);
    return 1;
  }
  const problems: string[] = [];
  ctx.stdout(printfOutput(format, args, problems));
  for (const problem of problems) ctx.stderr(`${appletOf(ctx)}: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
};
