// The one-time correction notice (一次性告知): a field and a material marked
// in the workbench, answered in the portal, then accepted.
import { test, assert, open, shot, login, expectText } from '../lib/harness.mjs';
import { PDF, APPLY_FLOW, applyFood, act, caseStatus } from '../lib/fixtures.mjs';

test('correction of a field and a material, answered, then accepted', async ({ newPage }) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  const c = await applyFood(app);
  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/cases/' + c.id);
  await act(clerk, '一次性告知补正', async (form) => {
    await form.getByRole('checkbox', { name: '经营场所地址' }).check();
    await form.getByLabel('“经营场所地址”补正原因').fill('地址缺少门牌号');
    await form.getByRole('checkbox', { name: '经营场所平面布局图' }).check();
    await form.getByLabel('“经营场所平面布局图”补正原因').fill('平面图不清晰，请重新扫描');
    await shot(clerk, 'workbench-correction');
  });
  assert(await caseStatus(clerk) === '待补正', 'not in correction: ' + await caseStatus(clerk));
  // a case opened from the queue: the navigation agrees with the breadcrumb (待办任务) (bug 8)
  const current = await clerk.locator('#site-nav [aria-current="page"]').innerText();
  assert(/待办任务/.test(current) && /待办任务/.test(await clerk.locator('.crumbs').innerText()), 'the navigation highlights ' + current);
  // the staff view tells staff what the applicant was told, not "you" (bug 8)
  const staffNotice = await clerk.locator('.panel-warn', { hasText: '补正告知' }).innerText();
  assert(/已一次性告知申请人/.test(staffNotice) && !/您/.test(staffNotice), 'the staff view addresses the notice to 您: ' + staffNotice);

  await open(app, '/#/cases/' + c.id);
  await expectText(app, /补正告知[\s\S]*经营场所地址[\s\S]*地址缺少门牌号[\s\S]*经营场所平面布局图[\s\S]*平面图不清晰/);
  await shot(app, 'portal-correction');
  const answer = app.locator('section', { has: app.getByRole('heading', { name: '提交补正' }) });
  await answer.locator('[data-key="shop_address"] input').fill('上海市黄浦区南京东路100号101室');
  await answer.locator('[data-key="venue_floor_plan"] input[type=file]').setInputFiles(PDF);
  await answer.locator('[data-key="venue_floor_plan"] .upload-status').filter({ hasText: '已上传' }).waitFor();
  await answer.getByRole('button', { name: '提交补正材料' }).click();
  await expectText(app, /已提交，待受理/, '.case-meta');
  // answered: no longer a warning at the top, a folded record at the end (bug 6)
  const answered = async (page) => {
    assert(await page.locator('.panel-warn', { hasText: '补正告知' }).count() === 0, 'the answered correction notice is still shown as pending');
    await page.locator('.correction-answered details').waitFor();
    const order = await page.evaluate(() => { const s = [...document.querySelectorAll('#main section.panel')]; return [s.findIndex((x) => x.classList.contains('correction-answered')), s.findIndex((x) => x.querySelector('#tl-h'))]; });
    assert(order[0] > order[1], 'the correction record comes before the timeline: ' + order);
  };
  await answered(app);

  await open(clerk, '/workbench/#/cases/' + c.id);
  // the clerk who asked sees what changed in this round (issue 16, item 7)
  await expectText(clerk, /本轮补正修改了：[\s\S]*经营场所地址：[\s\S]*→ 上海市黄浦区南京东路100号101室[\s\S]*经营场所平面布局图：已更换/);
  await act(clerk, '受理');
  assert(await caseStatus(clerk) === '已受理', 'not accepted after correction: ' + await caseStatus(clerk));
  await answered(clerk);
}, { after: [APPLY_FLOW] });   // xiaochi's food licence draft is one per applicant: one scenario at a time
