/* complaints.js — 12345 我要诉求: filing a request (with or without an
 * account), my requests, one request with its progress and answer, and the
 * callback (回访: resolved? satisfied?) that closes it or sends it back. */
import { h, t, L, go, dl, announce, session, regions, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, upload, fileUrl, newKey } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { requestSchema, requestBody, Lz, when, label } from '../shared/complaint.js';
import TEXTS from './complaints.texts.js';

addTexts(TEXTS);

export async function pageComplaintNew(page) {
  const [{ renderForm }, cats, regs] = await Promise.all([import('../shared/form.js'), api('/complaint-categories'), regions()]);
  const anonymous = !session.account;
  page.append(h('h1', null, t('cpl.new')), h('p', null, t('cpl.intro')));
  if (anonymous) page.append(h('p', { class: 'hint' }, t('cpl.anon_intro'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/complaints/new') }, t('login'))));
  const ctl = renderForm(requestSchema(cats.items || [], regs, { phone: anonymous }), { idPrefix: 'cpl', values: { kind: 'complaint' } });
  ctl.el.querySelector('[data-key="category"]').before(categorySearch(ctl));
  const files = anonymous ? null : h('input', { type: 'file', id: 'cpl-files', multiple: true, accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' });
  if (files) {
    ctl.el.querySelector('[data-key="text"]').after(h('div', { class: 'field' },
      h('label', { for: 'cpl-files' }, t('cpl.files')), h('p', { class: 'hint', id: 'cpl-files-hint' }, t('cpl.files_hint')), files));
    files.setAttribute('aria-describedby', 'cpl-files-hint');
  }
  const out = h('div');
  const done = h('div', { 'aria-live': 'polite' });
  const f = h('form', { novalidate: true, class: 'narrow' }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('cpl.submit'))));
  page.append(f, done);
  const button = f.querySelector('button[type=submit]');
  const idem = newKey();   // one filing: a retry after a lost answer gets the same request back
  const uploaded = new Map();
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const body = requestBody(ctl.values(), { phone: anonymous, channel: 'web' });
      const picked = files ? Array.from(files.files) : [];
      if (picked.length > MAX_FILES) throw new Error(t('cpl.files_many', { n: MAX_FILES }));
      if (picked.length) body.attachments = [];
      for (const file of picked) {   // uploaded once, even when the filing is tried again
        if (!uploaded.has(file)) uploaded.set(file, (await upload(file)).id);
        body.attachments.push(uploaded.get(file));
      }
      const r = await api('/complaints', { method: 'POST', body, idem });
      announce(t('cpl.filed', { number: r.number }));
      if (!anonymous) { go('#/complaints/' + r.id); return; }
      f.replaceWith(h('section', { class: 'card', 'aria-labelledby': 'cpl-done' },
        h('h2', { id: 'cpl-done' }, t('cpl.filed', { number: r.number })), h('p', null, t('cpl.filed_anon'))));
    });
  });
}

const MAX_FILES = 9;   // the API's limit on attachments

/* 找分类: a search over the categories (简体 or 繁體, or English) that picks
 * one in the select below it. */
function categorySearch(ctl) {
  const input = h('input', { type: 'search', id: 'cpl-cat-q', maxlength: 20, autocomplete: 'off', 'aria-describedby': 'cpl-cat-hint' });
  const found = h('ul', { class: 'plain cat-results', 'aria-live': 'polite' });
  let seq = 0, timer = null;
  const run = async () => {
    const q = input.value.trim(), my = ++seq;
    if (!q) { found.replaceChildren(); return; }
    let r;
    try { r = await api('/complaint-categories', { query: { q } }); } catch (e) { return; }
    if (my !== seq) return;
    const pick = (m) => {
      ctl.setValue('category', m.code);
      document.getElementById(ctl.idOf('category')).focus();
      announce(t('cpl.cat_picked', { name: Lz(m, 'parent') ? Lz(m, 'parent') + ' · ' + L({ zh: m.zh, en: m.en }) : L({ zh: m.zh, en: m.en }) }));
    };
    found.replaceChildren(...(r.matches.length ? r.matches.slice(0, 8).map((m) => h('li', null,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => pick(m) },
        (Lz(m, 'parent') ? Lz(m, 'parent') + ' · ' : '') + L({ zh: m.zh, en: m.en })))) : [h('li', { class: 'muted' }, t('cpl.cat_none'))]));
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); run(); } });
  return h('div', { class: 'field' }, h('label', { for: 'cpl-cat-q' }, t('cpl.cat_search')),
    h('p', { class: 'hint', id: 'cpl-cat-hint' }, t('cpl.cat_hint')), input, found);
}

export async function pageComplaints(page) {
  page.append(h('h1', null, t('cpl.title')), h('p', null, t('cpl.intro')),
    h('p', null, h('a', { class: 'btn btn-primary', href: '#/complaints/new' }, t('cpl.new'))));
  if (!session.account) {
    page.append(h('p', null, h('a', { href: '#/login?next=' + encodeURIComponent('#/complaints') }, t('cpl.login'))));
    return;
  }
  const r = await api('/complaints');   // a page at a time, newest first; 更多 brings the next
  const items = r.items || [];
  page.append(h('h2', null, t('cpl.mine')));
  if (!items.length) { page.append(h('p', null, t('cpl.none'))); return; }
  const count = h('p', { role: 'status' });
  pagedCount(count, items.length, !!r.next_cursor, 'cpl.count');
  const row = (c) => h('tr', null,
    h('td', null, h('a', { href: '#/complaints/' + c.id }, c.number)),
    h('td', null, t('kind.' + c.kind, null, c.kind)),
    h('td', null, Lz(c, 'category')),
    h('td', null, Lz(c, 'status')),
    h('td', null, when(c.created_at)));
  const body = h('tbody', null, ...items.map(row));
  page.append(count, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', null, h('tr', null, ...['cpl.number', 'cpl.kind', 'cpl.category', 'cpl.status', 'cpl.filed_at'].map((k) => h('th', { scope: 'col' }, t(k))))),
    body)));
  const more = moreButton('/complaints', {}, r.next_cursor, (next, left) => {
    body.append(...next.map(row));
    pagedCount(count, body.rows.length, left, 'cpl.count');
  });
  if (more) page.append(more);
}

function callbackForm(c, renderForm) {
  const ctl = renderForm({ fields: [
    { key: 'resolved', type: 'bool', required: true, widget: 'radio', label: label('问题解决了吗？', 'Was the problem resolved?') },
    { key: 'satisfied', type: 'bool', required: true, widget: 'radio', label: label('您对办理满意吗？', 'Are you satisfied with how it was handled?') },
    // the callback that closes the request is its rating (好差评): the level, when given, agrees with the answer above
    { key: 'level', type: 'enum', widget: 'radio', label: label('满意程度（可选）', 'How satisfied (optional)'),
      options: [[5, '非常满意', 'Very satisfied'], [4, '满意', 'Satisfied'], [3, '基本满意', 'Fairly satisfied'],
        [2, '不满意', 'Dissatisfied'], [1, '非常不满意', 'Very dissatisfied']].map(([v, zh, en]) => ({ value: String(v), label: label(zh, en) })) },
    { key: 'comment', type: 'text', max_len: 1000, label: label('意见（可选）', 'Comment (optional)') },
  ] }, { idPrefix: 'cb' });
  const out = h('div');
  const f = h('form', { novalidate: true }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('cpl.callback_send'))));
  const button = f.querySelector('button[type=submit]');
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const v = ctl.values();
      const body = { resolved: v.resolved, satisfied: v.satisfied };
      if (v.level) body.level = Number(v.level);
      if (v.comment) body.comment = v.comment;
      await api('/complaints/' + c.id + '/actions/callback', { method: 'POST', body, ifMatch: c.version });
      announce(t('cpl.callback_done'));
      go('#/complaints/' + c.id);
    });
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'cb-h' }, h('h2', { id: 'cb-h' }, t('cpl.callback')),
    h('p', { class: 'hint' }, t('cpl.callback_intro')), f);
}

export async function pageComplaint(page, { id }) {
  const [c, { renderForm }] = await Promise.all([api('/complaints/' + encodeURIComponent(id)), import('../shared/form.js')]);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/complaints' }, t('cpl.title')), ' › ', c.number));
  page.append(h('h1', null, t('kind.' + c.kind, null, c.kind), ' ', c.number, ' ', h('span', { class: 'badge status status-' + c.status }, Lz(c, 'status'))));
  const lead = (c.bodies || []).find((b) => b.lead);
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'cpl-sum' }, h('h2', { id: 'cpl-sum' }, t('cpl.text')),
    h('p', { class: 'prewrap' }, c.text),
    dl([
      [t('cpl.category'), Lz(c, 'category')],
      [t('cpl.body'), lead ? Lz(lead, 'name') : Lz(c, 'body')],
      [t('cpl.filed_at'), when(c.created_at)],
      [t('cpl.reply_due'), !c.replied_at && when(c.reply_due)],
      [t('cpl.merged_into'), c.merged_into ? t('cpl.merged_with', { number: c.merged_into.number }) : null],
      [t('cpl.supervised'), c.supervised && !c.replied_at ? t('cpl.supervised_yes') : null],
      [t('cpl.anonymous_yes'), c.anonymous ? t('yes') : null],
      [t('cpl.files'), (c.attachments || []).length ? h('ul', { class: 'plain' }, ...c.attachments.map((a) => h('li', null,
        h('a', { href: fileUrl(a.id), download: a.name }, a.name)))) : null],
    ])));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'cpl-ans' }, h('h2', { id: 'cpl-ans' }, t('cpl.answer')),
    c.answer ? h('p', { class: 'prewrap' }, c.answer) : h('p', { class: 'hint' }, t('cpl.no_answer')),
    c.resolved === null || c.resolved === undefined ? null : dl([[t('cpl.result'),
      (c.resolved ? t('cpl.resolved') : t('cpl.not_resolved')) + '，' + (c.satisfied ? t('cpl.satisfied') : t('cpl.dissatisfied'))]])));
  if ((c.allowed_actions || []).includes('callback')) page.append(callbackForm(c, renderForm));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'cpl-tl' }, h('h2', { id: 'cpl-tl' }, t('cpl.timeline')),
    h('ol', { class: 'timeline' }, ...(c.timeline || []).map((e) => h('li', { class: 'tl-item' },
      h('span', { class: 'tl-time' }, h('time', null, when(e.at))),
      h('span', { class: 'tl-what' }, h('strong', null, e.action === 'supervise' ? t('cpl.supervised_yes') : Lz(e, 'to'))),
      h('span', { class: 'tl-who muted' }, e.body ? Lz(e, 'body') : ''))))));
}
