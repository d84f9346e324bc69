/**
 * A small structured logger: one per component, fields carry the object key (STYLE §2.7).
 * Writes one line per record to stderr; the level comes from KUBELAB_LOG (error|info|debug).
 */

import { wallNow } from './clock.js';

export type LogLevel = 'error' | 'info' | 'debug';
const rank: Record<LogLevel, number> = { error: 0, info: 1, debug: 2 };

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

let threshold: LogLevel = (process.env.KUBELAB_LOG as LogLevel) in rank ? (process.env.KUBELAB_LOG as LogLevel) : 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function logger(component: string): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (rank[level] > rank[threshold]) return;
    const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
    process.stderr.write(`${new Date(wallNow()).toISOString()} ${level.toUpperCase()} ${component}: ${message}${extra}\n`);
  };
  return {
    error: (m, f) => write('error', m, f),
    info: (m, f) => write('info', m, f),
    debug: (m, f) => write('debug', m, f),
  };
}
