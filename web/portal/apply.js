/* apply.js — applying online: the shared wizard (shared/wizard.js) with
 * the portal's submission and its receipt. */
import { h, t, L, session, matter } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './apply.texts.js';

addTexts(TEXTS);

export async function pageApply(page, { code }) {
  const [m, { wizard }] = await Promise.all([matter(code), import('../shared/wizard.js')]);
  if (!session.isApplicant()) {
    page.append(h('h1', null, t('apply.title', { name: L(m.name) })), h('p', null, t('apply.applicants_only')));
    return;
  }
  /* 免提交: the certificate types the applicant holds valid, so the wizard can
   * say which materials need nothing uploaded (the server takes them) */
  const wallet = await api('/me/certificates').catch(() => ({ items: [] }));
  const heldTypes = new Set((wallet.items || []).filter((c) => c.status === 'valid').map((c) => c.type));
  await wizard(page, {
    matter: m,
    heldTypes,
    memoryKey: 'apply:' + session.account.id + ':' + m.code,
    account: session.account,
    title: t('apply.title', { name: L(m.name) }),
    submit: (body, state) => api('/cases', { method: 'POST', body: Object.assign({ channel: 'online' }, body), idem: state.key }),
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
