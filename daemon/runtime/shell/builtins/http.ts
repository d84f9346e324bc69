/**
 * What `curl` and `wget` share: URL parsing (scheme optional, `https` on 443 — the simulated
 * network carries no TLS, so it is plain HTTP underneath), HTTP reason phrases, and a request that
 * follows redirects. Requests go through the pod's network (ProcessContext.net), never the host's.
 */
import type { HttpResponse, PodNetwork, RequestOptions, TlsClient } from '../../network.js';

export interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path with query: `/health?code=404`. */
  path: string;
  /** The URL as curl reports it after normalising: `http://localhost/`. */
  href: string;
}

/** Parses a URL as curl does (a missing scheme means http); undefined for a bad one. */
export function parseUrl(text: string): ParsedUrl | undefined {
  const match = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]+\]|[^/:?#]*)(?::(\d*))?([^#]*)/.exec(text);
  if (!match) return undefined;
  const scheme = (match[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const host = match[2]!.replace(/^\[|\]$/g, '');
  if (host === '') return undefined;
  const port = match[3] ? Number(match[3]) : scheme === 'https' ? 443 : 80;
  let path = match[4] || '/';
  if (path.startsWith('?')) path = `/${path}`;
  const defaultPort = (scheme === 'https' ? 443 : 80) === port;
  return { scheme, host, port, path, href: `${scheme}://${match[2]}${defaultPort ? '' : `:${port}`}${path}` };
}

export const reasonPhrases: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  418: "I'm a teapot",
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status}${reasonPhrases[status] ? ` ${reasonPhrases[status]}` : ''}`;
}

export interface Exchange {
  url: ParsedUrl;
  response: HttpResponse;
}

/**
 * Sends a request and, when `follow` allows, follows Location headers (3xx); returns every
 * exchange in order. NetworkError propagates to the caller, which prints it in its own words.
 */
export async function fetchFollowing(
  net: PodNetwork,
  url: ParsedUrl,
  request: { method: string; headers: Record<string, string>; body: string },
  follow: number,
  options?: RequestOptions,
  /** The client's side of a TLS handshake, used for every `https://` hop. */
  tls?: TlsClient,
): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  let current = url;
  let method = request.method;
  let body = request.body;
  for (;;) {
    const hostHeader = current.port === (current.scheme === 'https' ? 443 : 80) ? current.host : `${current.host}:${current.port}`;
    const sent = { method, path: current.path, headers: { Host: hostHeader, ...request.headers }, body };
    const response = await net.request(current.host, current.port, current.scheme === 'https' && tls ? { ...sent, tls } : sent, options);
    exchanges.push({ url: current, response });
    const location = headerOf(response, 'location');
    if (exchanges.length > follow || response.status < 300 || response.status >= 400 || !location) return exchanges;
    const next = location.startsWith('/') ? parseUrl(`${current.scheme}://${hostHeader}${location}`) : parseUrl(location);
    if (!next) return exchanges;
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = '';
    }
    current = next;
  }
}

export function headerOf(response: HttpResponse, name: string): string | undefined {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : response.headers[key];
}
