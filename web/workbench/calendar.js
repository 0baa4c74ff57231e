/* calendar.js — the system administrator's holiday calendar (工作日历): a
 * region's year as loaded (GET /api/v1/calendar/{region}/{year}), and
 * loading a year from the State Council's notice (PUT, the server's refusals
 * listed by field path). */
import { h, t, L, go, announce, fmtDay, todayYmd } from '../shared/frame.js';
import { addTexts, list } from '../shared/i18n.js';
import { api, ApiError } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import TEXTS from './calendar.texts.js';

addTexts(TEXTS);

export async function pageCalendar(page, _p, query) {
  page.append(h('h1', null, t('wk.title')));
  const region = /^[0-9]{6}$/.test(query.get('region') || '') ? query.get('region') : '000000';
  const year = /^[0-9]{4}$/.test(query.get('year') || '') ? Number(query.get('year')) : Number(todayYmd().slice(0, 4));
  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'wk-region', class: 'label' }, t('wk.region')),
      h('input', { id: 'wk-region', name: 'region', value: region, inputmode: 'numeric', maxlength: 6, size: 8, 'aria-describedby': 'wk-region-help' }),
      h('p', { class: 'hint', id: 'wk-region-help' }, t('wk.region.help'))),
    h('div', { class: 'field field-inline' }, h('label', { for: 'wk-year', class: 'label' }, t('wk.year')),
      h('input', { id: 'wk-year', name: 'year', value: String(year), inputmode: 'numeric', maxlength: 4, size: 6 })),
    h('button', { type: 'submit', class: 'btn' }, t('wk.show')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/calendar?region=' + f.elements.region.value.trim() + '&year=' + f.elements.year.value.trim()); });
  page.append(f);
  const c = await api('/calendar/' + region + '/' + year);
  const days = (xs) => (xs && xs.length ? list(xs.map(fmtDay)) : t('wk.none'));
  page.append(h('section', { class: 'panel' },
    h('p', { role: 'status' }, c.loaded ? t('wk.loaded', { year, n: c.working_days }) : t('wk.not_loaded', { year })),
    c.calendar_of && c.calendar_of !== region ? h('p', null, t('wk.of', { region: c.calendar_of })) : null,
    c.notice ? h('p', null, L(c.notice)) : null,
    // the source as the administrator typed it when loading the year
    c.source ? h('p', null, t('wk.source'), '：', h('span', { 'data-keep': 'data', lang: /[\u4e00-\u9fff]/.test(c.source) ? 'zh-CN' : null }, c.source)) : null,
    h('h2', null, t('wk.holidays')), h('p', null, days(c.holidays)),
    h('h2', null, t('wk.workdays')), h('p', null, days(c.workdays))));

  const area = h('textarea', { id: 'wk-notice', name: 'notice', rows: 14, spellcheck: 'false', class: 'mono', 'aria-describedby': 'wk-notice-help wk-notice-err' });
  area.value = JSON.stringify({ year, source: '', holidays: [{ name: '', name_en: '', off: ['', ''], workdays: [] }] }, null, 2);
  const err = h('div', { id: 'wk-notice-err', class: 'field-error' });
  const out = h('div');
  const form = h('form', { novalidate: true }, h('div', { class: 'field' },
    h('label', { for: 'wk-notice', class: 'label' }, t('wk.notice')), h('p', { class: 'hint', id: 'wk-notice-help' }, t('wk.notice.help')), err, area),
  out, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('wk.load'))));
  onSubmit(form, { out }, async () => {
    err.textContent = '';
    let body;
    try { body = JSON.parse(area.value); } catch (e) { err.append(h('p', null, t('wk.bad_json', { why: e.message }))); area.focus(); return; }
    try {
      const r = await api('/calendar/' + region + '/' + year, { method: 'PUT', body });
      announce(t('wk.done', { year, n: r.deadlines_moved || 0 }));
      go('#/calendar?region=' + region + '&year=' + year);
    } catch (e) {
      if (!(e instanceof ApiError) || !e.errors.length) throw e;
      err.append(h('p', null, t('wk.errors')), h('ul', null, e.errors.map((x) => h('li', null, h('code', null, x.field || '—'), '：', x.message))));
      area.focus();
    }
  });
  page.append(h('h2', null, t('wk.load')), form);
}
