// unspin web UI. Every piece of article text reaches the page through textContent or text nodes, never as HTML,
// so nothing in an analysed page can run here (the server's Content-Security-Policy forbids inline script too).

const app = document.getElementById('app');
const tip = document.getElementById('tip');
let lastAnalysis = null;

/** Creates an element: h('p', {class: 'x'}, 'text', child). Strings become text nodes, never markup. */
function h(tag, attrs = {}, ...children) {
  const ns = ['svg', 'path', 'circle', 'text', 'g', 'rect', 'line', 'title'].includes(tag) ? 'http://www.w3.org/2000/svg' : null;
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, options = {}) {
  const res = await fetch(path, { headers: { 'content-type': 'application/json' }, ...options });
  const type = res.headers.get('content-type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
  return body;
}

function showError(where, e) {
  where.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message || String(e)));
}

function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const pct = (x) => `${Math.round(x * 100)}%`;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// ---------- routing ----------
const routes = { '': analysePage, search: searchPage, outlets: outletsPage, outlet: outletPage, narratives: narrativesPage, narrative: narrativePage, doc: storedDocPage, result: resultPage };

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === (name || 'analyse') || (name === 'outlet' && a.dataset.nav === 'outlets'));
  tip.hidden = true;
  const page = routes[name] ?? analysePage;
  page(rest.map(decodeURIComponent), new URLSearchParams(query || ''));
}
window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);

// ---------- analyse ----------
function analysePage() {
  const status = h('div');
  const text = h('textarea', { name: 'text', placeholder: 'Paste an article (plain text or HTML)…', 'aria-label': 'Article text' });
  const url = h('input', { type: 'url', name: 'url', placeholder: 'https://… (or a URL to fetch)', 'aria-label': 'Article URL' });
  const file = h('input', { type: 'file', accept: '.html,.htm,.txt,text/*', 'aria-label': 'Article file' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (f) text.value = await f.text();
  });
  const form = h(
    'form',
    { class: 'analyse card' },
    h('h1', {}, 'Analyse an article'),
    h('p', { class: 'muted' }, 'Paste text or HTML, upload a saved page, or give a URL. unspin finds the structure, actors, places, events, claims and their sources, persuasion techniques and hateful or coded language, and says why for each.'),
    text,
    h('div', { class: 'row' }, url),
    h('div', { class: 'row' }, file, h('button', { type: 'submit', id: 'analyse-button' }, 'Analyse')),
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.replaceChildren(h('p', { class: 'muted' }, 'Analysing…'));
    const t = text.value.trim();
    const body = url.value.trim() && !t ? { url: url.value.trim() } : /^\s*</.test(t) ? { html: t } : { text: t };
    if (!body.url && !t) return showError(status, new Error('Paste a text or give a URL first.'));
    try {
      lastAnalysis = await api('/api/analyze', { method: 'POST', body: JSON.stringify(body) });
      location.hash = '#/result';
    } catch (e) {
      showError(status, e);
    }
  });
  const recent = h('div', { class: 'card' }, h('h2', {}, 'In the corpus'), h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(form, recent);
  api('/api/search?limit=10')
    .then((r) => recent.replaceChildren(h('h2', {}, `In the corpus (${r.total} documents)`), hitList(r.hits)))
    .catch(() => recent.replaceChildren(h('h2', {}, 'In the corpus'), h('p', { class: 'muted' }, 'No corpus store is attached to this server.')));
}

function resultPage() {
  if (!lastAnalysis) return analysePage();
  renderArticle(lastAnalysis, { stored: false });
}

async function storedDocPage([id]) {
  app.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    renderArticle(await api(`/api/documents/${encodeURIComponent(id)}/view`), { stored: true, id });
  } catch (e) {
    showError(app, e);
  }
}

// ---------- article view ----------
function renderArticle(a, { stored, id }) {
  const d = a.document;
  const flags = a.view.flags;
  const labels = [...new Set(flags.map((f) => `${f.layer}:${f.label}`))];
  const colour = new Map(labels.map((l, i) => [l, `c${i % 14}`]));
  const hidden = new Set();
  const body = h('div', { class: 'sections' });
  let comments = null;
  for (const s of a.view.sections) {
    if (s.kind === 'title') continue;
    const el = h(s.kind === 'heading' ? 'h3' : 'p', { class: `section ${s.kind}`, title: s.cue ? `${s.kind}: ${s.cue}` : undefined, dataset: { start: s.start, end: s.end, kind: s.kind } });
    if (s.kind !== 'body' && s.kind !== 'heading') el.append(h('span', { class: 'kind' }, s.kind === 'quote' ? 'pull quote' : s.kind === 'comment' ? `reader comment${s.truncated ? ' (cut short)' : ''}` : s.kind));
    for (const seg of s.segments) {
      const text = d.text.slice(seg.start, seg.end);
      if (!seg.active.length) {
        el.append(text);
        continue;
      }
      const act = seg.active.map((i) => flags[i]);
      const main = act.reduce((x, y) => (y.end - y.start < x.end - x.start ? y : x));
      const mark = h('mark', { class: [colour.get(`${main.layer}:${main.label}`), act.some((f) => f.layer === 'hate') ? 'hate' : ''].join(' '), tabindex: 0, dataset: { flags: seg.active.join(',') } }, text);
      body.dataset.hasFlags = '1';
      el.append(mark);
    }
    if (s.kind === 'comment') {
      comments ??= h('section', { class: 'comments', 'aria-label': 'Reader comments' }, h('h2', {}, "Reader comments (not the author's text)"));
      comments.append(el);
    } else body.append(el);
  }
  const showTip = (mark, pin) => {
    const act = mark.dataset.flags.split(',').map((i) => flags[Number(i)]).filter((f) => !hidden.has(`${f.layer}:${f.label}`));
    if (!act.length) return;
    tip.replaceChildren(...act.map((f) => h('div', {}, h('b', {}, f.label.replace(/_/g, ' ')), ` ${pct(f.confidence)}`, h('span', { class: 'why' }, f.reason, f.meaning ? ` Meaning: ${f.meaning}` : ''), h('span', { class: 'muted small' }, f.source))));
    const r = mark.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = `${Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8))}px`;
    tip.style.top = `${window.scrollY + r.bottom + 6}px`;
    if (pin) {
      for (const m of document.querySelectorAll('mark.pinned')) m.classList.remove('pinned');
      mark.classList.add('pinned');
    }
  };
  const article = h('article', { class: 'doc card' });
  article.addEventListener('mouseover', (ev) => ev.target.closest('mark') && showTip(ev.target.closest('mark'), false));
  article.addEventListener('focusin', (ev) => ev.target.closest('mark') && showTip(ev.target.closest('mark'), false));
  article.addEventListener('click', (ev) => ev.target.closest('mark') && showTip(ev.target.closest('mark'), true));
  article.addEventListener('mouseout', (ev) => {
    if (ev.target.closest('mark') && !document.querySelector('mark.pinned')) tip.hidden = true;
  });
  const legend = h('div', { class: 'legend', role: 'group', 'aria-label': 'Highlight filters' });
  for (const l of labels) {
    const [layer, name] = [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)];
    const box = h('input', { type: 'checkbox', checked: true, dataset: { label: l } });
    box.addEventListener('change', () => {
      if (box.checked) hidden.delete(l);
      else hidden.add(l);
      for (const m of article.querySelectorAll('mark')) {
        const act = m.dataset.flags.split(',').map((i) => flags[Number(i)]);
        m.classList.toggle('hidden-flag', act.every((f) => hidden.has(`${f.layer}:${f.label}`)));
      }
    });
    const n = flags.filter((f) => `${f.layer}:${f.label}` === l).length;
    legend.append(h('label', {}, box, h('span', { class: `swatch ${colour.get(l)} ${layer === 'hate' ? 'hate' : ''}` }), `${name.replace(/_/g, ' ')} (${n})`));
  }
  const meta = h(
    'div',
    { class: 'meta' },
    d.outlet && h('span', {}, 'Outlet: ', stored ? h('a', { href: `#/outlet/${encodeURIComponent(d.outlet)}` }, d.outlet) : d.outlet),
    d.author && h('span', {}, `By ${d.author}`),
    d.published && h('span', {}, `Published ${d.published.slice(0, 10)}`),
    !d.published && d.latestStatedDate && h('span', {}, `Latest date stated: ${d.latestStatedDate}`),
    d.language && h('span', {}, `Language: ${d.language}`),
    (d.canonicalUrl || d.url) && h('span', {}, h('a', { href: safeUrl(d.canonicalUrl || d.url), rel: 'noopener noreferrer nofollow', target: '_blank' }, 'source')),
  );
  const exports = h(
    'div',
    { class: 'exports' },
    h('button', { class: 'secondary', type: 'button', onclick: () => download('analysis.json', JSON.stringify(stripView(a), null, 2), 'application/json') }, 'Export JSON'),
    h('button', { class: 'secondary', type: 'button', onclick: () => download('events.csv', a.view.exports.eventsCsv, 'text/csv') }, 'Export events CSV'),
    h('button', { class: 'secondary', type: 'button', onclick: () => download('events.jsonl', a.view.exports.eventsJsonl, 'application/x-ndjson') }, 'Export events JSONL'),
  );
  article.append(h('h1', { class: 'title' }, d.title || '(untitled)'), meta, flags.length ? legend : h('p', { class: 'muted' }, 'No persuasion techniques or hateful language flagged.'), body);
  if (comments) article.append(comments);
  const side = h('aside', {}, exports, claimsPanel(a), entitiesPanel(a), eventsPanel(a), mapPanel(a), timelinePanel(a), narrativesPanel(a));
  app.replaceChildren(h('div', { class: 'layout' }, article, side));
}

function safeUrl(u) {
  return /^https?:\/\//i.test(u || '') ? u : '#';
}

function stripView(a) {
  const { view, ...rest } = a;
  return rest;
}

function panel(title, cls, ...content) {
  return h('section', { class: `card panel ${cls}` }, h('h2', {}, title), ...content);
}

function claimsPanel(a) {
  const claims = a.view.claims;
  if (!claims.length) return panel('Claims', 'claims', h('p', { class: 'muted' }, 'No claims found.'));
  return panel(
    `Claims (${claims.length}, most check-worthy first)`,
    'claims',
    h(
      'ul',
      {},
      claims.map((c) => {
        const status = c.status || (c.source ? 'sourced' : c.hedged ? 'hedged' : 'unsourced');
        return h(
          'li',
          {},
          h('span', { class: 'score' }, c.checkworthiness.toFixed(2)),
          ' ',
          h('span', { class: `pill ${status}` }, status),
          c.inComment ? h('span', { class: 'pill comment' }, 'comment') : null,
          c.source ? h('b', {}, c.source.text, ' ') : null,
          c.cue ? h('i', {}, c.cue, ' ') : null,
          `“${c.text.length > 180 ? c.text.slice(0, 179) + '…' : c.text}”`,
          h('div', { class: 'muted small' }, c.reason),
        );
      }),
    ),
  );
}

function entitiesPanel(a) {
  const ents = [...a.entities].sort((x, y) => x.type.localeCompare(y.type) || y.mentions.length - x.mentions.length);
  if (!ents.length) return panel('Entities', 'entities', h('p', { class: 'muted' }, 'No entities found.'));
  return panel(
    `Entities (${ents.length})`,
    'entities',
    h(
      'ul',
      {},
      ents.map((e) => {
        const forms = [...new Set(e.mentions.map((m) => m.text))].filter((t) => t !== e.name).slice(0, 5);
        return h('li', {}, h('span', { class: 'pill' }, e.type), h('b', {}, e.name), ` ×${e.mentions.length}`, e.geo ? h('span', { class: 'muted small' }, ` ${e.geo.lat.toFixed(2)}, ${e.geo.lon.toFixed(2)}`) : null, forms.length ? h('div', { class: 'muted small' }, `as ${forms.join(', ')}`) : null);
      }),
    ),
  );
}

function eventsPanel(a) {
  const evs = a.view.events;
  if (!evs.length) return panel('Events', 'events', h('p', { class: 'muted' }, 'No events found.'));
  return panel(
    `Events (${evs.length})`,
    'events',
    h(
      'ul',
      {},
      evs.map((e) =>
        h(
          'li',
          {},
          h('span', { class: 'pill' }, e.type + (e.mode ? `/${e.mode}` : '')),
          `${e.actorName || (e.actorCountry ? `unnamed (${e.actorCountry})` : '?')} → ${e.targetName || (e.targetCountry ? `unnamed (${e.targetCountry})` : '?')}`,
          e.placeName ? ` in ${e.placeName}` : '',
          e.date ? h('span', { class: 'muted small' }, ` ${e.date}`) : null,
          e.failed ? h('span', { class: 'pill' }, 'failed') : null,
          e.negated ? h('span', { class: 'pill' }, 'negated') : null,
          e.fromComment ? h('span', { class: 'pill comment' }, 'from a comment') : null,
          e.reportedByName ? h('div', { class: 'muted small' }, `on the word of ${e.reportedByName}`) : null,
        ),
      ),
    ),
  );
}

let basemapPromise = null;
function mapPanel(a) {
  const points = a.view.points;
  const box = panel(`Map (${points.length} places)`, 'map', h('p', { class: 'muted' }, points.length ? 'Loading map…' : 'No geocoded places.'));
  if (!points.length) return box;
  basemapPromise ??= api('/api/basemap');
  basemapPromise
    .then((bm) => {
      const proj = (lon, lat) => [((lon + 180) / 360) * bm.width, ((90 - lat) / 180) * bm.height];
      // Zoom to the points (with a margin), so a regional story is not a dot on a world map.
      const xy = points.map((p) => proj(p.lon, p.lat));
      const xs = xy.map((p) => p[0]);
      const ys = xy.map((p) => p[1]);
      const pad = 40;
      let [x0, x1, y0, y1] = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad];
      const w = Math.max(x1 - x0, 120);
      const hgt = Math.max(y1 - y0, 70);
      x0 = Math.max(0, (x0 + x1) / 2 - w / 2);
      y0 = Math.max(0, (y0 + y1) / 2 - hgt / 2);
      const svg = h('svg', { class: 'map', viewBox: `${x0} ${y0} ${w} ${hgt}`, role: 'img', 'aria-label': `Map of ${points.map((p) => p.name).join(', ')}` });
      for (const c of bm.countries) svg.append(h('path', { d: c.d }, h('title', {}, c.name)));
      const r = Math.max(w, hgt) / 110;
      points.forEach((p, i) => {
        const [x, y] = xy[i];
        svg.append(h('g', { class: 'point', dataset: { place: p.name } }, h('circle', { cx: x, cy: y, r: r * (p.events ? 1.5 : 1) }, h('title', {}, `${p.name}: ${p.mentions} mention(s), ${p.events} event(s)`)), h('text', { x: x + r * 1.5, y: y + r * 0.45, 'font-size': r * 1.3 }, p.name)));
      });
      box.replaceChildren(h('h2', {}, `Map (${points.length} places)`), svg);
    })
    .catch((e) => showError(box, e));
  return box;
}

function timelinePanel(a) {
  const items = [
    ...a.dates.map((d) => ({ date: d.value, label: `“${d.text}”` })),
    ...a.view.events.filter((e) => e.date && e.dateSource === 'text').map((e) => ({ date: e.date, label: `${e.type}${e.placeName ? ' in ' + e.placeName : ''}` })),
  ].filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.date));
  if (!items.length) return panel('Timeline', 'timeline', h('p', { class: 'muted' }, 'No dated events or dates.'));
  const t = items.map((x) => Date.parse(x.date));
  const [min, max] = [Math.min(...t), Math.max(...t)];
  const W = 400;
  const rowH = 18;
  const svg = h('svg', { class: 'timeline', viewBox: `0 0 ${W} ${30 + items.length * rowH}`, role: 'img', 'aria-label': 'Timeline' });
  svg.append(h('line', { x1: 10, x2: W - 10, y1: 14, y2: 14, stroke: '#888' }));
  items
    .sort((x, y) => x.date.localeCompare(y.date))
    .forEach((x, i) => {
      const px = 10 + ((Date.parse(x.date) - min) / Math.max(1, max - min)) * (W - 20);
      svg.append(h('circle', { cx: px, cy: 14, r: 4, fill: '#0b57d0' }), h('text', { x: 10, y: 34 + i * rowH, 'font-size': 11 }, `${x.date}  ${x.label}`));
    });
  return panel('Timeline', 'timeline', svg);
}

function narrativesPanel(a) {
  if (!a.narratives.length) return panel('Known disinformation cases', 'narratives', h('p', { class: 'muted' }, 'No match in the imported catalogue (or no catalogue imported).'));
  return panel(
    'Similar to known disinformation cases',
    'narratives',
    h('p', { class: 'muted small' }, 'Matched by shared wording and actors: a lead to check, not proof that the article repeats the claim.'),
    h(
      'ul',
      {},
      a.narratives.map((n) =>
        h('li', {}, h('b', {}, n.label), ` ${pct(n.confidence)}`, h('ul', {}, (n.matches || []).slice(0, 3).map((m) => h('li', { class: 'small' }, `${m.score.toFixed(2)} `, m.url ? h('a', { href: safeUrl(m.url), rel: 'noopener noreferrer nofollow', target: '_blank' }, m.title) : m.title)))),
      ),
    ),
  );
}

// ---------- corpus ----------
function hitList(hits) {
  if (!hits.length) return h('p', { class: 'muted' }, 'Nothing found.');
  return h(
    'div',
    { class: 'hits' },
    hits.map((x) => h('div', { class: 'hit' }, h('h3', {}, h('a', { href: `#/doc/${encodeURIComponent(x.id)}` }, x.title || x.url || x.id)), h('div', { class: 'muted small' }, [x.outlet, x.published && x.published.slice(0, 10), x.language].filter(Boolean).join(' · ')), h('div', { class: 'small' }, x.snippet))),
  );
}

async function searchPage(_args, params) {
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') || '', placeholder: 'Search the corpus…', 'aria-label': 'Search query' });
  const from = h('input', { type: 'text', name: 'from', value: params.get('from') || '', placeholder: 'from YYYY-MM-DD', size: 14 });
  const to = h('input', { type: 'text', name: 'to', value: params.get('to') || '', placeholder: 'to YYYY-MM-DD', size: 14 });
  const form = h('form', { class: 'card search' }, h('h1', {}, 'Search'), h('div', { class: 'row' }, q, from, to, h('button', { type: 'submit' }, 'Search')));
  const active = ['outlet', 'entity', 'technique', 'language', 'narrative'].filter((k) => params.get(k));
  if (active.length) form.append(h('div', { class: 'row small' }, 'Filters: ', active.map((k) => h('a', { class: 'pill', href: linkWith(params, { [k]: null }) }, `${k}: ${params.get(k)} ✕`))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = linkWith(params, { q: q.value.trim() || null, from: from.value.trim() || null, to: to.value.trim() || null });
  });
  const results = h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Searching…'));
  app.replaceChildren(form, results);
  const query = new URLSearchParams();
  for (const k of ['q', 'outlet', 'entity', 'technique', 'language', 'narrative', 'from', 'to']) if (params.get(k)) query.set(k, params.get(k));
  try {
    const r = await api(`/api/search?${query}`);
    const facets = h(
      'div',
      { class: 'facets' },
      Object.entries(r.facets).map(([name, values]) =>
        h('div', { class: `facet facet-${name}` }, h('h3', { class: 'small' }, name), h('ul', {}, values.slice(0, 8).map((v) => h('li', {}, h('a', { href: linkWith(params, { [name]: v.value }) }, v.value), ` (${v.count})`)))),
      ),
    );
    results.replaceChildren(h('p', { class: 'muted' }, `${r.total} document(s), ${r.ms} ms`), facets, hitList(r.hits));
  } catch (e) {
    showError(results, e);
  }
}

function linkWith(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  return `#/search?${p}`;
}

function rate(x) {
  return x === null || x === undefined ? '–' : x.toFixed(2);
}

async function outletsPage() {
  const box = h('div', { class: 'card' }, h('h1', {}, 'Outlets'), h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(box);
  try {
    const r = await api('/api/outlets');
    const max = Math.max(0.01, ...r.outlets.map((o) => o.techniqueRate.rate || 0));
    box.replaceChildren(
      h('h1', {}, 'Outlets'),
      h('p', { class: 'muted' }, `Corpus: ${r.corpus ? r.corpus.documents : 0} documents. Rates are flags per 1,000 words of the author's text; the grey bar is the corpus average.`),
      h(
        'table',
        { class: 'grid outlets' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Outlet'), h('th', {}, 'Docs'), h('th', {}, 'Techniques / 1,000 words'), h('th', {}, 'Sourced claims'), h('th', {}, 'Comment toxicity'))),
        h(
          'tbody',
          {},
          r.outlets.map((o) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/outlet/${encodeURIComponent(o.outlet)}` }, o.outlet)),
              h('td', {}, String(o.documents)),
              h('td', {}, h('span', { class: 'bar', dataset: { w: '' } }), ` ${rate(o.techniqueRate.rate)} `, h('span', { class: 'muted small' }, `(corpus ${rate(o.techniqueRate.corpus)})`)),
              h('td', {}, o.sourcedShare.share === null ? '–' : pct(o.sourcedShare.share)),
              h('td', {}, rate(o.commentToxicity.perThousandWords)),
            ),
          ),
        ),
      ),
    );
    // Bar widths through CSSOM (allowed by the CSP, unlike style attributes).
    box.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.querySelector('.bar').style.width = `${Math.round(((r.outlets[i].techniqueRate.rate || 0) / max) * 120)}px`;
    });
  } catch (e) {
    showError(box, e);
  }
}

async function outletPage([name]) {
  const box = h('div', { class: 'card' }, h('h1', {}, name), h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(box);
  try {
    const o = await api(`/api/outlets/${encodeURIComponent(name)}`);
    const rates = Object.entries(o.techniqueRates).filter(([, v]) => v.rate || v.corpus);
    const max = Math.max(0.01, ...rates.flatMap(([, v]) => [v.rate, v.corpus]));
    const chart = h('table', { class: 'grid techniques' }, h('thead', {}, h('tr', {}, h('th', {}, 'Technique'), h('th', {}, 'This outlet vs corpus (per 1,000 words)'))), h('tbody', {}, rates.map(([t, v]) => h('tr', {}, h('td', {}, t.replace(/_/g, ' ')), h('td', {}, h('div', {}, h('span', { class: 'bar', dataset: { v: v.rate } }), ` ${rate(v.rate)}`), h('div', {}, h('span', { class: 'bar corpus', dataset: { v: v.corpus } }), ` ${rate(v.corpus)}`))))));
    chart.querySelectorAll('.bar').forEach((b) => (b.style.width = `${Math.round((Number(b.dataset.v) / max) * 200)}px`));
    box.replaceChildren(
      h('h1', {}, o.outlet),
      h('p', {}, `${o.documents} documents, ${o.words} words. Sourced claims: ${o.sourcedShare.share === null ? '–' : pct(o.sourcedShare.share)} (corpus ${o.sourcedShare.corpus === null ? '–' : pct(o.sourcedShare.corpus)}). Comment toxicity: ${rate(o.commentToxicity.perThousandWords)} per 1,000 comment words (corpus ${rate(o.commentToxicity.corpusPerThousandWords)}).`),
      h('h2', {}, 'Persuasion techniques'),
      rates.length ? chart : h('p', { class: 'muted' }, 'No technique flags.'),
      h('h2', {}, 'Most quoted sources'),
      h('p', {}, o.quotedSources.map((s) => `${s.value} (${s.count})`).join(', ') || '–'),
      h('h2', {}, 'Most named actors'),
      h('p', {}, o.namedActors.map((s) => `${s.value} (${s.count})`).join(', ') || '–'),
      h('p', {}, h('a', { href: `#/search?outlet=${encodeURIComponent(o.outlet)}` }, `Search ${o.outlet}'s articles`)),
    );
  } catch (e) {
    showError(box, e);
  }
}

/** A small bar chart of documents per day or week (SVG, drawn from numbers only). */
function volumeBars(volume, width = 160) {
  const b = volume.buckets;
  const max = Math.max(1, ...b.map((x) => x.count));
  const step = Math.max(2, Math.min(12, Math.floor(width / Math.max(1, b.length))));
  const svg = h('svg', { class: 'volume', viewBox: `0 0 ${Math.max(step * b.length, 20)} 24`, width: Math.max(step * b.length, 20), height: 24, role: 'img', 'aria-label': `Documents per ${volume.period}` });
  b.forEach((x, i) => svg.append(h('rect', { x: i * step, y: 24 - (x.count / max) * 22, width: Math.max(1, step - 1), height: Math.max(1, (x.count / max) * 22), fill: '#0b57d0' }, h('title', {}, `${volume.period} ${x.date}: ${x.count}`))));
  return svg;
}

function knownCases(known) {
  if (!known.length) return h('p', { class: 'muted' }, 'No document matched a catalogued case. Import a catalogue (unspin catalog import) and ingest again.');
  return h(
    'ul',
    { class: 'narratives' },
    known.map((n) => {
      const max = Math.max(...n.volume.map((v) => v.count), 1);
      const svg = h('svg', { class: 'timeline', viewBox: `0 0 ${Math.max(60, n.volume.length * 22)} 44`, role: 'img', 'aria-label': 'Volume by month' });
      n.volume.forEach((v, i) => svg.append(h('rect', { x: i * 22 + 2, y: 34 - (v.count / max) * 30, width: 16, height: (v.count / max) * 30, fill: '#0b57d0' }, h('title', {}, `${v.month}: ${v.count}`)), h('text', { x: i * 22 + 2, y: 43, 'font-size': 6 }, v.month)));
      return h('li', { class: 'hit' }, h('h3', {}, h('a', { href: linkWith(new URLSearchParams(), { narrative: n.label }) }, n.label)), h('div', { class: 'muted small' }, `${n.documents} document(s) · ${n.outlets.map((o) => o.value).join(', ')} · first ${n.firstSeen || '?'} · last ${n.lastSeen || '?'}`), svg, h('div', { class: 'small' }, n.examples.map((e) => h('div', {}, h('a', { href: `#/doc/${encodeURIComponent(e.id)}` }, e.title || e.id)))));
    }),
  );
}

async function narrativesPage() {
  const box = h('div', { class: 'card' }, h('h1', {}, 'Narratives'), h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(box);
  try {
    const r = await api('/api/narratives?limit=100');
    const clusters = r.narratives.length
      ? h(
          'table',
          { class: 'grid clusters' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Narrative (representative claim)'), h('th', {}, 'Docs'), h('th', {}, 'Outlets'), h('th', {}, 'First / last seen'), h('th', {}, 'Volume'))),
          h(
            'tbody',
            {},
            r.narratives.map((n) =>
              h(
                'tr',
                { class: 'cluster' },
                h('td', {}, h('a', { href: `#/narrative/${encodeURIComponent(n.id)}` }, n.label)),
                h('td', {}, String(n.documents)),
                h('td', { class: 'small' }, n.outlets.slice(0, 4).map((o) => `${o.value} (${o.count})`).join(', ') + (n.outlets.length > 4 ? ', …' : '')),
                h('td', { class: 'small' }, `${n.firstSeen || '?'} – ${n.lastSeen || '?'}`),
                h('td', {}, volumeBars(n.volume)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No recurring claims clustered yet: run `unspin narratives build` after an ingest.');
    box.replaceChildren(
      h('h1', {}, 'Narratives'),
      h('p', { class: 'muted' }, `Claims in the authors' text that recur across documents, grouped by shared wording (near duplicates and close paraphrases). ${r.total} narrative(s)${r.builtAt ? `, built ${r.builtAt.slice(0, 16).replace('T', ' ')}` : ''}. A group is a lead to read, not a finding.`),
      clusters,
      h('h2', {}, 'Known cases matched'),
      h('p', { class: 'muted' }, 'Catalogued disinformation cases that articles resemble (shared wording and actors), with outlets, first and last seen, and volume by month. A match is a lead to check, not proof.'),
      knownCases(r.known),
    );
  } catch (e) {
    showError(box, e);
  }
}

async function narrativePage([id]) {
  const box = h('div', { class: 'card' }, h('h1', {}, 'Narrative'), h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(box);
  try {
    const n = await api(`/api/narratives/${encodeURIComponent(id)}`);
    box.replaceChildren(
      h('h1', {}, n.label),
      h('p', { class: 'muted' }, `${n.documents} document(s), ${n.size} claim(s) · first ${n.firstSeen || '?'} · last ${n.lastSeen || '?'} · ${n.outlets.map((o) => `${o.value} (${o.count})`).join(', ')}`),
      volumeBars(n.volume, 480),
      h('p', {}, h('a', { href: linkWith(new URLSearchParams(), { narrative: n.id }) }, 'Search these documents')),
      h('ul', { class: 'members' }, (n.claims || []).map((c) => h('li', { class: 'hit' }, h('div', { class: 'small muted' }, h('a', { href: `#/doc/${encodeURIComponent(c.docId)}` }, c.docId), ` · ${[c.outlet, c.published && c.published.slice(0, 10)].filter(Boolean).join(' · ')} · similarity ${c.score}`), h('div', {}, c.text)))),
    );
  } catch (e) {
    showError(box, e);
  }
}
