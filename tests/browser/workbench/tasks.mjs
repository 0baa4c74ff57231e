// The task queue's bulk actions, on the cases the flows before left in
// the queue (intake from window intake, review from the correction). The
// flows that act on tasks have finished by then, so every task selected is
// still there to assign or claim.
import { test, assert, open, ready, shot, login, expectText } from '../lib/harness.mjs';
import { APPLY_FLOW } from '../lib/fixtures.mjs';

test('bulk assign and bulk claim in the task queue', async ({ newPage }) => {
  const head = await newPage();
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/tasks');
  // the columns a clerk works by (issue 16, item 7)
  const cols = (await head.locator('table.tasks thead th').allInnerTexts()).map((x) => x.trim());
  for (const c of ['申请人', '渠道', '提交时间', '已等待', '期限']) assert(cols.includes(c), `no column ${c}: ${cols}`);
  const first = head.locator('tbody tr', { hasText: '上海小吃餐饮管理有限公司' }).first();
  assert(/网上申请|窗口办理|帮办代办/.test(await first.innerText()) && /\d+ 天/.test(await first.innerText()), 'a row lacks its channel or wait: ' + await first.innerText());
  const intake = head.locator('tbody tr', { hasText: '受理' }).filter({ hasText: '未认领' });
  const n = await intake.count();
  assert(n > 0, 'no unclaimed intake task to assign');
  for (let i = 0; i < n; i++) await intake.nth(i).getByRole('checkbox').check();
  await head.getByLabel('分派给').selectOption({ label: '市场监管窗口 陈静（窗口人员）' });
  await head.getByRole('button', { name: '分派所选' }).click();
  await expectText(head, new RegExp('已处理 ' + n + ' 项任务'), '.flash');
  assert(await head.locator('tbody tr', { hasText: '受理' }).filter({ hasText: '陈静' }).count() >= n, 'the assigned tasks do not show the clerk');
  await shot(head, 'workbench-tasks-assigned');

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/tasks');
  const review = rev.locator('tbody tr', { hasText: '审查' }).filter({ hasText: '未认领' });
  const m = await review.count();
  assert(m > 0, 'no unclaimed review task to claim');
  for (let i = 0; i < m; i++) await review.nth(i).getByRole('checkbox').check();
  await rev.getByRole('button', { name: '认领所选' }).click();
  await expectText(rev, new RegExp('已处理 ' + m + ' 项任务'), '.flash');
  assert(await rev.locator('tbody tr', { hasText: '审查' }).filter({ hasText: '刘洋' }).count() >= m, 'the claimed tasks do not show the reviewer');

  // 办件查询: the head finds a case by the beginning of its number and the applicant's name (issue 16, item 7)
  const number = (await head.locator('tbody th a.mono').first().innerText()).trim();
  await open(head, '/workbench/#/cases');
  await head.getByLabel('办件编号').fill(number.slice(0, -2));
  await head.getByLabel('申请人').fill('上海小吃');
  await head.getByRole('button', { name: '查询' }).click();
  // the unfiltered list before it has a count and rows too: wait for the search's own page
  await ready(head, '#/cases?number=' + number.slice(0, -2) + '&applicant=上海小吃');
  await expectText(head, new RegExp('共 \\d+ 件'));
  const rows = await head.locator('tbody tr').allInnerTexts();
  assert(rows.length > 0 && rows.every((r) => r.includes(number.slice(0, -2))), 'the search shows cases of other numbers: ' + rows.join(' | '));
  await open(head, '/workbench/#/cases?number=000&from=2026-12-31&to=2026-01-01');
  await expectText(head, /结束日期不能早于开始日期/);
}, { after: [APPLY_FLOW, 'correction of a field', 'refuse at intake', 'window:'] });
