/* apply.js — applying online: the shared wizard (shared/wizard.js) with
 * the portal's submission and its receipt. */
import { h, t, L, session, matter, allItems } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api, materialEntry } from '../shared/api.js';
import TEXTS from './apply.texts.js';

addTexts(TEXTS);

/* 草稿: the application as the person goes, kept on the server (a case in
 * `draft`), so a reload or another device continues it with its uploads. */
function drafts(m) {
  const content = (state) => ({
    form: state.form,
    materials: Object.entries(state.files).map(([key, f]) => materialEntry(key, f)),
    delivery: state.delivery && state.delivery.method === 'post' ? state.delivery : { method: (state.delivery && state.delivery.method) || (m.delivery || ['electronic'])[0] },
  });
  return {
    async load() {
      // a bundle's waiting step is a draft of the same matter, but it is the bundle's, not this application's
      const r = await api('/cases', { query: { status: 'draft', matter: m.code, limit: 20 } });
      for (const item of r.items || []) {
        const d = await api('/cases/' + item.id);
        if (!d.bundle) return d;
      }
      return null;
    },
    async save(state) {
      if (state.draft) {
        const d = await api('/cases/' + state.draft.id, { method: 'PUT', body: content(state), ifMatch: state.draft.version });
        state.draft.version = d.version;
      } else {
        const d = await api('/cases', { method: 'POST', body: Object.assign({ matter: m.code, channel: 'online', submit: false }, content(state)) });
        state.draft = { id: d.id, version: d.version };
      }
    },
    async discard(state) {
      await api('/cases/' + state.draft.id + '/actions/withdraw', { method: 'POST', body: {}, ifMatch: state.draft.version });
      state.draft = null;
    },
  };
}

export async function pageApply(page, { code }) {
  const [m, { wizard }] = await Promise.all([matter(code), import('../shared/wizard.js')]);
  if (!session.isApplicant()) {
    page.append(h('h1', null, t('apply.title', { name: L(m.name) })), h('p', null, t('apply.applicants_only')));
    return;
  }
  /* 免提交: the certificate types the applicant holds valid, so the wizard can
   * say which materials need nothing uploaded (the server takes them) */
  const wallet = await allItems('/me/certificates').catch(() => []);
  const heldTypes = new Set(wallet.filter((c) => c.status === 'valid').map((c) => c.type));
  await wizard(page, {
    matter: m,
    heldTypes,
    memoryKey: 'apply:' + session.account.id + ':' + m.code,
    account: session.account,
    title: t('apply.title', { name: L(m.name) }),
    draft: drafts(m),
    submit: async (body, state) => {
      await state.saved();
      // what the page shows next is the number and the status: the full case is one click away
      if (!state.draft) return api('/cases', { method: 'POST', body: Object.assign({ channel: 'online' }, body), idem: state.key, minimal: true });
      // the draft becomes the application: its last content, then the owner's submission
      const d = await api('/cases/' + state.draft.id, { method: 'PUT', body: { form: body.form, materials: body.materials, delivery: body.delivery }, ifMatch: state.draft.version });
      return api('/cases/' + state.draft.id + '/actions/submit', { method: 'POST', body: {}, ifMatch: d.version });
    },
    done: (c) => {
      page.textContent = '';
      page.append(h('h1', { tabindex: '-1' }, t('apply.done')),
        h('div', { class: 'panel panel-ok', role: 'status' },
          h('p', null, t('apply.done.number'), '：', h('strong', { class: 'mono case-number' }, c.number || c.id)),
          h('p', null, c.status_label ? L(c.status_label) : t('status.' + c.status)),
          h('p', null, t('apply.done.next'))),
        h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/cases/' + c.id }, t('apply.done.view')), h('a', { class: 'btn', href: '#/cases' }, t('nav.cases'))));
      page.querySelector('h1').focus();
    },
  });
}
