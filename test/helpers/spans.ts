import assert from 'node:assert/strict';
import type { Document } from '../../src/core/document.js';
import type { LayerName } from '../../src/core/layers.js';

/** Every span of every layer (and the spans nested in them) lies inside the text and is well formed. */
export function assertSpansInside(doc: Document): void {
  const n = doc.text.length;
  const check = (what: string, s: { start: number; end: number }) => {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets`);
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= n, `${what}: [${s.start}, ${s.end}) inside [0, ${n})`);
  };
  doc.sections.forEach((s, i) => check(`section ${i}`, s));
  for (const name of doc.layerNames() as LayerName[]) {
    (doc.get(name) as unknown[]).forEach((item, i) => walk(item, `${name}[${i}]`, check));
  }
}

function walk(v: unknown, path: string, check: (what: string, s: { start: number; end: number }) => void): void {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, `${path}[${i}]`, check));
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') check(path, o as { start: number; end: number });
  for (const [k, x] of Object.entries(o)) if (x && typeof x === 'object') walk(x, `${path}.${k}`, check);
}
