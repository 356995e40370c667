/**
 * Common English titles and offices that come before a person's name ("President", "General", "Mr."). GMB
 * includes them in person spans and CoNLL leaves them out; the tagger also uses them to tell "General Valery
 * Asapov" (a person with a title) from "General Motors". General knowledge of English, not learned from data.
 */
export const TITLES: ReadonlySet<string> = new Set(
  ('president prime minister vice general secretary senator sen king queen pope chancellor mayor judge ayatollah ' +
    'sheikh prophet prince princess colonel sergeant deputy congressman congresswoman imam governor ambassador ' +
    'commander captain lieutenant major chairman chairwoman chief foreign defense defence interior finance premier ' +
    'president-elect secretary-general sir lord lady cardinal archbishop bishop reverend father speaker envoy ' +
    'leader opposition former late emperor sultan emir crown dalai lama rabbi pastor admiral marshal field ' +
    'presidential representative attorney justice state first dame saint st').split(' '),
);

/** An abbreviated title with a period: "Mr.", "Gen.", "Lt.", "Dr.". */
export function isTitleAbbreviation(w: string): boolean {
  return /^[A-Z][a-z]{1,3}\.$/.test(w);
}

export function isTitleWord(w: string): boolean {
  return isTitleAbbreviation(w) || TITLES.has(w.toLowerCase());
}
