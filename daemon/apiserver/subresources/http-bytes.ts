/**
 * HTTP/1.1 on the wire, for the bytes port-forward carries: requests cut from what the local
 * client sent (request line, headers, a Content-Length body; keep-alive gives several in a row),
 * and responses written back with their status line and a Content-Length. The pods' servers are
 * simulated per request (runtime/network.ts), so this is where bytes become requests and back.
 * Left out: chunked request bodies, and anything that is not HTTP (raw TCP protocols).
 */
import type { HttpRequest, HttpResponse } from '../../runtime/network.js';
import { statusLine } from '../../runtime/shell/builtins/http.js';

export type ParsedRequests = { requests: Omit<HttpRequest, 'remoteAddress'>[]; rest: Buffer } | { error: string };

const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

/** Complete requests at the front of buffer, and the bytes of the next, unfinished one. */
export function parseRequests(buffer: Buffer): ParsedRequests {
  const requests: Omit<HttpRequest, 'remoteAddress'>[] = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) {
      if (rest.length > 0 && !/^[A-Z]*( |$)/.test(rest.subarray(0, 16).toString('latin1'))) return { error: 'not an HTTP request' };
      return { requests, rest };
    }
    const [first = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const match = requestLine.exec(first);
    if (!match) return { error: 'not an HTTP request' };
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    const lengthHeader = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    const length = Number(lengthHeader ?? 0) || 0;
    if (rest.length < end + 4 + length) return { requests, rest };
    const body = rest.subarray(end + 4, end + 4 + length).toString('utf8');
    requests.push({ method: match[1]!, path: match[2]!, headers, body });
    rest = rest.subarray(end + 4 + length);
  }
}

/** The response as the server would put it on the wire. */
export function serializeResponse(response: HttpResponse, method: string): Buffer {
  const body = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(response.body, 'utf8');
  const headers = { ...response.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) headers['Content-Length'] = String(Buffer.byteLength(response.body));
  const head = [statusLine(response.status), ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}
