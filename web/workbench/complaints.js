/* complaints.js — 12345 in the workbench: the queue (every request for
 * the hotline and supervisors, its own for a handling office), logging a
 * call (operators), and one request with the actions its reader may take:
 * sign for, start, answer, return (with its basis) for the office;
 * dispatch again or arbitrate for the dispatcher, each with up to 5
 * co-handlers (协办单位, never the lead body itself: the server would drop
 * it without a word, so the form refuses it); answer directly and the
 * callback for the operator; merging a duplicate into a request in hand
 * (合并办理) for the dispatcher, who is shown the candidates. Each action
 * sends If-Match. */
import { h, t, L, go, dl, announce, colourBadge, session, regions, departments, moreButton, pagedCount } from '../shared/frame.js';
import { addTexts, list } from '../shared/i18n.js';
import { api, ApiError, fileUrl, newKey } from '../shared/api.js';
import { submit } from '../shared/action.js';
import { requestSchema, requestBody, Lz, when, label, BODY_KINDS } from '../shared/complaint.js';
import TEXTS from './complaints.texts.js';

addTexts(TEXTS);

const STATES = ['dispatched', 'signed', 'handling', 'returned', 'merged', 'replied', 'closed'];
const MAX_CO_BODIES = 5;   // the API's limit on co_bodies
const L2 = (k) => label(t(k, null, k, 'zh'), t(k, null, k, 'en'));

export async function pageComplaints(page, _params, query) {
  page.append(h('h1', null, t('wc.title')), h('p', { class: 'hint' }, t('wc.intro')));
  if (session.has('operator')) page.append(h('p', null, h('a', { class: 'btn btn-primary', href: '#/complaints/new' }, t('wc.new'))));
  const status = (query && query.get && query.get('status')) || '';
  const sel = h('select', { id: 'wc-status' }, h('option', { value: '' }, t('wc.all')),
    ...STATES.map((s) => h('option', { value: s, selected: s === status }, t('wc.state.' + s))));
  sel.addEventListener('change', () => go('#/complaints' + (sel.value ? '?status=' + sel.value : '')));
  page.append(h('div', { class: 'field' }, h('label', { for: 'wc-status' }, t('wc.status_filter')), sel));
  // a page at a time, newest first; 更多 brings the next
  const filter = status ? { status } : {};
  const r = await api('/complaints', { query: filter });
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('wc.none'))); return; }
  const count = h('p', { role: 'status' });
  pagedCount(count, items.length, !!r.next_cursor, 'wc.count');
  const row = (c) => h('tr', null,
    h('td', null, h('a', { href: '#/complaints/' + c.id }, c.number)),
    h('td', null, Lz(c, 'category')),
    h('td', null, c.body_zh ? Lz(c, 'body') : c.body || '—'),
    h('td', null, Lz(c, 'status'), c.escalated ? h('span', { class: 'badge badge-red' }, t('wc.overseen')) : null),
    h('td', null, when(c.reply_due)));
  const body = h('tbody', null, ...items.map(row));
  page.append(count, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', null, h('tr', null, ...['wc.number', 'wc.category', 'wc.body', 'wc.status', 'wc.reply_due'].map((k) => h('th', { scope: 'col' }, t(k))))),
    body)));
  const more = moreButton('/complaints', filter, r.next_cursor, (next, left) => {
    body.append(...next.map(row));
    pagedCount(count, body.rows.length, left, 'wc.count');
  });
  if (more) page.append(more);
}

export async function pageComplaintNew(page) {
  const [{ renderForm }, cats, regs] = await Promise.all([import('../shared/form.js'), api('/complaint-categories'), regions()]);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/complaints' }, t('wc.title')), ' › ', t('wc.new')),
    h('h1', null, t('wc.new')), h('p', { class: 'hint' }, t('wc.new_intro')));
  const ctl = renderForm(requestSchema(cats.items || [], regs, { phone: true }), { idPrefix: 'wcn', values: { kind: 'complaint' } });
  const out = h('div');
  const f = h('form', { novalidate: true, class: 'narrow' }, ctl.el, out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('wc.new'))));
  page.append(f);
  const button = f.querySelector('button[type=submit]');
  const idem = newKey();   // one call logged: a retry after a lost answer gets the same request back
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const r = await api('/complaints', { method: 'POST', body: requestBody(ctl.values(), { phone: true, channel: 'hotline' }), idem });
      announce(t('wc.filed', { number: r.number }));
      go('#/complaints/' + r.id);
    });
  });
}

async function actionSchema(action, c) {
  const F = (key, type, extra = {}) => Object.assign({ key, type, label: L2('wc.f.' + key) }, extra);
  switch (action) {
    case 'reply': case 'answer_directly': return { fields: [F('answer', 'text', { required: true, min_len: 2, max_len: 4000 })] };
    case 'return': return { fields: [F('reason', 'text', { required: true, min_len: 2, max_len: 1000 }), F('legal_basis', 'string', { required: true, min_len: 2, max_len: 1000 })] };
    case 'dispatch': case 'redispatch': case 'arbitrate': {
      const bodies = (await departments()).filter((d) => BODY_KINDS.includes(d.kind));
      const options = bodies.map((d) => ({ value: d.code, label: d.name }));
      const must = action === 'arbitrate';
      return { fields: [F('body', 'enum', { required: true, widget: 'select', options }),
        F('co_bodies', 'enum', { widget: 'checkboxes', max_items: MAX_CO_BODIES, options,
          help: L2('wc.co_help') }),
        F('reason', 'text', { required: must, min_len: must ? 2 : 0, max_len: 1000 })],
      values: { co_bodies: (c.bodies || []).filter((b) => !b.lead).map((b) => b.code) } };
    }
    case 'merge': return { fields: [F('into', 'enum', { required: true, widget: 'select',
      options: (c.duplicates || []).map((d) => ({ value: d.id, label: d.number + ' · ' + when(d.created_at) })) }),
    F('reason', 'text', { max_len: 1000 })] };
    // the callback that closes the request is its rating (好差评): the caller's level, when they give one,
    // agrees with the answer above (4–5 satisfied, 1–2 not, 3 either; the server says so beside the field)
    case 'callback': return { fields: [F('resolved', 'bool', { required: true, widget: 'radio' }), F('satisfied', 'bool', { required: true, widget: 'radio' }),
      F('level', 'enum', { widget: 'radio', options: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: L2('wc.level.' + n) })) }),
      F('comment', 'text', { max_len: 1000 })] };
    default: return null;
  }
}

/* The form's own check beyond the field rules: the lead body is not also a
 * co-handler. Returns the errors ([{field, message}]). */
function leadAlsoCo(sch, v) {
  if (!v.body || !(v.co_bodies || []).includes(v.body)) return [];
  const o = sch.fields[0].options.find((x) => x.value === v.body);
  return [{ field: 'co_bodies', message: t('wc.co_lead', { body: o ? L(o.label) : v.body }) }];
}

async function act(c, action, renderForm) {
  const sch = await actionSchema(action, c);
  const send = (body) => api('/complaints/' + c.id + '/actions/' + action, { method: 'POST', body: body || {}, ifMatch: c.version });
  const name = t('wc.a.' + action, null, action);
  if (!sch) {
    const out = document.getElementById('wc-act-out');
    const ok = await submit({ out }, () => send());
    if (ok) { announce(t('wc.done', { action: name })); go('#/complaints/' + c.id); }
    return;
  }
  const ctl = renderForm(sch, { idPrefix: 'wca', values: sch.values });
  const ok = await (await import('../shared/frame.js')).dialog({ title: name, body: ctl.el, ok: name, onOk: async () => {
    if (ctl.validate().length) { ctl.focusSummary(); return false; }
    const v = ctl.values();
    for (const k of Object.keys(v)) if (v[k] === '' || v[k] === undefined) delete v[k];
    if (v.level) v.level = Number(v.level);
    const own = sch.fields.some((f) => f.key === 'co_bodies') ? leadAlsoCo(sch, v) : [];
    if (own.length) { ctl.showErrors(own); ctl.focusSummary(); return false; }
    try {
      return await send(v);
    } catch (e) {   // the server's field errors beside the fields, as on any other form
      if (!(e instanceof ApiError) || !e.errors.some((x) => ctl.keyOf(x.field))) throw e;
      ctl.showErrors(e.errors);
      ctl.focusSummary();
      return false;
    }
  } });
  if (ok) { announce(t('wc.done', { action: name })); go('#/complaints/' + c.id); }
}

export async function pageComplaint(page, { id }) {
  const [c, { renderForm }, regs] = await Promise.all([api('/complaints/' + encodeURIComponent(id)), import('../shared/form.js'), regions()]);
  const place = [c.district, c.street].filter(Boolean).map((code) => L((regs.find((r) => r.code === code) || {}).name) || code).join(' · ');
  const lead = (c.bodies || []).find((b) => b.lead);
  const helpers = (c.bodies || []).filter((b) => !b.lead);
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/complaints' }, t('wc.title')), ' › ', c.number),
    h('h1', null, t('kind.' + c.kind, null, c.kind), ' ', c.number, ' ', h('span', { class: 'badge status status-' + c.status }, Lz(c, 'status'))));
  // merging needs a request to merge into: the button only with candidates
  const allowed = (c.allowed_actions || []).filter((a) => a !== 'merge' || (c.duplicates || []).length);
  const out = h('div', { id: 'wc-act-out' });
  if (allowed.length) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'wc-act' }, h('h2', { id: 'wc-act' }, t('wc.actions')), out,
      h('div', { class: 'actions' }, ...allowed.map((a) => h('button', { type: 'button', class: a === 'return' ? 'btn' : 'btn btn-primary', onclick: () => act(c, a, renderForm) }, t('wc.a.' + a, null, a))))));
  }
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'wc-sum' }, h('h2', { id: 'wc-sum' }, t('wc.text')),
    h('p', { class: 'prewrap' }, c.text),
    dl([
      [t('wc.category'), Lz(c, 'category')],
      [t('wc.place'), [place, c.address].filter(Boolean).join(' ')],
      [t('wc.subject'), c.subject_name || null],
      [t('wc.caller_phone'), c.caller_phone || null],
      [t('wc.files'), (c.attachments || []).length ? h('ul', { class: 'plain' }, ...c.attachments.map((a) => h('li', null,
        h('a', { href: fileUrl(a.id), download: a.name }, a.name)))) : null],
      [t('wc.body'), lead ? Lz(lead, 'name') : null],
      [t('wc.co_bodies'), helpers.length ? list(helpers.map((b) => Lz(b, 'name'))) : null],
      [t('wc.sign_due'), !c.signed_at && c.sign_due ? h('span', null, when(c.sign_due), ' ', colourBadge(c.sign_colour)) : null],
      [t('wc.reply_due'), !c.replied_at ? h('span', null, when(c.reply_due), ' ', colourBadge(c.reply_colour),
        c.supervised ? h('span', { class: 'badge badge-red' }, t('wc.supervised')) : null) : null],
    ])));
  const link = (x) => h('a', { href: '#/complaints/' + x.id }, x.number);
  if (c.merged_into || (c.merged || []).length || (c.duplicates || []).length) {
    page.append(h('section', { class: 'panel', 'aria-labelledby': 'wc-dup' }, h('h2', { id: 'wc-dup' }, t('wc.dup_title')),
      dl([
        [t('wc.merged_into'), c.merged_into ? link(c.merged_into) : null],
        [t('wc.merged'), (c.merged || []).length ? h('span', null, ...c.merged.flatMap((m, i) => [i ? '、' : '', link(m)])) : null],
      ]),
      (c.duplicates || []).length ? h('div', null, h('p', { class: 'hint' }, t('wc.dup_hint')),
        h('ul', null, ...c.duplicates.map((d) => h('li', null, link(d), ' · ', t('wc.state.' + d.status, null, d.status), ' · ', when(d.created_at))))) : null));
  }
  if (c.answer) page.append(h('section', { class: 'panel', 'aria-labelledby': 'wc-ans' }, h('h2', { id: 'wc-ans' }, t('wc.answer')), h('p', { class: 'prewrap' }, c.answer)));
  page.append(h('section', { class: 'panel', 'aria-labelledby': 'wc-tl' }, h('h2', { id: 'wc-tl' }, t('wc.timeline')),
    h('ol', { class: 'timeline' }, ...(c.timeline || []).map((e) => h('li', { class: 'tl-item' },
      h('span', { class: 'tl-time' }, h('time', null, when(e.at))),
      h('span', { class: 'tl-what' }, h('strong', null, t('wc.a.' + e.action, null, e.action)), h('span', { class: 'muted' }, ' → ', Lz(e, 'to'))),
      h('span', { class: 'tl-who muted' }, [e.body ? Lz(e, 'body') : '', e.actor_name || ''].filter(Boolean).join(' · ')),
      e.note && (e.note.reason || e.note.answer) ? h('span', { class: 'tl-note' }, e.note.reason || e.note.answer) : null)))));
}
