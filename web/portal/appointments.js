/* appointments.js — booking a window visit on a chosen day (weekends
 * included), and my appointments with cancelling. A slot the person already
 * holds is shown as 已预约 and cannot be booked again (the server would
 * refuse it as 已存在). */
import { h, t, L, fmtDay, announce, flash, dialog, departments, matter, todayYmd, weekday } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, problemView } from '../shared/api.js';
import TEXTS from './appointments.texts.js';

addTexts(TEXTS);

function apptLine(a) {
  const s = a.slot || {};
  const date = a.date || s.date || '';
  const time = (a.start || s.start || '') + (a.end || s.end ? '–' + (a.end || s.end) : '');
  const dept = a.department && (a.department.name ? L(a.department.name) : a.department.code || a.department);
  return { date, time, dept, matterName: a.matter ? (a.matter.name ? L(a.matter.name) : a.matter.code || a.matter) : '' };
}

export async function pageAppointments(page, _p, query) {
  page.append(h('h1', null, t('appt.title')));
  const mine = h('section', { class: 'panel', 'aria-labelledby': 'my-appt-h' }, h('h2', { id: 'my-appt-h' }, t('appt.mine')));
  page.append(mine);
  let loadSeq = 0;
  const held = new Set();   // the slots of my appointments not cancelled
  let mineLoaded = null;    // the latest loadMine(): the slot list waits for it
  const loadMine = () => (mineLoaded = showMine());
  const showMine = async () => {
    const my = ++loadSeq;
    let r;
    try { r = await api('/me/appointments'); } catch (e) { r = e; }
    if (my !== loadSeq) return;
    mine.querySelectorAll(':scope > :not(h2)').forEach((n) => n.remove());
    try {
      if (r instanceof Error) throw r;
      const items = (r.items || r || []).filter((a) => a && a.id);
      held.clear();
      for (const a of items) if (a.status !== 'cancelled' && a.slot) held.add(a.slot.id);
      if (!items.length) { mine.append(h('p', null, t('appt.none'))); return; }
      const ul = h('ul', { class: 'appt-list' });
      for (const a of items) {
        const x = apptLine(a);
        const st = a.status || 'booked';
        const li = h('li', { class: 'appt' },
          h('span', { class: 'appt-when' }, fmtDay(x.date), ' ', x.time),
          h('span', null, x.dept, x.matterName ? ' · ' + x.matterName : ''),
          h('span', { class: 'badge status-' + st }, t('appt.status.' + st, {}, st)));
        if (st === 'booked') {
          li.append(h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
            const ok = await dialog({ title: t('appt.cancel_q'), body: h('p', null, fmtDay(x.date), ' ', x.time, ' ', x.dept), ok: t('appt.cancel'), danger: true,
              onOk: () => api('/appointments/' + a.id, { method: 'DELETE' }).then(() => true) });
            if (ok) { announce(t('appt.cancelled')); await loadMine(); if (day) pickDay(day); }
          } }, t('appt.cancel'), h('span', { class: 'sr-only' }, ' ' + fmtDay(x.date) + ' ' + x.time)));
        }
        ul.append(li);
      }
      mine.append(ul);
    } catch (e) { mine.append(problemView(e)); }
  };
  loadMine();

  const depts = (await departments()).filter((d) => d.kind === 'agency');
  let dept = query.get('department') || (depts[0] && depts[0].code);
  const matterCode = query.get('matter') || '';
  const forMatter = matterCode ? await matter(matterCode).catch(() => null) : null;
  const book = h('section', { class: 'panel', 'aria-labelledby': 'book-h' }, h('h2', { id: 'book-h' }, t('appt.book')));
  const sel = h('select', { id: 'appt-dept' }, depts.map((d) => h('option', { value: d.code, selected: d.code === dept }, L(d.name))));
  const hours = h('p', { class: 'hint', id: 'appt-dept-hint' });
  sel.setAttribute('aria-describedby', 'appt-dept-hint');
  const days = h('div', { class: 'days', role: 'group', 'aria-labelledby': 'appt-days-l' });
  const slotsBox = h('div', { class: 'slots', 'aria-live': 'polite' });
  book.append(h('div', { class: 'field' }, h('label', { for: 'appt-dept', class: 'label' }, t('appt.dept')), hours, sel),
    matterCode ? h('p', null, t('appt.for_matter'), '：', forMatter ? L(forMatter.name) + '（' + matterCode + '）' : matterCode) : '',
    h('p', { class: 'label', id: 'appt-days-l' }, t('appt.pick_day')), h('p', { class: 'hint' }, t('appt.weekend_hint')), days, slotsBox);
  page.append(book);
  let day = null;
  const drawHours = () => { const d = depts.find((x) => x.code === dept); hours.textContent = d && d.hours ? t('appt.hours', { hours: L({ zh: d.hours, en: d.hours_en }) }) : ''; };
  const drawDays = () => {
    days.textContent = '';
    for (let i = 0; i < 14; i++) {
      const ymd = todayYmd(i);
      const wd = weekday(ymd);
      const weekend = wd === 0 || wd === 6;
      days.append(h('button', { type: 'button', class: 'day' + (weekend ? ' weekend' : ''), 'aria-pressed': ymd === day ? 'true' : 'false', 'data-date': ymd, onclick: () => pickDay(ymd) },
        h('span', { class: 'day-date' }, ymd.slice(5)), h('span', { class: 'day-wd' }, t('wd.' + wd)), weekend ? h('span', { class: 'day-tag' }, t('appt.weekend')) : null));
    }
  };
  const pickDay = async (ymd) => {
    day = ymd;
    for (const b of days.querySelectorAll('button')) b.setAttribute('aria-pressed', b.dataset.date === ymd ? 'true' : 'false');
    slotsBox.textContent = '';
    slotsBox.append(h('p', null, t('loading')));
    try {
      const r = await api('/departments/' + dept + '/slots', { query: { date: ymd } });
      await mineLoaded;
      if (day !== ymd) return;   // another day was picked meanwhile
      slotsBox.textContent = '';
      const slots = r.slots || [];
      slotsBox.append(h('h3', null, t('appt.slots_on', { day: fmtDay(ymd) })));
      if (!slots.length) { slotsBox.append(h('p', null, t('appt.no_slots'))); return; }
      const ul = h('ul', { class: 'slot-list' });
      for (const s of slots) {
        const free = s.available !== undefined ? s.available : (s.capacity || 0) - (s.booked || 0);
        const mineHere = held.has(s.id);
        const note = mineHere ? t('appt.held') : s.past ? t('appt.past') : free > 0 ? t('appt.free', { n: free }) : t('appt.full');
        ul.append(h('li', null, h('button', { type: 'button', class: 'btn slot' + (mineHere ? ' slot-held' : ''), disabled: mineHere || free <= 0 || s.past, 'data-slot': s.id, onclick: () => bookSlot(s, ymd) },
          s.start + '–' + s.end, h('span', { class: 'slot-free' }, note))));
      }
      slotsBox.append(ul);
    } catch (e) { slotsBox.textContent = ''; slotsBox.append(problemView(e)); }
  };
  /* booking is one click: it is undone by cancelling, in the list just above */
  const bookSlot = async (s, ymd) => {
    try {
      await api('/appointments', { method: 'POST', body: matterCode ? { slot: s.id, matter: matterCode } : { slot: s.id } });
    } catch (e) { slotsBox.prepend(problemView(e)); return; }
    announce(t('appt.booked'));
    flash(t('appt.booked_at', { when: fmtDay(ymd) + ' ' + s.start + '–' + s.end + ' · ' + L((depts.find((d) => d.code === dept) || {}).name) }));
    await loadMine();
    pickDay(ymd);
  };
  sel.addEventListener('change', () => { dept = sel.value; drawHours(); if (day) pickDay(day); });
  drawHours();
  drawDays();
}
