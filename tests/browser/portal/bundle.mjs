// 一件事 开办餐饮店: a person finds the bundle from search, reads what applying
// together saves, applies once through the wizard over the merged form and one
// set of materials, and follows the bundle case: the registration first, then
// — once the market regulator completes it (through the API) and the credit
// code it issues flows on — the other steps in parallel, one of them handled by
// the tax office in the workbench. Two departments then ask for corrections;
// the applicant sees one notice and answers once; the public security bureau
// handles its step in the workbench, the rest complete, and the applicant sees
// the bundle completed with what it saved. Leaves env.shared.bundleCaseId for
// the page checks.
import { env, test, assert, open, ready, shot, login, text, expectText, apiCall } from '../lib/harness.mjs';
import { PDF, BUNDLE, BUNDLE_FLOW, act } from '../lib/fixtures.mjs';

const PERSON_ID = '310101198503120030';   // zhangsan's

/* An answer for a merged field, by its type (zhangsan opens 弄堂小馆). */
function answer(f) {
  if (f.key === 'enterprise_name') return '上海弄堂小馆餐饮有限公司';
  if (/name|manager|officer$/.test(f.key) && f.type === 'string') return '张三';
  return { string: '弄堂小馆', text: '热食类食品制售', address: '上海市黄浦区南京东路100号', decimal: '50',
    int: '10', phone: '13800138000', id_number: PERSON_ID }[f.type];
}

async function fillMergedForm(page, fields) {
  const step = page.locator('form.step-form');
  await step.waitFor();
  for (const f of fields) {
    const box = step.locator(`[data-key="${f.key}"]`);
    if (await box.locator('select').count()) {
      await box.locator('select').selectOption(f.type === 'region' ? '310101' : { index: 1 });
    } else if (await box.locator('input[type=radio]').count()) {
      await box.locator('input[type=radio]').first().check();   // the first option; 是 for a yes/no
    } else {
      await box.locator('input, textarea').first().fill(answer(f));
    }
  }
}

/* The steps of the bundle case page: {matter: state text}. */
async function stepStates(page) {
  return page.locator('table.bundle-case-steps tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.matter, r.dataset.state])));
}

const REG = 'XK00101001', FOOD = 'XK00103000', FIRE = 'XK00401000', SEAL = 'QT00101000', TAX = 'QT00201000';

test(BUNDLE_FLOW, async ({ newPage }) => {
  const me = await newPage();
  await login(me, 'zhangsan');
  // a life event first: the search for 开饭店 shows the bundle before the single matters
  await open(me, '/#/search?q=开饭店');
  await me.locator('.bundle-hits').waitFor();
  await me.locator('.bundle-hits').getByRole('link', { name: '开办餐饮店' }).click();
  await ready(me, '#/bundles/' + BUNDLE);
  const guide = await text(me);
  for (const dept of ['市场监督管理局', '消防救援', '公安', '税务']) assert(guide.includes(dept), `the guide does not name ${dept}: ${guide.slice(0, 400)}`);
  await expectText(me, /分别办理这些事项要跑 \d+ 次、合计承诺 16 个工作日；一起办只需跑 \d+ 次，承诺 5 个工作日办结/);
  await expectText(me, /凭告知承诺与“公众聚集场所投入使用、营业前消防安全检查”同时办理/);
  await shot(me, 'portal-bundle-guide');

  await me.getByRole('link', { name: '一次申请全部事项' }).click();
  await ready(me, '#/bundles/' + BUNDLE + '/apply');
  const doc = await me.evaluate(async (code) => (await fetch('/api/v1/bundles/' + code)).json(), BUNDLE);
  await fillMergedForm(me, doc.form.fields);
  await me.getByRole('button', { name: '下一步' }).click();
  const mats = me.locator('form.step-materials');
  await mats.waitFor();
  // one set: each material once, however many matters need it
  const keys = await mats.locator('.material-pick').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert(new Set(keys).size === keys.length && keys.length === doc.materials.length, 'a material is asked twice: ' + keys);
  for (const m of doc.materials.filter((x) => x.required)) {
    await mats.locator(`[data-key="${m.key}"] input[type=file]`).setInputFiles(PDF);
    await mats.locator(`[data-key="${m.key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  await me.getByRole('button', { name: '下一步' }).click();
  await me.locator('form.step-delivery').waitFor();
  await me.getByRole('button', { name: '下一步' }).click();
  await me.locator('form.step-review').waitFor();
  await me.getByLabel(/本人承诺/).check();
  await me.getByRole('button', { name: '提交一件事申请' }).click();
  await ready(me, '#/bundle-cases/');
  await me.locator('table.bundle-case-steps').waitFor();
  const id = me.url().split('#/bundle-cases/')[1].split('?')[0];
  env.shared.bundleCaseId = id;
  let st = await stepStates(me);
  assert(st[REG] === 'running', 'the registration did not start: ' + JSON.stringify(st));
  for (const m of [FOOD, FIRE, SEAL, TAX]) assert(st[m] === 'pending', `${m} started before the registration: ` + JSON.stringify(st));
  await expectText(me, /待“[^”]+”办结后开始/);
  await shot(me, 'portal-bundle-case-filed');

  // the market regulator completes the registration (through the API): the credit code is issued
  const b = await apiCall(me, 'GET', '/bundle-cases/' + id);
  const regId = b.steps.find((s) => s.matter === REG).case_id;
  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  let c = await apiCall(clerk, 'GET', '/cases/' + regId);
  c = await apiCall(clerk, 'POST', `/cases/${regId}/actions/accept`, {}, c.version);
  c = await apiCall(rev, 'POST', `/cases/${regId}/actions/review`, {}, c.version);
  c = await apiCall(rev, 'POST', `/cases/${regId}/actions/approve`, { opinion: '材料齐全，符合条件' }, c.version);
  c = await apiCall(rev, 'POST', `/cases/${regId}/actions/issue`, { number: 'YYZZ' + Date.now(), title: '营业执照' }, c.version);
  assert(c.status === 'completed', 'the registration is not completed at issue: ' + c.status);

  // the other four now run at the same time, and the credit code flowed into them
  await open(me, '/#/bundle-cases/' + id);
  await me.locator('table.bundle-case-steps').waitFor();
  st = await stepStates(me);
  assert(st[REG] === 'approved', 'the registration is not approved: ' + JSON.stringify(st));
  for (const m of [FOOD, FIRE, SEAL, TAX]) assert(st[m] === 'running', `${m} is not running in parallel: ` + JSON.stringify(st));
  const code = (await apiCall(me, 'GET', '/bundle-cases/' + id)).credit_code;
  assert(/^91[0-9A-Z]{16}$/.test(code || ''), 'no credit code: ' + code);
  await expectText(me, new RegExp('统一社会信用代码已带入“[^”]+”.*' + code), '.bundle-flow');
  await shot(me, 'portal-bundle-case-parallel');

  // the tax office handles its step in the workbench: 即办
  const tax = await newPage();
  await login(tax, 'tax_clerk', 'workbench');
  const taxId = (await apiCall(me, 'GET', '/bundle-cases/' + id)).steps.find((s) => s.matter === TAX).case_id;
  await open(tax, '/workbench/#/cases/' + taxId);
  await act(tax, '即办（受理并办结）');

  // the food licence's own application carries the code, reached from the bundle case
  await open(me, '/#/bundle-cases/' + id);
  await me.locator('table.bundle-case-steps').waitFor();
  st = await stepStates(me);
  assert(st[TAX] === 'approved' && st[FOOD] === 'running', 'after the tax step: ' + JSON.stringify(st));
  await me.locator(`tr[data-matter="${FOOD}"]`).getByRole('link').click();
  await ready(me, '#/cases/');
  await expectText(me, new RegExp(code));
  await shot(me, 'portal-bundle-food-case');

  // two departments ask for corrections; the applicant sees one notice, grouped by department
  const now = await apiCall(me, 'GET', '/bundle-cases/' + id);
  const stepId = (m) => now.steps.find((s) => s.matter === m).case_id;
  const fireClerk = await newPage();
  await login(fireClerk, 'fire_clerk', 'workbench');
  for (const [page, m, items] of [
    [clerk, FOOD, [{ kind: 'material', key: 'venue_floor_plan', reason: '平面图未标注操作间面积' }]],
    [fireClerk, FIRE, [{ kind: 'material', key: 'venue_floor_plan', reason: '平面图未标注安全出口' },
      { kind: 'material', key: 'fire_safety_rules', reason: '消防安全制度缺少签章' }]]]) {
    const cs = await apiCall(page, 'GET', '/cases/' + stepId(m));
    await apiCall(page, 'POST', `/cases/${stepId(m)}/actions/request_correction`, { items }, cs.version);
  }
  await open(me, '/#/bundle-cases/' + id);
  const notice = me.locator('section.bundle-correction');
  await notice.waitFor();
  const said = await notice.innerText();
  for (const w of ['平面图未标注操作间面积', '平面图未标注安全出口', '消防安全制度缺少签章', '市场监督管理局', '消防救援'])
    assert(said.includes(w), `the combined notice lacks ${w}: ${said.slice(0, 500)}`);
  // the floor plan both asked for is uploaded once
  assert(await notice.locator('[data-key="venue_floor_plan"] input[type=file]').count() === 1, 'the floor plan is asked twice');
  for (const k of ['venue_floor_plan', 'fire_safety_rules']) {
    await notice.locator(`[data-key="${k}"] input[type=file]`).setInputFiles(PDF);
    await notice.locator(`[data-key="${k}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  await shot(me, 'portal-bundle-correction');
  await notice.getByRole('button', { name: '提交补正' }).click();
  await me.locator('section.bundle-correction').waitFor({ state: 'detached' });
  for (const m of [FOOD, FIRE])
    assert((await apiCall(me, 'GET', '/cases/' + stepId(m))).status === 'submitted', m + ' did not resume');

  // the public security bureau files the seal in the workbench; the rest complete
  const psb = await newPage();
  await login(psb, 'psb_clerk', 'workbench');
  await open(psb, '/workbench/#/cases/' + stepId(SEAL));
  await expectText(psb, /本办件是一件事的一步：开办餐饮店/, 'section.bundle-of-case');
  await act(psb, '即办（受理并办结）');
  const fireRev = await newPage();
  await login(fireRev, 'fire_reviewer', 'workbench');
  for (const [cl, rv, m] of [[clerk, rev, FOOD], [fireClerk, fireRev, FIRE]]) {
    let x = await apiCall(cl, 'GET', '/cases/' + stepId(m));
    x = await apiCall(cl, 'POST', `/cases/${x.id}/actions/accept`, {}, x.version);
    x = await apiCall(rv, 'POST', `/cases/${x.id}/actions/review`, {}, x.version);
    x = await apiCall(rv, 'POST', `/cases/${x.id}/actions/approve`, { opinion: '符合条件' }, x.version);
    await apiCall(rv, 'POST', `/cases/${x.id}/actions/issue`, { number: 'XK' + Date.now(), title: '许可证' }, x.version);
  }
  await open(me, '/#/bundle-cases/' + id);
  await expectText(me, /全部办结/);
  const saved = me.locator('section.case-savings');
  await saved.waitFor();
  await expectText(me, /这件事为您节省了/, 'section.case-savings');
  await shot(me, 'portal-bundle-completed');
});
