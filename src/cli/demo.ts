import { fileURLToPath } from 'node:url';

/** The sample article bundled with unspin (written for the project), used by `npm start`. */
export function demoSource(): string {
  return fileURLToPath(new URL('../../../samples/sample-article.html', import.meta.url));
}
