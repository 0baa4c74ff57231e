// Search that finds things (issue 16, build 1): "did you mean" when nothing is
// found, the filters (for whom, 全程网办) used from the keyboard alone and kept
// in the address, and both in English.
import { test, assert, open, ready, expectText, text } from '../lib/harness.mjs';

test('search: did you mean, and the filters by keyboard', async ({ newPage }) => {
  const page = await newPage();
  // a wrong character: nothing found, the near keyword suggested, and it finds the matter
  await open(page, '/#/search?q=营业职照');
  await expectText(page, /共找到 0 个事项[\s\S]*您是不是要找/);
  await page.getByRole('link', { name: '营业执照', exact: true }).click();
  await ready(page, '#/search?q=营业执照');
  const first = (await page.locator('.matter-card h3').first().innerText()).trim();
  assert(first === '企业设立登记', 'the first result for 营业执照 is ' + first);
  // the filters, from the keyboard: the box, then 服务对象, 部门, 全程网办, then Enter
  const box = page.getByRole('searchbox');
  await box.fill('登记');
  await page.getByLabel('服务对象').focus();
  await page.keyboard.press('ArrowDown');   // 个人
  assert(await page.getByLabel('服务对象').inputValue() === 'person', 'the arrow key did not choose 个人');
  await page.keyboard.press('Tab');          // 部门
  await page.keyboard.press('Tab');          // 全程网办
  await page.keyboard.press('Space');
  assert(await page.getByLabel(/只看全程网办/).isChecked(), 'Space did not tick 全程网办');
  await box.focus();
  await page.keyboard.press('Enter');
  // the results of the filtered search: the page before it was a search too, so wait for this one's address
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    const at = decodeURIComponent((m && !m.hasAttribute('aria-busy') && m.dataset.ready) || '');
    return at.includes('q=登记') && at.includes('applicant=person') && at.includes('fully_online=true');
  }, null, { timeout: 20000, polling: 50 });
  assert(/applicant=person/.test(page.url()) && /fully_online=true/.test(page.url()), 'the filters are not in the address: ' + page.url());
  const names = await page.locator('.matter-card h3').allInnerTexts();
  assert(names.includes('个体工商户设立登记'), 'a person-only, fully online matter is missing: ' + names);
  assert(!names.includes('社会保险登记'), 'an enterprise-only matter is listed for 个人: ' + names);
  assert(!names.includes('结婚登记'), 'a matter needing a visit is listed as fully online: ' + names);
  // the filters stay chosen on the results page
  assert(await page.getByLabel('服务对象').inputValue() === 'person', 'the applicant filter is not kept');
  // a matter a filter leaves out is suggested by name
  await open(page, '/#/search?q=结婚登记&applicant=enterprise');
  await expectText(page, /您是不是要找/);
  await page.getByRole('link', { name: '结婚登记' }).click();
  await ready(page, '#/matters/QR00401000');
  await expectText(page, /受理条件[\s\S]*男满二十二周岁/);
});

test('search in English: did you mean, filter labels', async ({ newPage }) => {
  const page = await newPage({ lang: 'en' });
  await open(page, '/#/search?q=marrige');
  await expectText(page, /Did you mean:/);
  await expectText(page, /For[\s\S]*Department[\s\S]*Fully online only/);
  await page.getByRole('link', { name: 'marriage', exact: true }).click();
  await ready(page, '#/search?q=marriage');
  const first = (await page.locator('.matter-card h3').first().innerText()).trim();
  assert(first === 'Marriage registration', 'the first result for marriage is ' + first);
  assert(!/[\u4e00-\u9fff]/.test(await text(page, '.search-filters')), 'Chinese in the English filters');
});
