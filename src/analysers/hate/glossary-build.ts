import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One coded term, as shipped in data/lexicons/hate/dogwhistles.json. */
export interface DogwhistleEntry {
  term: string;
  /** Surface forms with their tier (lower-cased forms are matched case-insensitively, on word boundaries). */
  forms: { form: string; tier: Tier }[];
  /** The in-group the glossary attributes the code to (antisemitic, racist, white supremacist, ...). */
  persona: string;
  type: string;
  /** The covert, in-group meaning. */
  meaning: string;
  source: string;
}

export type Tier = 'strong' | 'contextual' | 'weak';

export interface DogwhistleLexicon {
  about: string;
  licence: string;
  terms: DogwhistleEntry[];
}

interface Tiers {
  strong: string[];
  contextual: string[];
  formTiers: Record<string, Tier | 'drop'>;
}

const TIERS_FILE = fileURLToPath(new URL('../../../../data/lexicons/hate/dogwhistle-tiers.json', import.meta.url));

/**
 * Derives the shipped lexicon from the glossary TSV (one entry a line, 16 tab-separated columns, no quoting). Only
 * the term, its surface forms, persona, type, meaning and the glossary's cited source are kept: the example
 * tweets and long explanations are not shipped. Tiers come from dogwhistle-tiers.json (our own judgement).
 */
export function buildDogwhistles(tsv: string, tiers: Tiers = JSON.parse(readFileSync(TIERS_FILE, 'utf8')) as Tiers): DogwhistleLexicon {
  const lines = tsv.split('\n').filter((l) => l.trim());
  const header = lines[0]!.split('\t');
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const c = { term: col('Dogwhistle'), forms: col('Surface Forms'), persona: col('Persona/In-Group'), type: col('Type'), meaning: col('Covert (in-group) meaning'), source: col('Source') };
  const strong = new Set(tiers.strong.map((s) => s.toLowerCase()));
  const contextual = new Set(tiers.contextual.map((s) => s.toLowerCase()));
  const terms: DogwhistleEntry[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    const term = f[c.term]?.trim();
    if (!term) continue;
    const base: Tier = strong.has(term.toLowerCase()) ? 'strong' : contextual.has(term.toLowerCase()) ? 'contextual' : 'weak';
    const forms: { form: string; tier: Tier }[] = [];
    const seen = new Set<string>();
    for (const raw of (f[c.forms] ?? '').split(/[;,]/)) {
      const form = raw.trim();
      const key = form.toLowerCase();
      // Descriptions ("Crusades imagery, insignia, symbols") are not surface forms.
      if (!form || seen.has(key) || /imagery|insignia|symbols|emoji$/i.test(form)) continue;
      seen.add(key);
      const override = tiers.formTiers[key];
      if (override === 'drop') continue;
      forms.push({ form, tier: override ?? base });
    }
    if (forms.length === 0) continue;
    terms.push({ term, forms, persona: f[c.persona]?.trim() ?? '', type: f[c.type]?.trim() ?? '', meaning: f[c.meaning]?.trim() ?? '', source: f[c.source]?.trim() ?? '' });
  }
  return {
    about: 'Coded terms (dog whistles) with their in-group meaning, derived by scripts/train-hate.ts from the dog-whistle glossary of Mendelsohn, Le Bras, Choi and Sap, "From Dogwhistles to Bullhorns" (ACL 2023), released under the MIT licence; tiers are unspin\'s own (dogwhistle-tiers.json).',
    licence: 'MIT (glossary); tiers MIT (unspin)',
    terms,
  };
}
