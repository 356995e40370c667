import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The repository root, found by walking up from this module to the folder holding package.json, so lexicons and
 * weights load the same from src/ (ts-node style runs) and from dist/src/ (compiled runs).
 */
export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('unspin: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  root = dir;
  return root;
}

export function dataPath(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
