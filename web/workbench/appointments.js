/* appointments.js — the day's appointments with check-in at the window, and (for heads of
 * department) a link to the week's slots on the slots screen (slots.js). */
import { h, t, L, session, go, fmtDay, announce, todayYmd } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, problemView } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { dept } from './common.js';
import TEXTS from './appointments.texts.js';

addTexts(TEXTS);

export async function pageAppointments(page, _p, query) {
  page.append(h('h1', null, t('wb.appt')));
  const date = query.get('date') || todayYmd();
  const who = query.get('q') || '';
  // the person in front of the clerk, by part of the name or the 身份证号 read off the card
  const f = h('form', { class: 'filters', role: 'search', novalidate: true },
    h('div', { class: 'field field-inline' }, h('label', { for: 'appt-date', class: 'label' }, t('wb.appt.date')), h('input', { type: 'date', id: 'appt-date', name: 'date', value: date })),
    h('div', { class: 'field field-inline' }, h('label', { for: 'appt-q', class: 'label' }, t('wb.appt.q')), h('input', { type: 'search', id: 'appt-q', name: 'q', value: who, autocomplete: 'off', class: 'input' })),
    h('button', { type: 'submit', class: 'btn' }, t('wb.appt.show')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ date: f.elements.date.value });
    if (f.elements.q.value.trim()) q.set('q', f.elements.q.value.trim());
    go('#/appointments?' + q.toString());
  });
  page.append(f, h('h2', null, t('wb.appt.on', { day: fmtDay(date) })));
  const out = h('div');
  page.append(out);
  try {
    const r = await api('/departments/' + dept() + '/appointments', { query: { date, q: who || undefined } });
    const items = r.items || [];
    if (!items.length) page.append(h('p', null, t('wb.appt.none')));
    else {
      page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' }, h('caption', { class: 'sr-only' }, t('wb.appt.on', { day: fmtDay(date) })),
        h('thead', null, h('tr', null, ['wb.appt.time', 'wb.appt.who', 'wb.appt.matter', 'wb.appt.status', 'tasks.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, items.map((a) => {
          const s = a.slot || {};
          const st = a.status || 'booked';
          const name = (a.applicant && a.applicant.name) || (a.account && a.account.name) || a.name || '';
          const code = a.matter && (a.matter.code || (typeof a.matter === 'string' ? a.matter : ''));
          return h('tr', null, h('th', { scope: 'row' }, (a.start || s.start || '') + '–' + (a.end || s.end || '')),
            h('td', { 'data-label': t('wb.appt.who') }, h('span', { 'data-keep': 'name' }, name)),
            h('td', { 'data-label': t('wb.appt.matter') }, a.matter ? (a.matter.name ? L(a.matter.name) : a.matter.code || String(a.matter)) : '—'),
            h('td', { 'data-label': t('wb.appt.status') }, h('span', { class: 'badge status-' + st }, t('appt.status.' + st, {}, st))),
            h('td', { 'data-label': t('tasks.actions') }, st === 'booked' && date !== todayYmd() ? h('span', { class: 'muted' }, t('wb.appt.on_its_day'))
              : st === 'booked' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: async () => {
              await submit({ out, focus: false }, async () => {
                await api('/appointments/' + a.id + '/checkin', { method: 'POST', body: {} });
                announce(t('wb.appt.checked', { name }));
                go(location.hash);
              });
            } }, t('wb.appt.checkin'), h('span', { class: 'sr-only' }, ' ' + name))
              // checked in: intake starts here (the clerk reads the ID card there), with the matter booked,
              // or with the clerk choosing it when the booking named none
              : st === 'checked_in' ? h('a', { class: 'btn btn-small', href: '#/window' + (code ? '?matter=' + encodeURIComponent(code) : '') }, t('wb.appt.intake'), h('span', { class: 'sr-only' }, ' ' + name)) : null));
        })))));
    }
  } catch (e) { out.append(problemView(e)); }

  // the day's slots, with capacity and bookings, and publishing them: the slots screen (预约号源)
  if (session.has('dept_head', 'admin')) {
    page.append(h('p', null, h('a', { href: '#/slots?department=' + encodeURIComponent(dept()) + '&week=' + date }, t('wb.slots.manage'))));
  }
}
