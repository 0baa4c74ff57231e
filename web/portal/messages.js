/* messages.js — my messages (notices about my cases). */
import { h, t, L, fmtTime } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import TEXTS from './messages.texts.js';

addTexts(TEXTS);

export async function pageMessages(page) {
  page.append(h('h1', null, t('nav.messages')));
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
}
