// The task queue's bulk actions, on the cases the flows before left in
// the queue (intake from window intake, review from the correction). The
// flows that act on tasks have finished by then, so every task selected is
// still there to assign or claim.
import { test, assert, open, shot, login, expectText } from '../lib/harness.mjs';
import { APPLY_FLOW } from '../lib/fixtures.mjs';

test('bulk assign and bulk claim in the task queue', async ({ newPage }) => {
  const head = await newPage();
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/tasks');
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
}, { after: [APPLY_FLOW, 'correction of a field', 'refuse at intake', 'window:'] });
