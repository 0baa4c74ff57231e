/* slots.js — 预约号源管理: a department's appointment slots, week by week, for its head (their own
 * department) and the system administrator (any department). Each day's slots with capacity and
 * bookings; publishing a pattern (days of the week × the morning's and afternoon's times × capacity,
 * POST /departments/{code}/slots/pattern; the server skips the calendar's days off and says which);
 * changing a slot's capacity (never below its bookings) and withdrawing a slot nobody holds (the
 * server refuses a booked one and says why, beside the slot's list). */
import { h, t, L, go, announce, fmtDay, todayYmd, session } from '../shared/frame.js';
import { addTexts, list } from '../shared/i18n.js';
import { api, ApiError, problemView } from '../shared/api.js';
import { submit, onSubmit } from '../shared/action.js';
import TEXTS from './slots.texts.js';

addTexts(TEXTS);

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const HM = /^([01]\d|2[0-3]):[0-5]\d$/;

/* Day arithmetic on YYYY-MM-DD, in UTC so no clock change moves a day. */
const toDate = (ymd) => { const [y, m, d] = ymd.split('-').map(Number); return new Date(Date.UTC(y, m - 1, d)); };
const ymd = (dt) => dt.toISOString().slice(0, 10);
const addDays = (s, n) => { const d = toDate(s); d.setUTCDate(d.getUTCDate() + n); return ymd(d); };
const mondayOf = (s) => addDays(s, -((toDate(s).getUTCDay() + 6) % 7));
const minutes = (hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const hm = (m) => String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0');

/* The times of a pattern: each of the two spans (morning, afternoon) cut into `len`-minute slots. */
export function patternTimes(spans, len) {
  const out = [];
  for (const [from, to] of spans) {
    if (!HM.test(from || '') || !HM.test(to || '') || !(len > 0)) continue;
    for (let m = minutes(from); m + len <= minutes(to); m += len) out.push({ start: hm(m), end: hm(m + len) });
  }
  return out;
}

/* The departments the caller manages: their own (a head), or all (the administrator). */
async function managed() {
  const all = (await api('/departments')).items || [];
  return session.has('admin') ? all : all.filter((d) => d.code === session.dept());
}

/* The weekdays off of the week's years, as the department's region's calendar (or the nation's) says. */
async function daysOff(region, monday) {
  const off = new Set();
  for (const year of new Set([monday.slice(0, 4), addDays(monday, 6).slice(0, 4)])) {
    try {
      const c = await api('/calendar/' + (region || '000000') + '/' + year);
      for (const d of c.holidays || []) off.add(d);
    } catch (e) { /* no calendar: no day is marked */ }
  }
  return off;
}

export async function pageSlots(page, _p, query) {
  page.append(h('h1', null, t('wsl.title')));
  const depts = await managed();
  if (!depts.length) { page.append(h('p', null, t('wsl.no_dept'))); return; }
  const code = depts.some((d) => d.code === query.get('department')) ? query.get('department')
    : (depts.find((d) => d.code === session.dept()) || depts[0]).code;
  const dept = depts.find((d) => d.code === code);
  const monday = mondayOf(YMD.test(query.get('week') || '') ? query.get('week') : todayYmd());
  const hash = (w) => '#/slots?department=' + encodeURIComponent(code) + '&week=' + w;

  const f = h('form', { class: 'filters' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'wsl-dept', class: 'label' }, t('wsl.dept')),
      h('select', { id: 'wsl-dept', name: 'department', disabled: depts.length === 1 },
        depts.map((d) => h('option', { value: d.code, selected: d.code === code }, L(d.name))))),
    h('div', { class: 'field field-inline' }, h('label', { for: 'wsl-week', class: 'label' }, t('wsl.week')),
      h('input', { type: 'date', id: 'wsl-week', name: 'week', value: monday })),
    h('button', { type: 'submit', class: 'btn' }, t('wsl.show')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const w = YMD.test(f.elements.week.value) ? mondayOf(f.elements.week.value) : monday;
    go('#/slots?department=' + encodeURIComponent(f.elements.department.value || code) + '&week=' + w);
  });
  page.append(f, h('p', { class: 'week-nav' },
    h('a', { href: hash(addDays(monday, -7)) }, t('wsl.prev')), ' · ',
    h('a', { href: hash(addDays(monday, 7)) }, t('wsl.next'))));

  /* ---- the week ---- */
  const out = h('div', { id: 'wsl-out' });
  const week = h('section', { class: 'panel', 'aria-labelledby': 'wsl-week-h' },
    h('h2', { id: 'wsl-week-h' }, t('wsl.week_of', { dept: L(dept.name), from: fmtDay(monday), to: fmtDay(addDays(monday, 6)) })), out);
  page.append(week);
  const off = await daysOff(dept.region, monday);
  const days = await Promise.all([0, 1, 2, 3, 4, 5, 6].map(async (i) => {
    const date = addDays(monday, i);
    const r = await api('/departments/' + encodeURIComponent(code) + '/slots', { query: { date } });
    return { date, slots: r.slots || [] };
  }));
  const total = days.reduce((n, d) => n + d.slots.length, 0);
  week.append(h('p', { role: 'status' }, t('wsl.count', { n: total })));
  for (const { date, slots } of days) week.append(dayTable(code, date, slots, off.has(date), out));

  /* ---- publishing a pattern ---- */
  page.append(patternForm(code, monday));
}

function dayTable(code, date, slots, dayOff, out) {
  const id = 'wsl-d-' + date;
  const head = h('h3', { id }, fmtDay(date), dayOff ? h('span', { class: 'badge' }, ' ', t('wsl.day_off')) : null);
  if (!slots.length) return h('div', { class: 'slot-day' }, head, h('p', { class: 'muted' }, t('wsl.none')));
  return h('div', { class: 'slot-day' }, head, h('div', { class: 'table-wrap' }, h('table', { class: 'table stack', 'aria-labelledby': id },
    h('thead', null, h('tr', null, ['wsl.time', 'wsl.capacity', 'wsl.booked', 'wsl.available', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, slots.map((s) => slotRow(code, date, s, out))))));
}

function slotRow(code, date, s, out) {
  const when = fmtDay(date) + ' ' + s.start + '–' + s.end;
  const url = '/departments/' + encodeURIComponent(code) + '/slots/' + encodeURIComponent(s.id);
  const cap = h('input', { type: 'number', min: Math.max(1, s.booked), max: 50, value: String(s.capacity), 'aria-label': t('wsl.new_capacity', { when }), class: 'slot-cap' });
  const actions = s.past ? h('span', { class: 'muted' }, t('wsl.begun')) : h('div', { class: 'row-actions' },
    cap, h('button', { type: 'button', class: 'btn btn-small', onclick: (ev) => submit({ out, focus: true, button: ev.currentTarget }, async () => {
      await api(url, { method: 'PATCH', body: { capacity: Number(cap.value) }, ifMatch: s.version });
      announce(t('wsl.changed', { when, n: cap.value }));
      go(location.hash);
    }) }, t('wsl.save_capacity'), h('span', { class: 'sr-only' }, ' ' + when)),
    h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: (ev) => submit({ out, focus: true, button: ev.currentTarget }, async () => {
      await api(url, { method: 'DELETE', ifMatch: s.version });
      announce(t('wsl.withdrawn', { when }));
      go(location.hash);
    }) }, t('wsl.withdraw'), h('span', { class: 'sr-only' }, ' ' + when)));
  return h('tr', null, h('th', { scope: 'row' }, s.start + '–' + s.end),
    h('td', { 'data-label': t('wsl.capacity') }, String(s.capacity)),
    h('td', { 'data-label': t('wsl.booked') }, String(s.booked)),
    h('td', { 'data-label': t('wsl.available') }, String(s.available)),
    h('td', { 'data-label': t('tasks.actions') }, actions));
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function field(id, label, input, hint) {
  return h('div', { class: 'field field-inline' }, h('label', { for: id, class: 'label' }, label), hint ? h('p', { class: 'hint', id: id + '-help' }, hint) : null, input);
}

function patternForm(code, monday) {
  const inp = (id, value, extra = {}) => h('input', Object.assign({ id, name: id, value, class: 'input' }, extra));
  const from = inp('wsl-from', monday < todayYmd() ? todayYmd(1) : monday, { type: 'date' });
  const to = inp('wsl-to', addDays(monday, 6), { type: 'date' });
  const am = [inp('wsl-am-from', '09:00', { size: 6, 'aria-describedby': 'wsl-time-help' }), inp('wsl-am-to', '12:00', { size: 6 })];
  const pm = [inp('wsl-pm-from', '13:30', { size: 6, 'aria-describedby': 'wsl-time-help' }), inp('wsl-pm-to', '17:00', { size: 6 })];
  const len = h('select', { id: 'wsl-len', name: 'len' }, [15, 20, 30, 60].map((m) => h('option', { value: String(m), selected: m === 30 }, t('wsl.minutes', { n: m }))));
  const cap = inp('wsl-cap', '4', { type: 'number', min: 1, max: 50, size: 4 });
  const boxes = WEEKDAYS.map((d) => h('div', { class: 'choice' },
    h('input', { type: 'checkbox', id: 'wsl-wd-' + d, name: 'weekday', value: String(d), checked: d <= 5 }),
    h('label', { for: 'wsl-wd-' + d }, t('wsl.wd.' + d))));
  const preview = h('p', { class: 'hint', 'aria-live': 'polite', id: 'wsl-preview' });
  const times = () => patternTimes([[am[0].value.trim(), am[1].value.trim()], [pm[0].value.trim(), pm[1].value.trim()]], Number(len.value));
  const refresh = () => {
    const ts = times();
    preview.textContent = ts.length ? t('wsl.preview', { n: ts.length, times: list(ts.map((x) => x.start + '–' + x.end)) }) : t('wsl.preview_none');
  };
  const sout = h('div');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'wsl-new-h' },
    h('div', { class: 'filters' }, field('wsl-from', t('wsl.from'), from), field('wsl-to', t('wsl.to'), to)),
    h('fieldset', { class: 'choices week-days' }, h('legend', null, t('wsl.weekdays')), boxes),
    h('p', { class: 'hint', id: 'wsl-time-help' }, t('wsl.time_help')),
    h('div', { class: 'filters' },
      field('wsl-am-from', t('wsl.am_from'), am[0]), field('wsl-am-to', t('wsl.am_to'), am[1]),
      field('wsl-pm-from', t('wsl.pm_from'), pm[0]), field('wsl-pm-to', t('wsl.pm_to'), pm[1]),
      field('wsl-len', t('wsl.len'), len), field('wsl-cap', t('wsl.per_slot'), cap)),
    preview, sout,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('wsl.publish'))));
  form.addEventListener('input', refresh);
  refresh();
  onSubmit(form, { out: sout }, async () => {
    const weekdays = [...form.querySelectorAll('input[name=weekday]:checked')].map((x) => Number(x.value));
    const body = { from: from.value, to: to.value, weekdays, times: times(), capacity: Number(cap.value) };
    try {
      const r = await api('/departments/' + encodeURIComponent(code) + '/slots/pattern', { method: 'POST', body });
      const skipped = (r.skipped || []).map((x) => fmtDay(x.date));
      announce(t('wsl.published', { n: r.published }) + (skipped.length ? ' ' + t('wsl.skipped', { days: list(skipped) }) : ''));
      go('#/slots?department=' + encodeURIComponent(code) + '&week=' + mondayOf(from.value));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // the server names the pattern's fields (from, to, weekdays, times[i]…): each in words, beside the form
      sout.append(problemView(e, { title: t('wsl.refused') }));
      sout.firstChild.focus();
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'wsl-new-h' }, h('h2', { id: 'wsl-new-h' }, t('wsl.new')),
    h('p', null, t('wsl.new_help')), form);
}
