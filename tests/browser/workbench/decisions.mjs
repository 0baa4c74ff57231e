// Refusal at intake with its legal basis, and a special procedure
// (suspend, resume), an extension and a denial with remedies, as the
// applicant then reads them.
import { test, assert, open, shot, login, expectText } from '../lib/harness.mjs';
import { applyFood, act, caseStatus } from '../lib/fixtures.mjs';

test('refuse at intake; suspend, resume, extend and deny with remedies', async ({ newPage }) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  const one = await applyFood(app);
  const two = await applyFood(app);

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/cases/' + one.id);
  await act(clerk, '不予受理', async (form) => {
    await form.getByLabel('原因').selectOption('not_in_remit');
    await form.getByLabel('具体说明').fill('该经营场所位于外省市，不属于本机关管辖');
    await form.getByLabel('法律依据').fill('《中华人民共和国行政许可法》第三十二条第一款第（二）项');
    await form.getByLabel('告知向哪个机关申请').fill('经营场所所在地市场监督管理部门');
  });
  assert(await caseStatus(clerk) === '不予受理', 'not refused: ' + await caseStatus(clerk));
  await open(clerk, '/workbench/#/cases/' + two.id);
  await act(clerk, '受理');

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/cases/' + two.id);
  await act(rev, '开始审查');
  await act(rev, '中止计时（特别程序）', async (form) => {
    await form.getByRole('radio', { name: '现场核查' }).check();
    await form.getByLabel('原因').fill('需对经营场所进行现场核查');
    await form.getByLabel('预计所需天数').fill('3');
  });
  await expectText(rev, /计时暂停/, '.clock');
  await act(rev, '恢复计时');

  const appr = await newPage();
  await login(appr, 'amr_approver', 'workbench');
  await open(appr, '/workbench/#/cases/' + two.id);
  await act(appr, '延长期限', async (form) => {
    await form.getByLabel('延长工作日数').fill('5');
    await form.getByLabel('原因').fill('情况复杂，经本机关负责人批准延长');
  });
  await expectText(appr, /已延期/, '.clock');
  await act(appr, '不予许可', async (form) => {
    await form.getByLabel('原因').fill('现场核查发现经营场所不符合食品安全要求');
    await form.getByLabel('法律依据').fill('《中华人民共和国食品安全法》第三十五条');
  });
  assert(await caseStatus(appr) === '不予许可', 'not denied: ' + await caseStatus(appr));
  await shot(appr, 'workbench-case-denied');

  await open(app, '/#/cases/' + two.id);
  await expectText(app, /不予许可[\s\S]*现场核查发现经营场所不符合[\s\S]*行政复议/);
  await open(app, '/#/cases/' + one.id);
  await expectText(app, /不予受理[\s\S]*不属于本机关职权范围/);
}, { after: ['correction of a field and a material'] });   // one food licence draft of xiaochi's at a time
