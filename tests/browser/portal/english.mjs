// English mode (issue 16, bug 9, first part): the words between the texts
// follow the language — "Code: …" not "Code：…", "Electronic, By post" not
// "Electronic、By post", "(310101)" not "（310101）" — and a count of one is
// singular ("1 working day", "1 visit in person").
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, open, expectText, ROOT } from '../lib/harness.mjs';
import { FOOD } from '../lib/fixtures.mjs';
import { chineseLeft } from '../lib/english.mjs';

test('English mode: separators and plurals are English', async ({ newPage }) => {
  const page = await newPage({ lang: 'en' });
  await open(page, '/#/matters/' + FOOD);
  await expectText(page, /Code: XK00103000 · Administrative licensing/);
  const fact = async (label) => (await page.locator('.fact', { has: page.locator('dt', { hasText: label }) }).locator('dd').innerText()).trim();
  const delivery = await fact('How the result is delivered');
  assert(/, /.test(delivery) && !/[、，]/.test(delivery), 'delivery methods: ' + delivery);
  const formats = await page.locator('td[data-label="Format and size"]').first().innerText();
  assert(!/、/.test(formats), 'formats: ' + formats);
  // the texts themselves, through the module every page uses
  const got = await page.evaluate(async () => {
    const { t, list, colon, paren } = await import('/assets/shared/i18n.js');
    return [t('workdays', { n: 1 }), t('workdays', { n: 2 }), t('workdays', { n: 1 }, null, 'zh'), t('matter.visits', { n: 1 }),
      t('matter.visits', { n: 3 }), t('form.summary', { n: 1 }), list(['a', 'b']), list(['甲', '乙'], 'zh'), colon(), paren('310101'), paren('310101', 'zh')];
  });
  const want = ['1 working day', '2 working days', '1 个工作日', '1 visit in person', '3 visits in person', 'There is 1 problem to fix',
    'a, b', '甲、乙', ': ', ' (310101)', '（310101）'];
  assert(JSON.stringify(got) === JSON.stringify(want), 'texts: ' + JSON.stringify(got));
});

// Every guide of the demo catalogue in English: names, materials, forms,
// results, hours and places all have English forms; only the legal
// citations stay in Chinese (marked so). The other main pages are checked in
// the accessibility pass of English mode (a11y.mjs).
test('English mode: every guide reads in English', async ({ newPage }) => {
  const codes = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/matters.json'), 'utf8')).map((m) => m.code);
  const page = await newPage({ lang: 'en' });
  const left = [];
  for (const code of codes) {
    await open(page, '/#/matters/' + code);
    for (const v of await chineseLeft(page)) left.push(`${code}: ${v}`);
  }
  assert(codes.length >= 39 && !left.length, 'Chinese in English mode:\n' + left.join('\n'));
});
