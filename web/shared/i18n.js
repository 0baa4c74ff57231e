/* i18n.js — the interface texts, zh-CN first, English second.
 *   t(key, vars, fallback, forceLang)   a text, with {name} placeholders filled
 *   L(obj)                              picks obj.zh / obj.en from server data
 *   lang(), setLang('zh' | 'en')        remembered in localStorage
 *   addTexts(table)                     registers a feature's texts
 *   list(items), colon(), paren(s)      "a、b", "：", "（s）" in Chinese; "a, b", ": ", " (s)" in English
 * A text whose English needs a singular has it third: [zh, en, en for n = 1]
 * ("{n} working day"), used when vars.n is 1.
 * There is no one big table: each feature keeps its texts beside it in a
 * `<feature>.texts.js` ({key: [zh, en]}) and registers them when it loads,
 * so a page fetches only the texts it shows. A key belongs to one file.
 * Texts that come from the server (matter names, form labels, errors) are
 * already in both languages and are shown with L() or as the server sent them. */

let current = 'zh';
try { current = localStorage.getItem('onestop.lang') === 'en' ? 'en' : 'zh'; } catch (e) { /* default */ }

const T = Object.create(null);

export function addTexts(table) { Object.assign(T, table); }

export function lang() { return current; }
export function setLang(l) {
  current = l === 'en' ? 'en' : 'zh';
  try { localStorage.setItem('onestop.lang', current); } catch (e) { /* private mode */ }
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

export function L(obj, force) {
  if (obj === null || obj === undefined) return '';
  if (typeof obj === 'string') return obj;
  const l = force || current;
  return obj[l] || obj.zh || obj.en || '';
}

export function t(key, vars, fallback, force) {
  const row = T[key];
  const en = (force || current) === 'en';
  let s = row ? row[en ? (row.length > 2 && vars && Number(vars.n) === 1 ? 2 : 1) : 0] : (fallback !== undefined ? fallback : key);
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}

/* Items as a list in the current language: 甲、乙 / a, b. */
export function list(items, force) { return items.join((force || current) === 'en' ? ', ' : '、'); }
/* The colon after a label: 编号：… / Code: … */
export function colon(force) { return (force || current) === 'en' ? ': ' : '：'; }
/* A remark in brackets after a name: 黄浦区（310101） / Huangpu District (310101). */
export function paren(s, force) { return (force || current) === 'en' ? ' (' + s + ')' : '（' + s + '）'; }
