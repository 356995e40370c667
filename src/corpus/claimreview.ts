/**
 * ClaimReview-shaped JSON (https://schema.org/ClaimReview) for the claims unspin finds, so fact-checkers can load
 * them into tools that speak that vocabulary. Mapping (also in src/corpus/README.md):
 *
 *   claimReviewed               the claim's text (author text only; claims in reader comments are left out)
 *   itemReviewed                a Claim: author = the source the article names for the claim (Person/Organization by
 *                               the entity type when known), else the article's author, else the outlet;
 *                               datePublished = the article's publication date; appearance = the article
 *                               (url, headline, publisher = outlet)
 *   author                      the reviewing organisation: UNSET unless given (`--reviewer`); unspin is not one
 *   datePublished               the date this record was produced
 *   url                         left out: there is no published review page
 *   reviewRating                left out: unspin does NOT judge whether a claim is true
 *   unspin:* (extension keys)   checkworthiness, status (sourced/unsourced/hedged/speculative), the document id and
 *                               the claim's character offsets, and a note saying the record is unreviewed
 *
 * Records without a reviewer and a rating are not valid ClaimReview markup for search engines; they are a worklist.
 */
export interface ClaimLike {
  start: number;
  end: number;
  text?: string;
  source?: { text: string; entity?: string };
  status?: string;
  checkworthiness?: number;
  fromComment?: boolean;
}

export interface ReviewSource {
  id?: string;
  url?: string;
  title?: string;
  outlet?: string;
  author?: string;
  published?: string;
  text: string;
  sections?: { kind: string; start: number; end: number }[];
  claims: ClaimLike[];
}

export interface ClaimReviewOptions {
  /** The reviewing organisation, when the user is one and will review the records. */
  reviewer?: { name: string; url?: string };
  /** Leave out claims below this check-worthiness. */
  minCheckworthiness?: number;
  /** The record date (default: today). */
  date?: string;
}

const NOTE = 'Produced by unspin, which finds and triages claims but does not judge their truth: no rating is given. Review before publishing.';

export function claimReviews(src: ReviewSource, opts: ClaimReviewOptions = {}): Record<string, unknown>[] {
  const comments = (src.sections ?? []).filter((s) => s.kind === 'comment');
  const inComment = (c: ClaimLike): boolean => c.fromComment ?? comments.some((s) => c.start >= s.start && c.end <= s.end);
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  return src.claims
    .filter((c) => !inComment(c) && (opts.minCheckworthiness === undefined || (c.checkworthiness ?? 0) >= opts.minCheckworthiness))
    .map((c) => {
      const text = (c.text ?? src.text.slice(c.start, c.end)).replace(/\s+/g, ' ').trim();
      const claimAuthor = c.source?.text
        ? { '@type': sourceType(c.source.entity), name: c.source.text }
        : src.author
          ? { '@type': 'Person', name: src.author }
          : src.outlet
            ? { '@type': 'Organization', name: src.outlet }
            : undefined;
      const appearance: Record<string, unknown> = { '@type': 'CreativeWork' };
      if (src.url) appearance.url = src.url;
      if (src.title) appearance.headline = src.title;
      if (src.outlet) appearance.publisher = { '@type': 'Organization', name: src.outlet };
      const item: Record<string, unknown> = { '@type': 'Claim' };
      if (claimAuthor) item.author = claimAuthor;
      if (src.published) item.datePublished = src.published.slice(0, 10);
      item.appearance = appearance;
      const review: Record<string, unknown> = { '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: text, itemReviewed: item };
      if (opts.reviewer) review.author = { '@type': 'Organization', name: opts.reviewer.name, ...(opts.reviewer.url ? { url: opts.reviewer.url } : {}) };
      review.datePublished = date;
      if (typeof c.checkworthiness === 'number') review['unspin:checkworthiness'] = Math.round(c.checkworthiness * 1000) / 1000;
      if (c.status) review['unspin:status'] = c.status;
      if (src.id) review['unspin:document'] = src.id;
      review['unspin:span'] = { start: c.start, end: c.end };
      review['unspin:note'] = opts.reviewer ? NOTE : `${NOTE} The reviewing organisation (author) is unset.`;
      return review;
    });
}

/** A linked source that is not a person (organisation, state, armed group) is an Organization; otherwise a Person. */
function sourceType(entity: string | undefined): 'Person' | 'Organization' {
  return entity && /^(doc:org:|org:|actor:|country:)/.test(entity) ? 'Organization' : 'Person';
}
