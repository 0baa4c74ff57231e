// 政务公开 (issue 13, item 8), for anyone: reached from the footer, each
// department's figures with 不见面率 beside 满意率, and the licensing decision
// of the apply flow in the 双公示 list under the enterprise's name — and no
// form value, case number or phone anywhere on the page.
import { env, test, assert, open, expectText, text } from '../lib/harness.mjs';
import { APPLY_FLOW } from '../lib/fixtures.mjs';

test('public figures and licensing decisions without logging in', async ({ newPage }) => {
  const page = await newPage();
  const logged = [];
  page.on('pageerror', (e) => logged.push(e.message));
  await open(page, '/#/');
  await page.locator('#site-footer').getByRole('link', { name: '政务公开' }).click();
  await expectText(page, /行政许可决定公示/);
  const stats = page.getByRole('table', { name: '各部门办件与评价统计' });
  const amr = stats.getByRole('row').filter({ hasText: '上海市市场监督管理局' });
  assert(await amr.count() === 1, 'no row for 上海市市场监督管理局');
  const headers = await stats.locator('thead th').allInnerTexts();
  assert(headers.indexOf('满意率') === headers.indexOf('不见面办理率') + 1, 'satisfaction is not beside the contactless rate: ' + headers);
  const decisions = page.getByRole('table', { name: '行政许可决定' });
  await expectText(page, /上海小吃餐饮管理有限公司[\s\S]*食品经营许可[\s\S]*准予行政许可/);
  assert(await decisions.getByRole('row').count() >= 2, 'no decision listed');
  const shown = await text(page);
  assert(!shown.includes(env.shared.caseNumber), 'a case number is shown');
  assert(!/弄堂小馆|13800138000/.test(shown), 'a form value or phone is shown');
  assert(logged.length === 0, 'page errors: ' + logged.join(' | '));
}, { after: [APPLY_FLOW] });
