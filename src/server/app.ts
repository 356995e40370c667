import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { analyzeRaw, analyzeSource } from '../analyze.js';
import { UnspinError, isUnspinError } from '../core/errors.js';
import { articleView } from '../output/view.js';
import { toHtmlReport } from '../output/html.js';
import { toEventsCsv } from '../output/events.js';
import type { Store } from '../store/store.js';
import { basemap } from './basemap.js';
import { registerCorpusRoutes } from './corpus-routes.js';

export interface ServerOptions {
  store?: Store;
  /** Address the server listens on; anything but loopback makes write endpoints demand the token. */
  host: string;
  /** API token for write endpoints (required when host is not loopback). */
  token?: string;
  /** Let URL analysis reach private addresses (off: the server must not become a way into the local network). */
  allowPrivate?: boolean;
  /** Largest request body, bytes. */
  bodyLimit?: number;
  /** Requests per minute per client, all routes together (analysis routes get a fifth of it). */
  rateLimit?: number;
  logger?: boolean;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

const WEB = fileURLToPath(new URL('../../../web/', import.meta.url));

const ERROR_STATUS: Partial<Record<UnspinError['code'], number>> = {
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  BLOCKED_ADDRESS: 403,
  TIMEOUT: 504,
  FETCH_FAILED: 502,
  MISSING_DATA: 404,
};

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['error'],
};

/**
 * The HTTP API and the web UI in one Fastify app. Every response carries security headers (a strict CSP without
 * inline script, no framing, no sniffing); errors are JSON with a code and a one-line message, never a stack; CORS
 * is off (no Access-Control headers), so other sites cannot call the API from a browser.
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  if (!isLoopback(opts.host) && !opts.token) {
    throw new UnspinError('BAD_ARGUMENT', `listening on ${opts.host} exposes the API beyond this machine: set an API token (--token or UNSPIN_API_TOKEN)`);
  }
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 25 * 1024 * 1024, trustProxy: false });
  const perMinute = opts.rateLimit ?? 600;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: { code: 'RATE_LIMITED', message: `too many requests: at most ${ctx.max} a minute; retry in ${Math.ceil(ctx.ttl / 1000)} s` } }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'unspin API', version: '0.1.0', description: 'Explainable dissection of news articles and corpora.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    return payload;
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, _req, reply) => {
    if (isUnspinError(err)) return reply.status(ERROR_STATUS[err.code] ?? 400).send({ error: { code: err.code, message: err.message } });
    if (err.validation) return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: err.message } });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 413 ? 'TOO_LARGE' : err.statusCode === 429 ? 'RATE_LIMITED' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
      return reply.status(err.statusCode).send({ error: { code, message: err.message } });
    }
    app.log.error(err);
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error (the server log has details)' } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));

  /** Write endpoints: open on loopback without a token; with a token configured, or beyond loopback, it must match. */
  const requireToken = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!opts.token) return;
    const given = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    if (given !== opts.token) return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: 'this endpoint needs the API token: Authorization: Bearer <token>' } });
  };
  const analysisLimit = { rateLimit: { max: Math.max(1, Math.floor(perMinute / 5)), timeWindow: '1 minute' } };

  app.get('/api/health', { schema: { summary: 'Liveness and what the server runs', tags: ['meta'], response: { 200: { type: 'object', additionalProperties: true } } } }, async () => ({
    ok: true,
    store: opts.store ? opts.store.location : null,
    tokenRequired: Boolean(opts.token),
  }));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post(
    '/api/analyze',
    {
      preHandler: requireToken,
      config: analysisLimit,
      schema: {
        summary: 'Analyse one article given as text, HTML or a URL',
        tags: ['analysis'],
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          properties: {
            text: { type: 'string', description: 'plain text of an article' },
            html: { type: 'string', description: 'an HTML page' },
            url: { type: 'string', description: 'an http(s) URL to fetch (private addresses refused)' },
            baseUrl: { type: 'string', description: 'the page URL an HTML page came from' },
            format: { type: 'string', enum: ['json', 'view', 'html', 'events-csv'], default: 'view' },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', additionalProperties: true }, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (req, reply) => {
      const body = req.body as { text?: string; html?: string; url?: string; baseUrl?: string; format?: string };
      const given = [body.text, body.html, body.url].filter((x) => typeof x === 'string').length;
      if (given !== 1) throw new UnspinError('BAD_ARGUMENT', 'give exactly one of "text", "html" or "url"');
      const doc = body.url
        ? await analyzeSource(body.url, { allowPrivate: opts.allowPrivate ?? false })
        : analyzeRaw({
            bytes: Buffer.from((body.text ?? body.html)!, 'utf8'),
            kind: 'string',
            name: body.baseUrl ?? (body.html !== undefined ? 'pasted page' : 'pasted text'),
            ...(body.html !== undefined ? { contentType: 'text/html; charset=utf-8' } : { contentType: 'text/plain; charset=utf-8' }),
            ...(body.baseUrl ? { url: body.baseUrl } : {}),
          });
      const format = body.format ?? 'view';
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(toHtmlReport(doc));
      if (format === 'events-csv') return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="events.csv"').send(toEventsCsv(doc));
      const view = articleView(doc);
      if (format === 'json') {
        const { view: _v, ...json } = view;
        return json;
      }
      return view;
    },
  );

  app.get('/api/basemap', { schema: { summary: 'Country outlines for the offline map (Natural Earth 1:110m, equirectangular SVG paths)', tags: ['meta'], response: { 200: { type: 'object', additionalProperties: true } } } }, async (_req, reply) => {
    reply.header('Cache-Control', 'public, max-age=86400');
    return basemap();
  });

  if (opts.store) await registerCorpusRoutes(app, opts.store, { requireToken, errorSchema, allowPrivate: opts.allowPrivate ?? false });

  // The web UI: static files read once at start.
  const assets: Record<string, [string, string]> = {
    '/': ['index.html', 'text/html; charset=utf-8'],
    '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
    '/style.css': ['style.css', 'text/css; charset=utf-8'],
  };
  for (const [route, [file, type]] of Object.entries(assets)) {
    const content = readFileSync(WEB + file);
    app.get(route, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('Cache-Control', 'no-cache').send(content));
  }
  return app;
}
