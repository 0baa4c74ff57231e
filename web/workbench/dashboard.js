/* dashboard.js — 统计分析, the statistics dashboard of supervisors (every
 * department) and department heads (their own), from GET /api/v1/stats/overview
 * and /stats/trend (counters, no case scanned) and /rectifications: the
 * figures, with 不见面率 and 满意率 always in one block side by side; four
 * charts drawn here as inline SVG (no chart library: four kinds of bars are
 * a few lines each) — applications and completions per day, the duration
 * distribution against a matter's promised days, ratings by level,
 * rectifications on time or not — each with a sentence describing it and
 * its numbers as a table; demand by hour × weekday (/stats/demand: cases
 * submitted, appointments booked, bookings refused because the slot was
 * full) as an SVG heat map with its table; every table as a CSV or XLSX
 * download; the falling flag (in-person share and satisfaction both down)
 * on the overview and in the ranking; and, for supervisors, the departments
 * ranked (/stats/ranking). */
import { h, t, L, announce, session, departments, todayYmd, allItems } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, qs } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './dashboard.texts.js';

addTexts(TEXTS);

const L2 = (k) => ({ zh: t(k, null, k, 'zh'), en: t(k, null, k, 'en') });
const CHANNELS = ['online', 'mobile', 'window', 'assisted'];
const pct = (x) => (x * 100).toFixed(1) + '%';
const num = (x) => (x === null || x === undefined ? '—' : String(Math.round(x * 10) / 10));
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f5fa8', '#b4541a', '#2e7d32'];

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}

let chartNo = 0;
/* A bar chart: categories along x, one bar per series in each; `marker` an
 * x position (a category index, possibly fractional) drawn as a dashed line.
 * The SVG is an image named by the figure's caption and described by the
 * sentence under it; the table under "as a table" holds every number. */
function barChart({ name, title, desc, cats, series, marker, catHead }) {
  const id = 'sd-chart-' + (++chartNo);
  const W = 640, H = 240, left = 44, right = 12, top = 12, bottom = 44;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = (W - left - right) / Math.max(1, cats.length);
  const bw = Math.min(40, Math.max(2, (step * 0.8) / series.length));
  const pad = (step - bw * series.length) / 2;
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const every = Math.ceil(cats.length / 12);
  const g = svg('g');
  for (const v of [...new Set([0, Math.round(max / 2), max])]) {
    g.append(svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: '#c9ced6', 'stroke-width': 1 }),
      svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' },
        String(Math.round(v))));
  }
  cats.forEach((c, i) => {
    series.forEach((s, k) => {
      const v = s.values[i];
      g.append(svg('rect', { x: left + i * step + pad + k * bw, y: y(v), width: bw, height: y(0) - y(v),
        fill: COLOURS[k % COLOURS.length], 'data-series': s.key, 'data-value': v }));
    });
    if (i % every === 0) {
      g.append(svg('text', { x: left + i * step + step / 2, y: H - bottom + 16, 'text-anchor': 'middle',
        'font-size': 11, fill: 'currentColor' }, c));
    }
  });
  if (marker !== null && marker !== undefined) {
    const x = left + marker * step;
    g.append(svg('line', { x1: x, x2: x, y1: top, y2: H - bottom, stroke: '#a01818', 'stroke-width': 2,
      'stroke-dasharray': '6 4', 'data-marker': 'promised' }));
  }
  const image = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': id + '-t',
    'aria-describedby': id + '-d', focusable: 'false', preserveAspectRatio: 'xMidYMid meet' }, g);
  const legend = series.length > 1 ? h('p', { class: 'legend small' }, series.map((s, k) => h('span', { class: 'legend-item' },
    svg('svg', { 'aria-hidden': 'true', class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12' },
      svg('rect', { width: 12, height: 12, fill: COLOURS[k] })),
    s.name))) : null;
  const table = h('table', { class: 'table' }, h('caption', { class: 'sr-only' }, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, catHead), series.map((s) => h('th', { scope: 'col' }, s.name)))),
    h('tbody', null, cats.map((c, i) => h('tr', null, h('th', { scope: 'row' }, c),
      series.map((s) => h('td', { 'data-label': s.name }, String(s.values[i])))))));
  return h('figure', { class: 'panel chart', 'data-chart': name },
    h('figcaption', { id: id + '-t' }, h('strong', null, title)),
    image, legend, h('p', { id: id + '-d', class: 'hint' }, desc),
    h('details', null, h('summary', null, t('sd.as_table')), h('div', { class: 'table-wrap' }, table)));
}

/* 不见面率 and 满意率: one block, always both, each with its count or "no data". */
function ratesBlock(o) {
  const rate = (k, x, n, d) => h('div', { class: 'rate', 'data-rate': k },
    h('dt', null, t('sd.' + k)),
    h('dd', null, x === null ? h('span', { class: 'muted' }, '— ' + t('sd.no_data'))
      : [h('strong', null, pct(x)), ' ', h('span', { class: 'muted small' }, t('sd.nd', { n, d }))]));
  const satisfied = (o.ratings_by_level['4'] || 0) + (o.ratings_by_level['5'] || 0);
  return h('section', { class: 'panel rates-pair', 'aria-label': t('sd.rates') }, h('dl', { class: 'facts' },
    rate('contactless', o.contactless_rate, o.completed_no_visit, o.completions),
    rate('satisfaction', o.satisfaction_rate, satisfied, o.ratings)));
}

function figures(o) {
  const d = o.duration_workdays;
  const fact = (k, v) => h('div', { class: 'fact', 'data-figure': k }, h('dt', null, t('sd.' + k)), h('dd', null, v));
  return [h('h2', null, t('sd.figures', { from: o.query.from, to: o.query.to })), fallingNote(o), ratesBlock(o),
    h('dl', { class: 'facts' },
      fact('applications', String(o.applications)), fact('acceptances', String(o.acceptances)),
      fact('completions', String(o.completions)),
      fact('first_time', o.first_time_rate === null ? '—' : pct(o.first_time_rate)),
      fact('ratings', String(o.ratings)),
      fact('duration', d.count ? t('sd.duration_value', { mean: num(d.mean), median: d.median, p90: d.p90 }) : '—'))];
}

function trendChart(tr) {
  const days = tr.days;
  const a = days.map((x) => x.applications), c = days.map((x) => x.completions);
  const sum = (v) => v.reduce((p, q) => p + q, 0);
  return barChart({ name: 'trend', title: t('sd.trend'), catHead: t('sd.day'), cats: days.map((x) => x.day.slice(5)),
    desc: t('sd.trend_desc', { days: days.length, a: sum(a), c: sum(c), max: Math.max(0, ...a) }),
    series: [{ key: 'applications', name: t('sd.applications'), values: a },
      { key: 'completions', name: t('sd.completions'), values: c }] });
}

function durationChart(tr, o, promised) {
  const top = Math.max(promised || 0, ...tr.durations.map((x) => x.workdays));
  const cats = [], values = [];
  for (let d = 0; d <= top; d++) {
    cats.push(String(d));
    values.push((tr.durations.find((x) => x.workdays === d) || { count: 0 }).count);
  }
  let extra = t('sd.choose_matter');
  if (promised !== null) {
    const within = tr.durations.filter((x) => x.workdays <= promised).reduce((p, x) => p + x.count, 0);
    const n = o.duration_workdays.count;
    extra = t('sd.promised_line', { days: promised, within, share: n ? pct(within / n) : '—' });
  }
  return barChart({ name: 'durations', title: t('sd.durations'), catHead: t('sd.workdays'), cats,
    desc: t('sd.durations_desc', { n: o.duration_workdays.count, median: o.duration_workdays.median ?? '—' }) + ' ' + extra,
    series: [{ key: 'count', name: t('sd.count'), values }], marker: promised === null ? null : promised + 1 });
}

function levelsChart(o) {
  const levels = ['5', '4', '3', '2', '1'];
  return barChart({ name: 'levels', title: t('sd.levels'), catHead: t('sd.level'),
    cats: levels.map((k) => t('level.' + k)),
    desc: t('sd.levels_desc', { n: o.ratings, s: o.ratings_by_level['4'] + o.ratings_by_level['5'] }),
    series: [{ key: 'ratings', name: t('sd.ratings'), values: levels.map((k) => o.ratings_by_level[k]) }] });
}

function rectChart(items) {
  const n = { fixed: 0, open: 0, overdue: 0 };
  for (const r of items) n[r.status === 'fixed' ? 'fixed' : r.overdue ? 'overdue' : 'open']++;
  const keys = ['fixed', 'open', 'overdue'];
  return barChart({ name: 'rectifications', title: t('sd.rect'), catHead: t('sd.rect_state'),
    cats: keys.map((k) => t('rect.' + k)), desc: t('sd.rect_desc', { n: items.length, ...n }),
    series: [{ key: 'rectifications', name: t('sd.count'), values: keys.map((k) => n[k]) }] });
}

/* The downloads of one statistics table: CSV and XLSX of the same query. */
function exportLinks(path, q, name, formats = ['csv', 'xlsx']) {
  return h('p', { class: 'export-links', 'data-exports': name },
    formats.map((f) => [h('a', { class: 'btn btn-small', 'data-export': name + '.' + f, download: '',
      href: '/api/v1/stats/' + path + qs({ ...q, format: f }) }, t('sd.export_' + f, { what: t('sd.table_' + name) })), ' ']));
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/* Demand by hour × weekday (all channels of the query summed): a grid of cells shaded by the
 * demand in them (cases submitted + bookings + bookings refused), a cell with refusals outlined;
 * every non-empty cell also a row of the table under "as a table". */
function demandChart(d) {
  const id = 'sd-chart-' + (++chartNo);
  const cell = {};
  for (const c of d.cells) {
    const k = c.weekday + ':' + c.hour;
    const x = cell[k] || (cell[k] = { weekday: c.weekday, hour: c.hour, applications: 0, bookings: 0, refused: 0 });
    x.applications += c.applications; x.bookings += c.bookings; x.refused += c.refused;
  }
  const rows = Object.values(cell).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  const total = (x) => x.applications + x.bookings + x.refused;
  const max = Math.max(1, ...rows.map(total));
  const W = 640, H = 220, left = 40, top = 8, cw = (W - left - 8) / 24, ch = (H - top - 28) / 7;
  const g = svg('g');
  WEEKDAYS.forEach((w, i) => g.append(svg('text', { x: left - 6, y: top + i * ch + ch / 2 + 4, 'text-anchor': 'end',
    'font-size': 11, fill: 'currentColor' }, t('wd.' + (w % 7)))));
  for (let hr = 0; hr < 24; hr += 3) {
    g.append(svg('text', { x: left + hr * cw + cw / 2, y: H - 10, 'text-anchor': 'middle', 'font-size': 11,
      fill: 'currentColor' }, String(hr)));
  }
  for (const x of rows) {
    const v = total(x);
    g.append(svg('rect', { x: left + x.hour * cw + 1, y: top + (x.weekday - 1) * ch + 1, width: cw - 2, height: ch - 2,
      fill: '#1f5fa8', 'fill-opacity': (0.12 + 0.88 * v / max).toFixed(3), 'data-value': v,
      'data-refused': x.refused, stroke: x.refused ? '#a01818' : null, 'stroke-width': x.refused ? 2 : null }));
  }
  const image = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': id + '-t',
    'aria-describedby': id + '-d', focusable: 'false' }, g);
  const busiest = rows.reduce((b, x) => (!b || total(x) > total(b) ? x : b), null);
  const cols = ['applications', 'bookings', 'refused'];
  const table = h('table', { class: 'table' }, h('caption', { class: 'sr-only' }, t('sd.demand')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sd.when')),
      cols.map((k) => h('th', { scope: 'col' }, t('sd.d_' + k))))),
    h('tbody', null, rows.map((x) => h('tr', null,
      h('th', { scope: 'row' }, t('sd.when_value', { wd: t('wd.' + (x.weekday % 7)), hour: x.hour })),
      cols.map((k) => h('td', { 'data-label': t('sd.d_' + k) }, String(x[k])))))));
  return h('figure', { class: 'panel chart', 'data-chart': 'demand' },
    h('figcaption', { id: id + '-t' }, h('strong', null, t('sd.demand'))), image,
    h('p', { id: id + '-d', class: 'hint' }, t('sd.demand_desc', { ...d.totals,
      busiest: busiest ? t('sd.when_value', { wd: t('wd.' + (busiest.weekday % 7)), hour: busiest.hour }) : '—' })),
    h('details', null, h('summary', null, t('sd.as_table')), h('div', { class: 'table-wrap' }, table)));
}

/* The falling flag: in-person share and satisfaction both down against the period before. */
function fallingNote(o) {
  if (!o.falling) return null;
  return h('div', { class: 'panel panel-warn', role: 'note', 'data-falling': '' },
    h('strong', null, t('sd.falling')), ' ', L(o.falling_reason));
}

/* Supervisors: the departments ranked (on-time rate, then satisfaction), each rate or "—" without data. */
function rankingTable(r) {
  const items = r.items || [];
  if (!items.length) return null;
  const rate = (x) => (x === null ? '—' : pct(x));
  const cols = ['sd.rank', 'sd.dept', 'sd.completions', 'sd.immediate', 'sd.on_time', 'sd.speedup', 'sd.contactless',
    'sd.satisfaction', 'sd.flag'];
  return h('section', { 'aria-labelledby': 'sd-rank-h', 'data-ranking': '' }, h('h2', { id: 'sd-rank-h' }, t('sd.ranking')),
    h('p', { class: 'hint' }, t('sd.ranking_rule')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('sd.ranking')),
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, items.map((it) => h('tr', null,
        h('td', { 'data-label': t('sd.rank') }, String(it.rank)),
        h('th', { scope: 'row' }, L(it.department.name)),
        h('td', { 'data-label': t('sd.completions') }, String(it.completions)),
        h('td', { 'data-label': t('sd.immediate') }, rate(it.immediate_rate)),
        h('td', { 'data-label': t('sd.on_time') }, rate(it.on_time_rate)),
        h('td', { 'data-label': t('sd.speedup') }, rate(it.speedup_rate)),
        h('td', { 'data-label': t('sd.contactless') }, rate(it.contactless_rate)),
        h('td', { 'data-label': t('sd.satisfaction') }, rate(it.satisfaction_rate)),
        h('td', { 'data-label': t('sd.flag'), 'data-falling': it.falling ? '' : null },
          it.falling ? [h('strong', null, t('sd.falling')), ' ', L(it.falling_reason)] : '—')))))));
}

export async function pageDashboard(page, _params, query) {
  page.append(h('h1', null, t('sd.title')), h('p', { class: 'hint' }, t('sd.intro')));
  const supervisor = session.has('supervisor');
  const depts = await departments();
  const own = !supervisor ? depts.find((d) => d.code === session.dept()) : null;
  const matters = (await api('/matters', { query: { limit: 100, department: own ? own.code : undefined } })).items || [];
  const { renderForm } = await import('../shared/form.js');
  const fields = [
    { key: 'from', type: 'date', required: true, label: L2('sd.from') },
    { key: 'to', type: 'date', required: true, label: L2('sd.to') }];
  if (supervisor) {
    fields.push({ key: 'department', type: 'enum', widget: 'select', label: L2('sd.department'),
      options: depts.filter((d) => matters.some((m) => m.department === d.code) || d.code === query.get('department'))
        .map((d) => ({ value: d.code, label: d.name })) });
  }
  fields.push({ key: 'channel', type: 'enum', widget: 'select', label: L2('sd.channel'),
    options: CHANNELS.map((c) => ({ value: c, label: L2('ch.' + c) })) },
  { key: 'matter', type: 'enum', widget: 'select', label: L2('sd.matter'),
    options: matters.map((m) => ({ value: m.code, label: m.name })) });
  const values = { from: todayYmd(-29), to: todayYmd(0) };
  for (const f of fields) if (query && query.get(f.key)) values[f.key] = query.get(f.key);
  const ctl = renderForm({ fields }, { idPrefix: 'sd', values });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('sd.show'));
  const results = h('div', { class: 'results' });
  const form = h('form', { novalidate: true, class: 'filter-form', 'aria-label': t('sd.filter') },
    own ? h('p', null, t('sd.own_department', { name: L(own.name) })) : null,
    ctl.el, out, h('div', { class: 'actions' }, button));
  page.append(form, results);
  const load = (focus) => submit({ out, form: ctl, button, focus }, async () => {
    const v = ctl.values();
    const q = { from: v.from, to: v.to, department: v.department, channel: v.channel, matter: v.matter };
    const rq = { from: v.from, to: v.to, channel: v.channel };
    const [o, tr, dm, rect, rank] = await Promise.all([api('/stats/overview', { query: q }),
      api('/stats/trend', { query: q }), api('/stats/demand', { query: q }), allItems('/rectifications'),
      supervisor ? api('/stats/ranking', { query: rq }) : null]);
    const dept = o.query.department;
    const rects = rect.filter((r) => !dept || r.department === dept);
    const m = matters.find((x) => x.code === v.matter);
    const promised = m && Number.isInteger(m.promised_days) ? m.promised_days : null;
    const rt = rank ? rankingTable(rank) : null;
    if (rt) rt.append(exportLinks('ranking', rq, 'ranking'));
    results.replaceChildren(...figures(o).filter(Boolean),
      h('p', null, h('a', { class: 'btn', 'data-export': 'xlsx', download: '',
        href: '/api/v1/stats/overview' + qs({ ...q, format: 'xlsx' }) }, t('sd.download'))),
      exportLinks('overview', q, 'overview', ['csv']),
      h('div', { class: 'charts' }, trendChart(tr), exportLinks('trend', { ...q, table: 'days' }, 'days'),
        durationChart(tr, o, promised), exportLinks('trend', { ...q, table: 'durations' }, 'durations'),
        demandChart(dm), exportLinks('demand', q, 'demand'), levelsChart(o), rectChart(rects)),
      rt);
    history.replaceState(null, '', '#/stats' + qs(v));
    if (focus) announce(t('sd.shown'));
  });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(true); });
  await load(false);
}
