// 双随机一公开 after the inspection (issue 17): the supervisor draws a joint
// plan over the demo's high-risk 餐饮 firms (its steps through the API), the
// amr inspector drawn for 河浦面馆 (hp_noodle) records a finding with a
// correction order, and the results are published. The enterprise finds the
// inspection under 我的检查 with its correction order, objects with a reason
// and sees it pending; the public page marks the result under objection. The
// head of 市场监管 answers on the workbench's inspections screen (rejected,
// with a reason); the enterprise then reads the answer. Both screens pass axe.
import { test, assert, open, expectText, login, apiCall as call } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

test('an enterprise objects to its inspection results and the department answers', async ({ newPage }) => {
  const logged = [];
  const sup = await newPage();
  await login(sup, 'supervisor', 'workbench');
  const plan = await call(sup, 'POST', '/inspection-plans', {
    title: '餐饮业食品安全联合抽查（异议）', items: ['AMR-SP-01', 'WJ-GG-01'], filter: { industries: ['餐饮'] },
    ratios: { high: 1000 }, inspectors_per_target: 2, period_start: '2026-11-02', period_end: '2026-11-30' });
  for (const [action, body] of [['commit'], ['draw', { public_value: '2026-11-02 福彩3D 3 1 4' }], ['reveal'], ['start']]) {
    await call(sup, 'POST', `/inspection-plans/${plan.id}/actions/${action}`, body || {});
  }

  const firm = await newPage({ axe: true });
  firm.on('pageerror', (e) => logged.push(e.message));
  await login(firm, 'hp_noodle');
  const me = await call(firm, 'GET', '/me');
  const name = me.display_name || me.name;

  // the amr inspector drawn for the firm records a finding with a correction order
  let recorded = false;
  for (const who of ['amr_reviewer', 'amr_approver', 'amr_clerk', 'amr_head']) {
    const p = await newPage();
    await login(p, who, 'workbench');
    const view = await call(p, 'GET', '/inspection-plans/' + plan.id);
    const team = view.drawn.find((d) => d.mine && d.enterprise === name);
    if (!team) continue;
    await call(p, 'POST', `/inspection-plans/${plan.id}/findings`, { target: team.target, item: 'AMR-SP-01',
      result: 'non_compliant', note: '食品经营许可证未在显著位置悬挂', correction_deadline: '2027-01-15' });
    recorded = true;
    break;
  }
  assert(recorded, 'no amr inspector was drawn for ' + name);
  await call(sup, 'POST', `/inspection-plans/${plan.id}/actions/publish`, {});

  // 我的检查: the finding, the correction order, the objection form
  await open(firm, '/#/inspections/mine');
  const card = firm.locator('#main section', { hasText: '餐饮业食品安全联合抽查（异议）' });
  await card.waitFor();
  await expectText(firm, /食品经营许可事项检查：2027.*前改正/);
  await card.getByLabel(/^异议理由/).fill('许可证悬挂在后厨入口处，检查时未注意到，请复核。');
  await card.getByRole('button', { name: '提出异议' }).click();
  await expectText(firm, /异议处理中/);
  let problems = await axeCheck(firm);
  assert(!problems.length, 'my inspections: ' + problems.join('\n'));

  // the public page marks the result under objection
  const anon = await newPage();
  await open(anon, '/#/inspections');
  const row = anon.locator('#main section', { hasText: '餐饮业食品安全联合抽查（异议）' }).locator('tr', { hasText: name });
  await row.waitFor();
  assert(/异议处理中/.test(await row.innerText()), 'the public result is not marked under objection');

  // the head of 市场监管 answers on the workbench
  const head = await newPage({ axe: true });
  head.on('pageerror', (e) => logged.push(e.message));
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/inspections');
  await expectText(head, /餐饮业食品安全联合抽查（异议）/);
  problems = await axeCheck(head);
  assert(!problems.length, 'the inspections screen: ' + problems.join('\n'));
  const obj = head.locator('#main section.card', { hasText: name });
  await obj.getByLabel(/^答复结论/).selectOption('rejected');
  await obj.getByLabel(/^答复理由/).fill('现场照片显示许可证未悬挂于经营场所显著位置。');
  await obj.getByRole('button', { name: '答复异议' }).click();
  // the answer form's choices say 异议不成立 too: wait for the answered objection, which shows the reason
  const answered = obj.filter({ hasText: '现场照片显示许可证未悬挂' });
  await answered.waitFor();
  assert(/异议不成立/.test(await answered.innerText()), 'the answered objection: ' + await answered.innerText());

  // the enterprise reads the answer
  await open(firm, '/#/inspections/mine');
  await expectText(firm, /异议不成立.*现场照片显示许可证未悬挂/);
  assert(logged.length === 0, 'page errors: ' + logged.join(' | '));
});
