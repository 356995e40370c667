import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UnspinError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES } from '../ingest/types.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web UI and HTTP API (OpenAPI at /api/openapi.json)')
    .option('--db <path>', 'corpus store (default: $UNSPIN_DB or .unspin/unspin.db)')
    .option('--host <host>', 'address to listen on (beyond loopback an API token is required)', '127.0.0.1')
    .option('--port <port>', 'port', (v) => Number(v), 8080)
    .option('--token <token>', 'API token for write endpoints (default: $UNSPIN_API_TOKEN)')
    .option('--allow-private', 'let URL analysis reach private and loopback addresses', false)
    .option('--demo', 'serve a sample corpus written by the project (.unspin/demo.db, built on first run)', false)
    .action(async (o: { db?: string; host: string; port: number; token?: string; allowPrivate: boolean; demo: boolean }) => {
      if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UnspinError('BAD_ARGUMENT', `bad port "${o.port}"`);
      const { openStore, resolveStoreLocation } = await import('../store/open.js');
      const { buildServer, isLoopback } = await import('../server/app.js');
      const { ingest } = await import('../corpus/ingest.js');
      const { expandInputs } = await import('../corpus/sources.js');
      const location = o.demo ? resolve('.unspin', 'demo.db') : resolveStoreLocation(o.db);
      const fresh = o.demo && !existsSync(location);
      if (o.demo) {
        // The demo matches its articles against a small catalogue of sample cases written for the project.
        process.env.UNSPIN_CATALOG = resolve('.unspin', 'demo-catalog.json');
        if (!existsSync(process.env.UNSPIN_CATALOG)) {
          const { readCatalog } = await import('../narratives/catalog.js');
          const { buildIndex, saveIndex } = await import('../narratives/index.js');
          saveIndex(buildIndex(readCatalog(join(SAMPLES, 'catalog.jsonl')), undefined, ['samples/catalog.jsonl']), process.env.UNSPIN_CATALOG);
        }
      }
      const store = await openStore(location);
      if (fresh) {
        process.stderr.write('building the sample corpus (first run only)...\n');
        const files = [join(SAMPLES, 'corpus'), join(SAMPLES, 'sample-article.html')].filter(existsSync);
        const summary = await ingest(store, expandInputs(files, { maxBytes: DEFAULT_MAX_BYTES }), { workers: 0, args: ['demo'] });
        process.stderr.write(`sample corpus: ${summary.done} documents\n`);
      }
      // The demo shows recurring narratives too: cluster its claims once (also for a demo corpus built before clustering existed).
      if (o.demo && !(await store.narrativeClusters({ limit: 1 })).builtAt) {
        const { buildNarratives } = await import('../narratives/cluster.js');
        const built = await buildNarratives(store);
        process.stderr.write(`sample narratives: ${built.narratives} recurring across documents\n`);
      }
      const token = o.token ?? process.env.UNSPIN_API_TOKEN;
      const app = await buildServer({ store, host: o.host, ...(token ? { token } : {}), allowPrivate: o.allowPrivate });
      let address: string;
      try {
        address = await app.listen({ host: o.host, port: o.port });
      } catch (e) {
        await store.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UnspinError('BAD_ARGUMENT', `port ${o.port} on ${o.host} is already in use (choose another with --port)`);
        if (code === 'EACCES') throw new UnspinError('BAD_ARGUMENT', `not allowed to listen on ${o.host}:${o.port} (choose a port above 1023)`);
        throw e;
      }
      process.stdout.write(`unspin is serving ${location} at ${address.replace('[::1]', 'localhost')}/  (API: /api/openapi.json${isLoopback(o.host) ? '' : ', token required for writes'})\nPress Ctrl-C to stop.\n`);
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
