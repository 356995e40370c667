import Database from 'better-sqlite3';

/**
 * JSON Lines of `n` generated stories, one a line: deterministic pseudo-random words (so every story is distinct and
 * none is a near duplicate of another), titled `${title} ${i}`, spread over `outlets` outlets.
 */
export function generatedStories(n: number, opts: { seed: number; title: string; outlets: number }): string {
  let seed = opts.seed;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const syll = ['ka', 'lo', 'mer', 'tin', 'sa', 'vel', 'dor', 'pi', 'gan', 'rus', 'te', 'bo', 'lim', 'ne', 'ost', 'quar'];
  const word = (): string => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join('');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const sentences = Array.from({ length: 6 }, () => `${Array.from({ length: 10 }, word).join(' ')}.`);
    lines.push(JSON.stringify({ title: `${opts.title} ${i}`, outlet: `outlet-${i % opts.outlets}.example`, text: sentences.join(' ') }));
  }
  return lines.join('\n') + '\n';
}

/** One value from a read-only connection to a store file (which must exist). */
export function queryOne(db: string, sql: string): unknown {
  // Read-write, as unspin itself opens a store: a process killed while the file was being created can leave a hot
  // rollback journal, which only a writable connection may roll back (read-only fails with SQLITE_READONLY_ROLLBACK).
  const d = new Database(db, { fileMustExist: true });
  try {
    return d.prepare(sql).pluck().get();
  } finally {
    d.close();
  }
}
