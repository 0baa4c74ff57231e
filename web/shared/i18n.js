/* i18n.js — the interface texts, zh-CN first, English second.
 *   t(key, vars, fallback, forceLang)   a text, with {name} placeholders filled
 *   L(obj)                              picks obj.zh / obj.en from server data
 *   lang(), setLang('zh' | 'en')        remembered in localStorage
 *   addTexts(table)                     registers a feature's texts
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
  let s = row ? row[(force || current) === 'en' ? 1 : 0] : (fallback !== undefined ? fallback : key);
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}
