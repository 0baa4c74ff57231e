// Chinese left on a page in English mode (issue 16, bug 9). Every visible
// text with Han characters must either be data (a name, what someone typed:
// DATA below) or sit inside an element that says why it stays Chinese, with
// `data-keep` naming one of the short list KEEP (the page also marks it
// `lang="zh-CN"` where the text is Chinese whatever the mode). Anything else
// is a text that was not translated.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';
import { FOOD_FORM_OK } from './fixtures.mjs';

export const KEEP = {
  lang: 'the 中文 switch, which names the other language in that language',
  logo: 'the logo glyph',
  law: 'legal citations (《…》第…条), cited as enacted',
  name: "people's, firms' and shops' names, as registered",
  data: 'what a person typed (a form value, a request text, an address)',
};


/* What people typed or registered, which a page may show in any mode: the
 * demo accounts' names (staff names carry their post, "市场监管窗口 陈静"), the
 * values the scenarios type, and the words the search pages are opened with. */
export const DATA = [
  ...JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/accounts.json'), 'utf8')).map((a) => a.name),
  ...Object.values(FOOD_FORM_OK), '餐饮', '营业职照',
].filter((s) => /[\u3400-\u9fff]/.test(s)).sort((a, b) => b.length - a.length);

export async function chineseLeft(page, data = DATA) {
  return page.evaluate(([keep, data]) => {
    const han = /[\u3400-\u9fff\uf900-\ufaff]/;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let s = n.nodeValue;
      if (!han.test(s)) continue;
      for (const d of data) s = s.split(d).join('');
      if (!han.test(s)) continue;
      const el = n.parentElement;
      if (el.closest('script,style,template,[hidden],[aria-hidden="true"]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0 && el.offsetParent === null) continue; // not shown
      const marked = el.closest('[data-keep]');
      const why = marked && marked.getAttribute('data-keep');
      if (marked && why && keep.includes(why)) continue;
      const where = el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '');
      out.push(`${where}: ${s.trim().slice(0, 60)}`);
    }
    return out;
  }, [Object.keys(KEEP), data]);
}
