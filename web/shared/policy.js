/* policy.js — what the portal and the workbench share about 惠企政策: a
 * policy's own texts in the language shown (the Chinese when its department
 * gave no English), and a match's explanation ("row 3 matched: industry =
 * 餐饮, employees ≤ 50", as the server writes it) read in that language, the
 * enterprise's values marked as data. */
import { h, t, lang } from './frame.js';
import { addTexts } from './i18n.js';
import TEXTS from './policy.texts.js';

addTexts(TEXTS);

const en = () => lang() === 'en';

export const own = (p, k) => (en() && p[k + '_en']) || p[k];
/* own() as an element: Chinese shown in English mode because the department gave no
 * English is its data as typed, marked so (the English-mode check allows it). */
export const ownEl = (p, k) => (en() && !p[k + '_en'] && p[k] ? h('span', { 'data-keep': 'data', lang: 'zh' }, p[k]) : own(p, k));

export function autoBadge(p) {
  return h('span', { class: 'badge' + (p.auto_grant ? ' badge-green' : '') }, t(p.auto_grant ? 'pol.auto' : 'pol.needs_apply'));
}

/* An enterprise attribute of the decision tables by its name in the language shown. */
export const attrLabel = (a) => t('pol.attr.' + a, null, a);

export function explanation(text) {
  const m = /^row (\d+) matched: (.*)$/.exec(text || '');
  if (!m) return h('span', { 'data-keep': 'data' }, text || '');
  const attr = attrLabel;
  const val = (v) => h('span', { 'data-keep': 'data' }, v);
  const parts = m[2] === 'every enterprise' ? [t('pol.every')] : m[2].split(', ').flatMap((c, i) => {
    const sep = i ? [en() ? ', ' : '，'] : [];
    let x = /^(\S+) ≤ (\w+) ≤ (\S+)$/.exec(c);
    if (x) return [...sep, val(x[1]), ' ≤ ' + attr(x[2]) + ' ≤ ', val(x[3])];
    x = /^(\w+) (=|≥|≤) (.*)$/.exec(c);
    if (x) return [...sep, attr(x[1]) + ' ' + x[2] + ' ', val(x[3])];
    return [...sep, val(c)];
  });
  return h('span', { class: 'why' }, t('pol.row', { n: m[1] }) + (en() ? ': ' : '：'), ...parts);
}
