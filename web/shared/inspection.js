/* inspection.js — what the portal's and the workbench's 双随机一公开 pages
 * share: an item's or a plan's own text in the language shown — its English
 * form in English mode when its department gave one, else the Chinese as
 * registered, marked so (a name, or a legal citation as enacted). */
import { h, lang } from './frame.js';

const en = () => lang() === 'en';

/* The text itself (for a select's option, an aria-label). */
export const ownText = (o, k) => (en() && o[k + '_en']) || o[k] || '';

/* The text as a node: English plain, the Chinese inside data-keep=why. */
export function own(o, k, why = 'name') {
  const text = en() && o[k + '_en'];
  return text || h('span', { 'data-keep': why }, o[k] || '');
}

/* Several items' texts, joined as the language joins a list. */
export function ownList(items, k, why = 'name') {
  return items.flatMap((o, i) => (i ? [en() ? ', ' : '、', own(o, k, why)] : [own(o, k, why)]));
}

/* An item: its name, then its legal basis in brackets. */
export function itemWithBasis(i) {
  return h('span', null, own(i, 'title'), en() ? ' (' : '（', own(i, 'legal_basis', 'law'), en() ? ')' : '）');
}
