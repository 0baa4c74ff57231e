// 惠企政策 (issue 17): anyone searches the published policies; a demo
// enterprise (张江云启软件, pd_software: small, 30 employees, founded 2024, tax
// credit A) opens 我的政策 and finds, the largest benefit first, 首次创业补贴
// with why it matches (纳税信用等级 = A，成立日期 ≥ 2023-01-01) and applies in
// one step — a case of 市场监管's 政策兑现 matter, whose number the card links
// to — and 小微企业稳岗补贴 granted without an application. The head of
// 市场监管 sees the application and its case among the policy's matches on
// the workbench. The screens pass axe.
import { test, assert, open, expectText, login } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

test('an enterprise sees the policies for it with why, and applies in one step', async ({ newPage }) => {
  const anon = await newPage();
  await open(anon, '/#/policies?q=消费券');
  await expectText(anon, /共 1 项政策.*餐饮业消费券/);
  assert(!/首次创业补贴/.test(await anon.locator('#main').innerText()), 'the search shows a policy it does not match');

  const firm = await newPage({ axe: true });
  await login(firm, 'pd_software');
  await open(firm, '/#/policies/mine');
  const card = firm.locator('#main section', { hasText: '首次创业补贴' });
  await card.waitFor();
  assert(/第 1 行条件：纳税信用等级 = A，成立日期 ≥ 2023-01-01/.test((await card.innerText()).replace(/\s+/g, ' ')),
    'the match is not explained: ' + (await card.innerText()));
  const auto = firm.locator('#main section', { hasText: '小微企业稳岗补贴' });
  assert(/已免申即享，无需申请/.test(await auto.innerText()), 'the 免申即享 policy is not shown as granted');
  assert(await auto.getByRole('button').count() === 0, 'a granted policy offers an apply button');
  let problems = await axeCheck(firm);
  assert(!problems.length, 'policies for me: ' + problems.join('\n'));

  await card.getByRole('button', { name: /^一键申请/ }).click();
  await card.getByText('已申请，等待审核').waitFor();
  await open(firm, '/#/policies/mine');
  const applied = firm.locator('#main section', { hasText: '首次创业补贴' });
  assert(/已申请，等待审核/.test(await applied.innerText()), 'the application is not kept');
  // the application is a case of 市场监管's 政策兑现 matter, its number linked to it
  const link = applied.getByRole('link', { name: /^\d{6}-\d{8}-\d+$/ });
  const number = (await link.innerText()).trim();
  await link.click();
  await expectText(firm, new RegExp('惠企政策兑现[\\s\\S]*' + number));
  await expectText(firm, /首次创业补贴/);

  const head = await newPage({ axe: true });
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/policies');
  const row = head.locator('#main section', { hasText: '首次创业补贴' }).locator('tr', { hasText: '纳税信用等级 = A，成立日期 ≥ 2023-01-01' });
  await row.first().waitFor();
  const mineRow = head.locator('#main section', { hasText: '首次创业补贴' }).locator('tr', { hasText: number });
  assert(/已申请，审查中/.test(await mineRow.innerText()), 'the workbench does not show the application with its case');
  assert(await mineRow.getByRole('link', { name: number }).count() === 1, 'the workbench does not link the case');
  problems = await axeCheck(head);
  assert(!problems.length, 'the workbench policies: ' + problems.join('\n'));
});
