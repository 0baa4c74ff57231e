/* messages.js — my messages (notices about my cases); opening the inbox
 * marks the messages shown read, and the badge in the navigation follows. */
import { h, t, L, fmtTime, session } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './messages.texts.js';

addTexts(TEXTS);

export async function pageMessages(page) {
  page.append(h('h1', null, t('nav.messages')), h('p', null, h('a', { href: '#/account' }, t('msg.settings'))));
  const r = await api('/me/messages');
  const items = r.items || [];
  if (!items.length) { page.append(h('p', null, t('msg.none'))); return; }
  const ul = h('ul', { class: 'messages' });
  for (const m of items) {
    const link = m.entity && m.entity.type === 'case' ? '#/cases/' + m.entity.id : null;
    ul.append(h('li', { class: 'message' + (m.read ? '' : ' unread') },
      h('h2', { class: 'h3' }, link ? h('a', { href: link }, L(m.title)) : L(m.title), m.read ? null : h('span', { class: 'tag tag-blue' }, t('msg.unread'))),
      h('p', null, L(m.body)), h('p', { class: 'muted small' }, h('time', { datetime: m.created_at }, fmtTime(m.created_at)))));
  }
  page.append(ul);
  // seen: the messages shown are read from now on (their 未读 tags stay for this view)
  if (items.some((m) => !m.read)) {
    const done = await api('/me/messages/read', { method: 'POST', body: { up_to: items[0].id } });
    if (session.account) session.account.unread_messages = done.unread;
    document.querySelectorAll('#site-nav a[href="#/messages"] .nav-badge').forEach((b) => { if (!done.unread) b.remove(); else b.querySelector('.count').textContent = String(done.unread); });
  }
}
