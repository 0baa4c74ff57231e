/* complaint-stats.js — 12345 figures in the workbench, for the staff the
 * API lets read them (every caseworking role): 三率 per handling body over a
 * period, ranked by the rate chosen, each rate beside its count (n/d) and
 * "—" where there is nothing to divide by; and the hotspots (未诉先办):
 * requests per day, street and category, the spikes first and named as
 * such. Both read counters the server keeps at each step. The period is
 * the last 30 days (Asia/Shanghai) unless the address names one; a period
 * the server refuses (too long, ending before it starts) is named beside
 * its field. */
import { h, t, L, announce, regions, departments, todayYmd, fmtDay } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, qs } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { label, categoryOptions, BODY_KINDS } from '../shared/complaint.js';
import TEXTS from './complaint-stats.texts.js';

addTexts(TEXTS);

const L2 = (k) => label(t(k, null, k, 'zh'), t(k, null, k, 'en'));

/* The filter form: from and to, then the page's own fields, filled from the
 * address or the defaults. Each query replaces what `results` shows and the
 * address (so a reload or a link shows the same); an error of a field goes
 * beside it. */
async function filterForm(page, { prefix, path, fields, query, run }) {
  const { renderForm } = await import('../shared/form.js');
  const schema = { fields: [
    { key: 'from', type: 'date', required: true, label: L2('cs.from') },
    { key: 'to', type: 'date', required: true, label: L2('cs.to') },
    ...fields] };
  const values = { from: todayYmd(-29), to: todayYmd(0) };
  for (const f of schema.fields) if (query && query.get(f.key)) values[f.key] = query.get(f.key);
  const ctl = renderForm(schema, { idPrefix: prefix, values });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('cs.show'));
  const results = h('div', { class: 'results' });
  const form = h('form', { novalidate: true, class: 'filter-form', 'aria-label': t('cs.filter') },
    ctl.el, out, h('div', { class: 'actions' }, button));
  page.append(form, results);
  const load = (focus) => submit({ out, form: ctl, button, focus }, async () => {
    results.textContent = '';
    const v = ctl.values();
    results.append(...(await run(v)).filter(Boolean));
    history.replaceState(null, '', '#' + path + qs(v));
    if (focus) announce(t('cs.shown'));
  });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(true); });
  await load(false);
}

const pct = (x) => (x * 100).toFixed(1) + '%';
const col = (text) => h('th', { scope: 'col' }, text);
const cell = (head, ...kids) => h('td', { 'data-label': head }, ...kids);
const muted = (text) => h('span', { class: 'muted' }, text);

/* A rate beside its count, or "—" and "no data" when nothing was counted. */
function rateCell(it, by) {
  const [num, den] = RATES[by];
  const x = it[by + '_rate'];
  const head = t('cs.' + by);
  if (x === null || x === undefined) {
    return cell(head, h('span', { 'aria-hidden': 'true' }, '— '), muted(t('cs.no_data')));
  }
  return cell(head, h('strong', null, pct(x)), ' ',
    h('span', { class: 'muted small' }, t('cs.nd', { n: it[num], d: it[den] })));
}

/* each rate: [numerator, denominator] */
const RATES = { response: ['responded', 'dispatched'], resolution: ['resolved', 'callbacks'],
  satisfaction: ['satisfied', 'callbacks'] };

const bodyName = (it) => L({ zh: it.name_zh, en: it.name_en }) || it.body;

/* The bodies by the rate `by`, best first; an equal rate shares its rank,
 * a body without the rate has none and comes last. */
function ranked(items, by) {
  const key = by + '_rate', den = RATES[by][1];
  const name = (a, b) => bodyName(a).localeCompare(bodyName(b));
  const s = items.slice().sort((a, b) => {
    const x = a[key], y = b[key];
    if (x === null || y === null) return (x === null) - (y === null) || name(a, b);
    return y - x || b[den] - a[den] || name(a, b);
  });
  let rank = 0;
  return s.map((it, i) => {
    if (it[key] === null) return [it, null];
    if (i === 0 || it[key] !== s[i - 1][key]) rank = i + 1;
    return [it, rank];
  });
}

function ratesView(r) {
  const items = r.items || [];
  if (!items.length) return [h('p', null, t('cs.none'))];
  let by = 'satisfaction';
  const select = h('select', { id: 'cs-rank-by' },
    ...Object.keys(RATES).map((k) => h('option', { value: k, selected: k === by }, t('cs.' + k))));
  const caption = h('caption');
  const heads = Object.fromEntries(Object.keys(RATES).map((k) => [k, col(t('cs.' + k))]));
  const tbody = h('tbody');
  const draw = () => {
    caption.textContent = t('cs.rates_caption', { from: r.from, to: r.to, by: t('cs.' + by) });
    for (const [k, th] of Object.entries(heads)) {
      if (k === by) th.setAttribute('aria-sort', 'descending');
      else th.removeAttribute('aria-sort');
    }
    tbody.replaceChildren(...ranked(items, by).map(([it, rank]) => h('tr', null,
      cell(t('cs.rank'), rank === null ? muted('—') : String(rank)),
      h('th', { scope: 'row' }, bodyName(it)),
      ...Object.keys(RATES).map((k) => rateCell(it, k)),
      cell(t('cs.direct'), String(it.direct || 0)))));
  };
  select.addEventListener('change', () => {
    by = select.value;
    draw();
    announce(t('cs.ranked', { by: t('cs.' + by) }));
  });
  const table = h('table', { class: 'table stack rates' }, caption,
    h('thead', null, h('tr', null,
      col(t('cs.rank')), col(t('cs.body')), ...Object.values(heads), col(t('cs.direct')))),
    tbody);
  draw();
  return [h('div', { class: 'field field-inline' },
    h('label', { for: 'cs-rank-by', class: 'label' }, t('cs.rank_by')), select),
  h('div', { class: 'table-wrap' }, table)];
}

export async function pageComplaintRates(page, _params, query) {
  page.append(h('h1', null, t('wc.rates')), h('p', { class: 'hint' }, t('cs.rates_intro')));
  const bodies = (await departments()).filter((d) => BODY_KINDS.includes(d.kind));
  await filterForm(page, { prefix: 'csr', path: '/complaints/rates', query,
    fields: [{ key: 'body', type: 'enum', widget: 'select', label: L2('cs.body_filter'),
      options: bodies.map((d) => ({ value: d.code, label: d.name })) }],
    run: async (v) => ratesView(await api('/stats/complaints', { query: v })) });
}

function hotspotsView(r, regs) {
  // spikes first (the server sends them so; the sort is stable and keeps its order within)
  const items = (r.items || []).slice().sort((a, b) => b.spike - a.spike);
  const rule = h('p', { class: 'hint' },
    t('cs.hot_rule', { min: r.min_count, days: r.window_days, factor: r.factor }));
  if (!items.length) return [rule, h('p', null, t('cs.hot_none'))];
  const region = (code) => L((regs.find((x) => x.code === code) || {}).name) || code;
  const cols = ['cs.flag', 'cs.day', 'cs.district', 'cs.street', 'cs.category', 'cs.count', 'cs.mean'];
  return [rule, h('p', null, t('cs.hot_summary', { n: items.length, spikes: r.spikes })),
    r.truncated ? h('p', { class: 'panel panel-warn' }, t('cs.truncated', { n: items.length })) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table stack hotspots' },
      h('caption', null, t('cs.hot_caption', { from: r.from, to: r.to })),
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, items.map((i) => h('tr', { class: i.spike ? 'row-spike' : null },
        cell(t('cs.flag'), i.spike
          ? h('span', { class: 'badge badge-red' }, h('span', { 'aria-hidden': 'true' }, '▲'), t('cs.spike'))
          : muted(t('cs.usual'))),
        h('th', { scope: 'row' }, fmtDay(i.day)),
        cell(t('cs.district'), region(i.district)),
        cell(t('cs.street'), i.street ? L(i.street.name) : muted(t('cs.no_street'))),
        cell(t('cs.category'), L(i.category.name)),
        cell(t('cs.count'), String(i.count)),
        cell(t('cs.mean'), i.trailing_mean.toFixed(1)))))))];
}

export async function pageComplaintHotspots(page, _params, query) {
  page.append(h('h1', null, t('wc.hotspots')), h('p', { class: 'hint' }, t('cs.hot_intro')));
  const [regs, cats] = await Promise.all([regions(), api('/complaint-categories')]);
  await filterForm(page, { prefix: 'csh', path: '/complaints/hotspots', query,
    fields: [
      { key: 'district', type: 'enum', widget: 'select', label: L2('cs.district_filter'),
        options: regs.filter((x) => x.level === 'district').map((x) => ({ value: x.code, label: x.name })),
      },
      { key: 'category', type: 'enum', widget: 'select', label: L2('cs.category_filter'),
        options: categoryOptions(cats.items || []) },
      { key: 'factor', type: 'decimal', min: 1, max: 20, label: L2('cs.factor'), help: L2('cs.factor_help') },
    ],
    run: async (v) => hotspotsView(await api('/stats/complaints/hotspots', { query: v }), regs) });
}
