// 进度查询 without logging in (issue 16, item 5): the case applied for in the
// apply flow, found by its number and the enterprise's credit code, shows its
// status and dates and no name; a wrong proof is a plain "not found" beside
// the form, and nothing in the console.
import { env, test, assert, open, expectText, text } from '../lib/harness.mjs';
import { APPLY_FLOW } from '../lib/fixtures.mjs';

const XIAOCHI_CODE = '91310101MA1FPX0Q1Y';

test('track an application without logging in', async ({ newPage }) => {
  const page = await newPage();
  const logged = [];
  page.on('pageerror', (e) => logged.push(e.message));
  await open(page, '/#/');
  await page.getByRole('link', { name: '进度查询' }).first().click();
  await expectText(page, /办件进度查询/);
  await page.getByLabel('办件编号').fill(env.shared.caseNumber);
  await page.getByLabel(/申请人身份证号/).fill('91310101MA1FPX0Q1X');
  await page.getByRole('button', { name: '查询' }).click();
  await expectText(page, /没有找到这个办件/);
  await page.getByLabel(/申请人身份证号/).fill(XIAOCHI_CODE);
  await page.getByRole('button', { name: '查询' }).click();
  await expectText(page, new RegExp(env.shared.caseNumber + '.*已办结'));
  const shown = await text(page);
  assert(/食品经营许可/.test(shown) && /受理日期/.test(shown) && /办结日期/.test(shown), 'no dates: ' + shown);
  assert(!/上海小吃餐饮管理有限公司|弄堂小馆/.test(shown), 'a name or form value is shown: ' + shown);
  assert(!/没有找到这个办件/.test(shown), 'the earlier error stays beside the answer');
  assert(logged.length === 0, 'page errors: ' + logged.join(' | '));
}, { after: [APPLY_FLOW] });
