// 惠企政策 defined on the workbench (issue 17, item 9): the head of 市场监管
// defines a policy through the form — its texts in Chinese and English, and a
// decision table of two rows under the hit policy "unique" over the 餐饮
// enterprises' headcount. Saving with a mistyped attribute shows the
// server's problem at that condition; saving with rows that overlap (≤ 30 and
// ≥ 20 employees) shows it at the second row; with the rows apart (≤ 30 and
// ≥ 31) the draft is saved, listed among the department's drafts, published,
// and its matches are listed with why each enterprise matches: the demo's
// 餐饮 firms of 12, 8 and 26 employees by row 1, the one of 48 by row 2.
// The form and the list pass axe.
import { test, assert, open, login, expectText, shot } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

const TITLE = '餐饮业稳岗扩岗补贴（测试）';

async function condition(row, i, attr, { values, min, max } = {}) {
  const c = row.locator('fieldset.condition').nth(i);
  await c.getByLabel('企业属性').fill(attr);
  if (values !== undefined) await c.getByLabel('取值（任一）').fill(values);
  if (min !== undefined) await c.getByLabel('不小于').fill(min);
  if (max !== undefined) await c.getByLabel('不大于').fill(max);
  return c;
}

test('define a policy on the workbench, fix what the server finds, publish, see the matches', async ({ newPage }) => {
  const head = await newPage({ axe: true });
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/policies');
  await head.getByRole('link', { name: '定义新政策' }).click();
  await head.locator('form.policy-editor').waitFor();
  const form = head.locator('form.policy-editor');

  await form.locator('[data-key="title"] input').fill(TITLE);
  await form.locator('[data-key="title_en"] input').fill('Job subsidy for restaurants (test)');
  await form.locator('[data-key="text"] textarea').fill('对稳定和扩大就业的餐饮企业，按从业人数给予补贴。');
  await form.locator('[data-key="benefit"] input').fill('每户1000元至2000元');
  await form.locator('[data-key="benefit_en"] input').fill('1,000 to 2,000 yuan per enterprise');
  await form.locator('[data-key="period_start"] input').fill('2026-01-01');
  await form.locator('[data-key="period_end"] input').fill('2026-12-31');
  assert(await form.locator('[data-key="matter"] select').inputValue() === 'JF00110000', 'the payout matter is not offered');
  await form.locator('[data-key="hit_policy"] select').selectOption('unique');

  const row1 = form.locator('fieldset.rule-row').nth(0);
  await condition(row1, 0, 'industry', { values: '餐饮' });
  await row1.getByRole('button', { name: '添加条件' }).click();
  await condition(row1, 1, 'employees', { max: '30' });
  await row1.getByLabel('符合此行的金额（元）').fill('2000');

  await form.getByRole('button', { name: '添加一行' }).click();
  const row2 = form.locator('fieldset.rule-row').nth(1);
  await condition(row2, 0, 'industry', { values: '餐饮' });
  await row2.getByRole('button', { name: '添加条件' }).click();
  const typo = await condition(row2, 1, 'employes', { min: '20' });
  await row2.getByLabel('符合此行的金额（元）').fill('1000');

  // 1. an attribute the table does not know: the problem is shown at that condition
  await form.getByRole('button', { name: '保存草稿' }).click();
  await form.locator('.error-summary').waitFor();
  const attr = typo.getByLabel('企业属性');
  assert(await attr.getAttribute('aria-invalid') === 'true', 'the mistyped attribute is not marked');
  assert(/没有这个企业属性/.test(await typo.locator('.field-error').innerText()), 'the problem is not at the condition');
  let problems = await axeCheck(head);
  assert(!problems.length, 'the policy form with its errors: ' + problems.join('\n'));
  await shot(head, 'workbench-policy-unknown-attribute');

  // 2. rows that overlap under "unique": the problem is shown at the second row
  await attr.fill('employees');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await expectText(head, /与第 1 行可同时命中/, 'fieldset.rule-row:nth-of-type(2) .field-error');
  assert(await typo.locator('.field-error').isHidden(), 'the fixed condition still shows its error');
  assert(await row1.locator(':scope > .field-error').isHidden(), 'the first row shows an error too');

  // 3. the rows apart: saved as a draft of the department
  await typo.getByLabel('不小于').fill('31');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await head.waitForFunction(() => location.hash === '#/policies', null, { timeout: 20000 });
  const draft = head.locator('#main section.draft', { hasText: TITLE });
  await draft.waitFor();
  assert(/唯一[\s\S]*2 行/.test(await draft.innerText()), 'the draft does not show its table: ' + await draft.innerText());
  problems = await axeCheck(head);
  assert(!problems.length, 'the policies with a draft: ' + problems.join('\n'));

  // 4. published: the 餐饮 firms are matched, each with the row it meets
  await draft.getByRole('button', { name: '发布并匹配企业：' + TITLE }).click();
  await expectText(head, new RegExp('已发布“' + TITLE.replace(/[()（）]/g, '.') + '”：匹配 4 家企业'));
  const sec = head.locator('#main section.card', { hasText: TITLE }).filter({ has: head.locator('table') });
  await sec.waitFor();
  const rows = (await sec.locator('tbody tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
  assert(rows.length === 4, 'matched ' + rows.length + ': ' + rows.join(' | '));
  assert(rows.filter((r) => /第 1 行条件：行业 = 餐饮，从业人数 ≤ 30/.test(r) && /¥2000\.00/.test(r)).length === 3,
    'row 1 does not explain three matches: ' + rows.join(' | '));
  assert(rows.filter((r) => /第 2 行条件：行业 = 餐饮，从业人数 ≥ 31/.test(r) && /¥1000\.00/.test(r)).length === 1,
    'row 2 does not explain one match: ' + rows.join(' | '));
  assert(await head.locator('#main section.draft', { hasText: TITLE }).count() === 0, 'still listed as a draft');
  await shot(head, 'workbench-policy-published');
});
