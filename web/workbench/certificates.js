/* certificates.js — 证照管理, the department head's certificates: what the
 * department issued (GET /api/v1/certificates), searched by identifier or
 * number, and revocation with a reason (POST /certificates/{id}/revoke)
 * behind a confirmation, since a revoked certificate is revoked for good. */
import { h, t, L, go, fmtDay, fmtTime, announce, dialog, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './certificates.texts.js';

addTexts(TEXTS);

const BADGE = { valid: 'badge badge-green', revoked: 'badge badge-red', superseded: 'badge', expired: 'badge' };

function revokeDialog(c, reload) {
  const reason = h('textarea', { id: 'wct-reason', name: 'reason', rows: 3, maxlength: 500, required: true, 'aria-describedby': 'wct-warn' });
  const body = h('div', null,
    h('p', { id: 'wct-warn', class: 'warning' }, t('wct.warn', { identifier: c.identifier })),
    h('label', { for: 'wct-reason' }, t('wct.reason')), reason);
  return dialog({ title: t('wct.revoke_q'), body, ok: t('wct.revoke'), danger: true,
    onOk: async () => {
      if (!reason.value.trim()) { reason.focus(); throw new Error(t('wct.reason_needed')); }
      await api('/certificates/' + encodeURIComponent(c.id) + '/revoke',
        { method: 'POST', body: { reason: reason.value.trim() }, ifMatch: c.version });
      return true;
    } }).then(async (ok) => { if (ok) { announce(t('wct.revoked')); await reload(); } });
}

export async function pageCertificates(page, _p, query) {
  const q = (query.get('q') || '').slice(0, 64);
  page.append(h('h1', null, t('wct.title')), h('p', null, t('wct.intro')));
  const input = h('input', { id: 'wct-q', name: 'q', type: 'search', value: q, maxlength: 64, class: 'mono' });
  const f = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'wct-q', class: 'label' }, t('wct.search')), input),
    h('button', { type: 'submit', class: 'btn' }, t('wct.find')));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); go('#/certificates' + (input.value.trim() ? '?q=' + encodeURIComponent(input.value.trim()) : '')); });
  const out = h('div');
  page.append(f, out);
  async function load() {
    const filter = { q: q || undefined };
    const r = await api('/certificates', { query: filter });
    const count = h('p', { role: 'status' });
    pagedCount(count, r.items.length, !!r.next_cursor, 'wct.count');
    out.replaceChildren(count);
    if (!r.items.length) return;
    const heads = ['wct.identifier', 'wct.type', 'wct.holder', 'wct.issued', 'wct.until', 'wct.status', 'wct.action'];
    const row = (c) => h('tr', { 'data-cert': c.id },
      h('th', { scope: 'row' }, h('span', { class: 'mono' }, c.identifier), c.number ? h('div', { class: 'muted small mono' }, c.number) : null),
      h('td', { 'data-label': t('wct.type') }, L(c.title) || c.type),
      h('td', { 'data-label': t('wct.holder') }, h('span', { 'data-keep': 'name', lang: 'zh-CN' }, c.holder && c.holder.name)),
      h('td', { 'data-label': t('wct.issued') }, fmtTime(new Date(c.issued_at).toISOString())),
      h('td', { 'data-label': t('wct.until') }, fmtDay(c.valid_until)),
      h('td', { 'data-label': t('wct.status') }, h('span', { class: BADGE[c.status] || 'badge' }, t('wct.status.' + c.status, null, c.status)),
        c.revoke_reason ? h('div', { class: 'muted small', 'data-keep': 'data' }, c.revoke_reason) : null),
      h('td', { 'data-label': t('wct.action') }, c.status === 'valid'
        ? h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => revokeDialog(c, load) }, t('wct.revoke')) : '—'));
    const body = h('tbody', null, r.items.map(row));
    out.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('wct.title')),
      h('thead', null, h('tr', null, heads.map((k) => h('th', { scope: 'col' }, t(k))))), body)));
    const more = moreButton('/certificates', filter, r.next_cursor, (next, left) => {
      body.append(...next.map(row));
      pagedCount(count, body.rows.length, left, 'wct.count');
    });
    if (more) out.append(more);
  }
  await load();
}
