// Applying online from search to the completed case: the portal's wizard
// (with its error summary), intake and the decision in the workbench, and
// the timeline the applicant reads. Leaves env.shared.caseId for the page checks.
import { env, test, assert, open, ready, shot, login, text, expectText } from '../lib/harness.mjs';
import { applyFood, act, caseStatus } from '../lib/fixtures.mjs';

test('apply online, accept, approve, see the completed case and its timeline', async ({ newPage }) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  await shot(app, 'portal-home');
  const c = await applyFood(app, { firstError: true, shotPrefix: 'portal-' });
  env.shared.caseId = c.id;
  env.shared.caseNumber = c.number;
  await shot(app, 'portal-apply-done');

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/tasks');
  await expectText(clerk, new RegExp(c.number));
  await shot(clerk, 'workbench-tasks');
  await clerk.getByRole('link', { name: c.number }).click();
  await ready(clerk, '#/cases/');
  await act(clerk, '受理');
  assert(await caseStatus(clerk) === '已受理', 'not accepted: ' + await caseStatus(clerk));

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/cases/' + c.id);
  await shot(rev, 'workbench-case');
  // 开始审查 is one click: the decision after it is what gets confirmed
  await rev.locator('.actions-panel').getByRole('button', { name: '开始审查', exact: true }).click();
  await expectText(rev, /已完成：开始审查/, '#main');
  assert(await rev.locator('form.action-form').count() === 0, '开始审查 asked for a confirmation');
  await act(rev, '准予许可');
  // electronic delivery is the platform's: issuing completes the case
  // a certificate matter: the issue step previews what will be signed, fields typed there included
  await act(rev, '制证', async (form) => {
    await form.getByLabel(/证照字段/).fill('经营项目：热食类食品制售');
    const p = (await form.locator('.cert-preview').innerText()).replace(/\s+/g, ' ');
    assert(p.includes('食品经营许可证') && p.includes('上海小吃餐饮管理有限公司') && p.includes('经营项目 热食类食品制售'),
      'the issue preview: ' + p);
    await shot(rev, 'workbench-issue-preview');
  });
  assert(await caseStatus(rev) === '已办结', 'not completed at issue: ' + await caseStatus(rev));
  assert(await rev.locator('.actions-panel').getByRole('button', { name: '送达', exact: true }).count() === 0, 'a delivery button for an electronic result');

  await open(app, '/#/cases');
  await expectText(app, new RegExp(c.number + '.*已办结'));
  await shot(app, 'portal-cases');
  await app.getByRole('link', { name: c.number }).click();
  await ready(app, '#/cases/');
  const tl = await text(app, '.timeline');
  for (const step of ['提交申请', '受理', '开始审查', '准予许可', '制证', '送达', '办结']) assert(tl.includes(step), `the timeline lacks ${step}: ${tl}`);
  await shot(app, 'portal-case-completed');
});
