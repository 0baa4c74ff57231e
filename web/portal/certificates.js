/* certificates.js — 我的证照 (the holder's wallet: each certificate with its
 * status, its QR code as the server draws it, the PDF and a verify link to
 * share), 我的数据使用记录 (every use of the holder's certificates and data),
 * and the public 证照核验 page: anyone, with no login, enters a verify id or
 * pastes a QR code's text and sees one clear verdict. A QR text is checked
 * on its signed content: its compact form (OS1: + Base45 of zlib-deflated
 * JSON) is decoded here and sent to POST /certificates/verify. Share links
 * (授权用证): the wallet makes, lists and revokes them; #/shared/{token} is
 * the public page a recipient opens. */
import { h, t, L, announce, fmtDay, fmtTime, departments, dl, dialog, moreButton } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, ApiError } from '../shared/api.js';
import TEXTS from './certificates.texts.js';

addTexts(TEXTS);

const BADGE = { valid: 'badge badge-green', revoked: 'badge badge-red', expired: 'badge badge-red', superseded: 'badge badge-red' };
const verifyLink = (id) => location.origin + location.pathname + '#/verify/' + id;

function deptName(depts, code, fallback) {
  const d = depts.find((x) => x.code === code);
  return d ? L(d.name) : fallback || code;
}

function certCard(c, depts) {
  const title = L(c.title) || c.type;
  const link = h('input', { id: 'share-' + c.id, type: 'text', readonly: true, value: verifyLink(c.id), class: 'mono' });
  const share = h('button', { type: 'button', class: 'btn' }, t('wallet.share'));
  share.addEventListener('click', async () => {
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      announce(t('wallet.copied'));
    } catch (e) {
      announce(t('wallet.copy_failed'));
    }
  });
  const doc = (c.signed && c.signed.certificate) || {};
  return h('section', { class: 'card cert-card', 'aria-label': title, 'data-cert': c.id },
    h('h2', null, title, ' ', h('span', { class: BADGE[c.status] || 'badge' }, t('wallet.status.' + c.status, null, c.status))),
    h('div', { class: 'cert-body' },
      c.qr_svg ? h('img', { class: 'cert-qr', src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(c.qr_svg),
        alt: t('wallet.qr_alt', { title }), width: 180, height: 180 }) : null,
      dl([[t('wallet.identifier'), h('span', { class: 'mono' }, c.identifier)],
        [t('wallet.number'), doc.number ? h('span', { class: 'mono' }, doc.number) : null],
        [t('wallet.issuer'), deptName(depts, c.department, doc.issuer && doc.issuer.name)],
        [t('vf.holder'), doc.holder ? h('span', { 'data-keep': 'name' }, doc.holder.name) : null],
        [t('wallet.issued_on'), fmtDay(c.issued_on)], [t('wallet.valid_until'), fmtDay(c.valid_until)]])),
    h('p', { class: 'actions' },
      h('a', { class: 'btn btn-primary', href: '/api/v1/me/certificates/' + encodeURIComponent(c.id) + '/pdf',
        download: 'certificate-' + c.id + '.pdf' }, t('wallet.pdf')), ' ', share),
    h('p', null, h('label', { for: 'share-' + c.id }, t('wallet.share_label')), link),
    shareSection(c));
}

async function copyText(input) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    announce(t('wallet.copied'));
  } catch (e) {
    announce(t('wallet.copy_failed'));
  }
}

const SHARE_BADGE = { active: 'badge badge-green', expired: 'badge', revoked: 'badge badge-red' };

/* 授权用证: make a time-limited link for a third party, see the links made with
 * their expiry and openings, revoke one. The link's address is shown once. */
function shareSection(c) {
  const base = '/me/certificates/' + encodeURIComponent(c.id) + '/shares';
  const days = h('select', { id: 'share-days-' + c.id, name: 'days' },
    [1, 7, 30, 90].map((d) => h('option', { value: String(d), selected: d === 7 }, t('share.days', { n: d }))));
  const made = h('div', { class: 'share-made', role: 'status' });
  const list = h('div', { class: 'share-list' });
  async function refresh() {
    const r = await api(base);
    if (!r.items.length) { list.replaceChildren(h('p', { class: 'muted' }, t('share.none'))); return; }
    const row = (x) => h('tr', { 'data-share': x.id },
      h('th', { scope: 'row' }, fmtTime(x.created_at)),
      h('td', { 'data-label': t('share.expires') }, fmtTime(x.expires_at)),
      h('td', { 'data-label': t('share.status') }, h('span', { class: SHARE_BADGE[x.status] || 'badge' }, t('share.status.' + x.status, null, x.status))),
      h('td', { 'data-label': t('share.views') }, String(x.views)),
      h('td', { 'data-label': t('share.action') }, x.status === 'active'
        ? h('button', { type: 'button', class: 'btn btn-danger', onclick: () => revoke(x) }, t('share.revoke')) : '—'));
    const body = h('tbody', null, r.items.map(row));
    list.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
      h('caption', { class: 'sr-only' }, t('share.caption')),
      h('thead', null, h('tr', null, ['share.created', 'share.expires', 'share.status', 'share.views', 'share.action']
        .map((k) => h('th', { scope: 'col' }, t(k))))), body)));
    const more = moreButton(base, {}, r.next_cursor, (next) => body.append(...next.map(row)));
    if (more) list.append(more);
  }
  async function revoke(x) {
    const ok = await dialog({ title: t('share.revoke_q'), body: h('p', null, t('share.revoke_body', { at: fmtTime(x.expires_at) })),
      ok: t('share.revoke'), danger: true,
      onOk: () => api(base + '/' + encodeURIComponent(x.id), { method: 'DELETE', ifMatch: x.version }) });
    if (ok) { announce(t('share.revoked')); await refresh(); }
  }
  const make = h('button', { type: 'submit', class: 'btn' }, t('share.make'));
  const form = h('form', { class: 'share-form', 'aria-label': t('share.title') },
    h('label', { for: 'share-days-' + c.id }, t('share.valid_for')), ' ', days, ' ', make);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    make.disabled = true;
    try {
      const s = await api(base, { method: 'POST', body: { days: Number(days.value) } });
      const url = h('input', { id: 'share-url-' + c.id, type: 'text', readonly: true, value: s.url, class: 'mono', 'data-share-url': '' });
      made.replaceChildren(h('p', null, t('share.made', { at: fmtTime(s.expires_at) })),
        h('p', null, h('label', { for: 'share-url-' + c.id }, t('share.url')), url, ' ',
          h('button', { type: 'button', class: 'btn', onclick: () => copyText(url) }, t('share.copy'))));
      await refresh();
    } catch (err) {
      made.replaceChildren(h('p', { class: 'error' }, err.message));
    } finally {
      make.disabled = false;
    }
  });
  const sec = h('details', { class: 'share' },
    h('summary', null, t('share.title')), h('p', { class: 'muted small' }, t('share.intro')), form, made, list);
  sec.addEventListener('toggle', () => { if (sec.open && !list.childNodes.length) refresh().catch(() => {}); });
  return sec;
}

export async function pageCertificates(page) {
  page.append(h('h1', null, t('nav.certificates')), h('p', null, t('wallet.intro')),
    h('p', null, h('a', { href: '#/data-use' }, t('wallet.data_use'))));
  const [r, depts] = await Promise.all([api('/me/certificates', { query: { qr: 'svg' } }), departments().catch(() => [])]);
  page.append(...(r.items.length ? r.items.map((c) => certCard(c, depts)) : [h('p', null, t('wallet.none'))]));
  const more = moreButton('/me/certificates', { qr: 'svg' }, r.next_cursor, (next) => more.before(...next.map((c) => certCard(c, depts))));
  if (more) page.append(more);
}

export async function pageDataUse(page) {
  page.append(h('h1', null, t('nav.data_use')), h('p', null, t('du.intro')));
  const r = await api('/me/data-use');
  if (!r.items.length) {
    page.append(h('p', null, t('du.none')));
    return;
  }
  const row = (u) => h('tr', null,
    h('td', { 'data-label': t('du.at') }, fmtTime(u.at)),
    h('th', { scope: 'row' }, L(u.department)),
    h('td', { 'data-label': t('du.what') }, u.dataset ? L(u.dataset) : t('du.what.certificate'),
      u.outcome && u.outcome !== 'read' ? h('span', { class: 'badge badge-warn' }, ' ', t('du.outcome.' + u.outcome, null, u.outcome)) : null),
    h('td', { 'data-label': t('du.purpose') }, L(u.purpose && u.purpose.name) || (u.purpose && u.purpose.matter) || ''),
    h('td', { 'data-label': t('du.case') }, u.kind === 'share_view' ? t('du.via_share') : u.case && u.case.id
      ? h('a', { href: '#/cases/' + encodeURIComponent(u.case.id), class: 'mono' }, u.case.number) : '—'),
    h('td', { 'data-label': t('du.by') }, t('du.by.' + u.by, null, u.by)),
    h('td', { 'data-label': t('du.fields') }, h('span', { class: 'mono small', 'data-keep': 'data', lang: 'zh-CN' }, (u.fields || []).join(', '))),
    h('td', { 'data-label': t('du.objection') }, objectionCell(page, u)));
  const body = h('tbody', null, r.items.map(row));
  const cols = ['du.at', 'du.department', 'du.what', 'du.purpose', 'du.case', 'du.by', 'du.fields', 'du.objection'];
  page.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table stack' },
    h('caption', { class: 'sr-only' }, t('du.caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(k))))),
    body)));
  const more = moreButton('/me/data-use', {}, r.next_cursor, (next) => body.append(...next.map(row)));
  if (more) page.append(more);
}

/* 提出异议: the subject objects to one use; the platform's supervisors are told. */
function objectionCell(page, u) {
  if (u.objection) return h('span', null, t('du.objected'), h('br'), h('span', { class: 'small', 'data-keep': 'data', lang: 'zh-CN' }, u.objection.reason));
  return h('button', { type: 'button', class: 'btn btn-small', onclick: () => object(page, u) }, t('du.object'));
}

async function object(page, u) {
  const [{ renderForm }, { dialog }] = await Promise.all([import('../shared/form.js'), import('../shared/frame.js')]);
  const ctl = renderForm({ fields: [{ key: 'reason', type: 'text', required: true, min_len: 5, max_len: 1000, label: { zh: '异议理由', en: 'Why you object' } }] }, { idPrefix: 'obj' });
  const ok = await dialog({ title: t('du.object'), body: ctl.el, ok: t('du.object.send'), onOk: async () => {
    if (ctl.validate().length) { ctl.focusSummary(); return false; }
    return api('/me/data-use/' + encodeURIComponent(u.id) + '/objection', { method: 'POST', body: { reason: ctl.values().reason } });
  } });
  if (ok) {
    announce(t('du.object.done'));
    page.textContent = '';
    await pageDataUse(page);
  }
}

/* ---- the public verify page ---- */

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function base45(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const v = [...text.slice(i, i + 3)].map((ch) => B45.indexOf(ch));
    if (v.includes(-1) || v.length === 1) throw new Error('base45');
    const n = v[0] + v[1] * 45 + (v.length === 3 ? v[2] * 2025 : 0);
    if (v.length === 3) {
      if (n > 0xffff) throw new Error('base45');
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) throw new Error('base45');
      out.push(n);
    }
  }
  return new Uint8Array(out);
}

async function decodeCompact(text) {
  const at = text.indexOf('OS1:');
  const bytes = base45(text.slice(at + 4).trim());
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return JSON.parse(await new Response(stream).text());
}

async function check(input) {
  const text = input.trim();
  if (text.includes('OS1:')) {
    let signed;
    try {
      signed = await decodeCompact(text);
    } catch (e) {
      return { status: 'invalid', reason: 'unreadable' };
    }
    if (!signed || typeof signed.certificate !== 'object' || typeof signed.signature !== 'object') return { status: 'invalid', reason: 'unreadable' };
    return api('/certificates/verify', { method: 'POST', body: signed });
  }
  const m = text.match(/(?:^|\/certificates\/|#\/verify\/)([0-9a-f]{32})(?:$|\/verify$)/);
  if (!m) return { status: 'invalid', reason: 'unreadable' };
  return api('/certificates/' + m[1] + '/verify');
}

function verdict(v, depts) {
  const ok = v.status === 'valid';
  const key = v.reason === 'unreadable' ? 'vf.unreadable' : v.reason === 'extra' ? 'vf.extra' : 'vf.' + v.status;
  const c = v.certificate;
  return h('section', { class: 'verdict ' + (ok ? 'verdict-ok' : 'verdict-bad'), 'aria-labelledby': 'vf-verdict', 'data-status': v.status },
    h('h2', { id: 'vf-verdict' }, t(key, null, t('vf.invalid'))),
    c ? dl([[t('vf.title_of'), L(c.title) || c.type], [t('wallet.identifier'), h('span', { class: 'mono' }, c.identifier)],
      [t('vf.holder'), c.holder ? h('span', { 'data-keep': 'name', lang: 'zh-CN' }, c.holder.name) : null],
      [t('wallet.issuer'), c.issuer ? deptName(depts, c.issuer.department, c.issuer.name) : null],
      [t('wallet.issued_on'), fmtDay(c.issued_on)], [t('wallet.valid_until'), fmtDay(c.valid_until)],
      [t('vf.revoked_at'), v.revoked_at ? fmtTime(new Date(v.revoked_at).toISOString()) : null],
      [t('vf.reason'), v.revoke_reason ? h('span', { 'data-keep': 'data' }, v.revoke_reason) : null],
      [t('vf.superseded_at'), v.superseded_at ? fmtTime(new Date(v.superseded_at).toISOString()) : null]]) : null,
    v.revocation_checked === false && ok ? h('p', null, t('vf.no_revocation')) : null);
}

export async function pageVerify(page, params, query) {
  const input = h('textarea', { id: 'vf-code', name: 'code', rows: 3, 'aria-describedby': 'vf-hint', spellcheck: 'false' });
  const out = h('div', { id: 'vf-out', role: 'status' });
  const form = h('form', { class: 'stack-form', 'aria-label': t('nav.verify') },
    h('label', { for: 'vf-code' }, t('vf.code')), h('p', { id: 'vf-hint', class: 'muted small' }, t('vf.hint')), input,
    h('p', null, h('button', { type: 'submit', class: 'btn btn-primary' }, t('vf.go'))));
  const depts = await departments().catch(() => []);
  async function run(text) {
    out.replaceChildren();
    let v;
    try {
      v = await check(text);
    } catch (e) {
      v = { status: 'invalid', reason: 'unreadable' };
    }
    out.append(verdict(v, depts));
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(input.value);
  });
  page.append(h('h1', null, t('nav.verify')), h('p', null, t('vf.intro')), form, out);
  if (params.id && query && [...query.keys()].length) {
    /* the verify address takes no parameters: an address with any is not a certificate's */
    input.value = params.id;
    out.append(verdict({ status: 'invalid', reason: 'extra' }, depts));
  } else if (params.id) {
    input.value = params.id;
    await run(params.id);
  }
}

/* ---- the public page of a share link ---- */

export async function pageShared(page, params) {
  page.append(h('h1', null, t('shared.title')));
  const depts = await departments().catch(() => []);
  let v;
  try {
    v = await api('/shared/' + encodeURIComponent(params.token || ''));
  } catch (e) {
    const gone = e instanceof ApiError && e.status === 410;
    page.append(h('section', { class: 'verdict verdict-bad', 'aria-labelledby': 'sh-verdict', 'data-status': gone ? 'gone' : 'unknown' },
      h('h2', { id: 'sh-verdict' }, t(gone ? 'shared.gone' : 'shared.unknown')),
      h('p', null, e.message)));
    return;
  }
  const c = v.certificate || {};
  const ver = v.verification || {};
  const ok = ver.status === 'valid';
  const fields = Object.entries(c.fields || {}).map(([k, x]) => [h('span', { 'data-keep': 'data', lang: 'zh-CN' }, k),
    h('span', { 'data-keep': 'data', lang: 'zh-CN' }, typeof x === 'string' ? x : JSON.stringify(x))]);
  page.append(
    h('section', { class: 'verdict ' + (ok ? 'verdict-ok' : 'verdict-bad'), 'aria-labelledby': 'sh-verdict', 'data-status': ver.status },
      h('h2', { id: 'sh-verdict' }, t('vf.' + ver.status, null, t('vf.invalid')))),
    h('p', { class: 'muted' }, t('shared.intro', { at: fmtTime(v.share && v.share.expires_at) })),
    h('section', { class: 'card', 'aria-labelledby': 'sh-cert' },
      h('h2', { id: 'sh-cert' }, L(c.title) || c.type),
      dl([[t('wallet.identifier'), h('span', { class: 'mono' }, c.identifier)],
        [t('wallet.number'), c.number ? h('span', { class: 'mono' }, c.number) : null],
        [t('vf.holder'), c.holder ? h('span', { 'data-keep': 'name', lang: 'zh-CN' }, c.holder.name) : null],
        [t('shared.holder_id'), c.holder && c.holder.id ? h('span', { class: 'mono' }, c.holder.id) : null],
        [t('wallet.issuer'), c.issuer ? deptName(depts, c.issuer.department, c.issuer.name) : null],
        [t('wallet.issued_on'), fmtDay(c.issued_on)], [t('wallet.valid_until'), fmtDay(c.valid_until)],
        ...fields])),
    v.compact ? h('details', null, h('summary', null, t('shared.signed')),
      h('p', { class: 'muted small' }, t('shared.signed_hint')),
      h('pre', { class: 'mono small wrap', 'data-keep': 'data' }, v.compact)) : h('p', { class: 'muted small' }, t('shared.withheld')));
}
