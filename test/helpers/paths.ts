import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root (tests run from dist/test/, two levels below it). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const SHARED = join(ROOT, '..', 'shared');
export const SEED = join(SHARED, 'seed', 'article.txt');
export const CLI = join(ROOT, 'bin', 'unspin.js');

/** For node:test's `skip` option: a message when the shared data folder is missing, false when it is there. */
export function needsShared(path: string): string | false {
  return existsSync(path) ? false : `${path} is missing (the shared data folder sits beside the repository)`;
}
