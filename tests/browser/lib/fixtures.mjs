// What scenarios share besides the harness: files to upload, the demo
// matters and forms they fill, and the steps several of them take (apply for
// the food licence online, file at the window, act on a case in the
// workbench), and the lists of main pages the page-wide checks visit.
import fs from 'node:fs';
import path from 'node:path';
import { env, TMP, assert, open, ready, shot, expectText, trace } from './harness.mjs';

// Small files for uploads: a real one-page PDF and a 1x1 PNG.
export const PDF = path.join(TMP, 'material.pdf');
fs.writeFileSync(PDF, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const PNG = path.join(TMP, 'photo.png');
fs.writeFileSync(PNG, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

export const FOOD = 'XK00103000';
// The demo bundle 开办餐饮店 (data/demo/bundles.json).
export const BUNDLE = 'YJS-CANYIN';
export const FOOD_FORM_OK = {
  shop_name: '老王兰州牛肉面', shop_address: '上海市黄浦区南京东路100号', shop_area: '45.5',
  food_items: '热食类食品制售', food_safety_manager: '王小明',
};

// Fills the food licence wizard as the logged-in enterprise; `firstError`
// first presses Next on an incomplete form and checks the errors.
export async function applyFood(page, { firstError = false, shotPrefix = '' } = {}) {
  await open(page, '/#/');
  await page.getByRole('searchbox').fill('餐饮');
  await page.getByRole('button', { name: /^搜索$|^Search$/ }).click();
  await ready(page, '#/search');
  await page.getByRole('link', { name: '食品经营许可' }).click();
  await ready(page, '#/matters/' + FOOD);
  if (shotPrefix) await shot(page, shotPrefix + 'guide');
  await page.getByRole('link', { name: '在线办理' }).click();
  await ready(page, '#/apply/' + FOOD);
  const step = page.locator('form.step-form');
  await step.waitFor();
  if (firstError) {
    await step.getByLabel(/经营场所面积/).fill('四十五');
    await page.getByRole('button', { name: '下一步' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expectText(page, /「经营场所名称（店招）」为必填项/, '.error-summary');
    await expectText(page, /「经营场所面积（平方米）」应填写数字/, '.error-summary');
    const shop = step.getByLabel(/经营场所名称/);
    assert(await shop.getAttribute('aria-invalid') === 'true', 'the shop name field is not marked aria-invalid');
    const described = (await shop.getAttribute('aria-describedby')).split(' ');
    const errId = described.find((id) => id.endsWith('-err'));
    assert(errId && /为必填项/.test(await page.locator('#' + errId).innerText()), 'the field error is not linked by aria-describedby');
    assert(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('error-summary')), 'focus did not move to the error summary');
    if (shotPrefix) await shot(page, shotPrefix + 'apply-errors');
  }
  for (const [k, v] of Object.entries(FOOD_FORM_OK)) await step.locator(`[data-key="${k}"] input, [data-key="${k}"] textarea`).fill(v);
  await step.getByRole('radio', { name: '餐饮服务经营者' }).check();
  await step.locator('[data-key="online_sales"]').getByRole('radio', { name: '否' }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor();
  const keys = await mats.locator('.material-pick').evaluateAll((els) => els.map((e) => [e.dataset.key, !!e.querySelector('.req')]));
  if (firstError) {
    // nothing uploaded: the summary names the missing materials; a file refused, then every one put
    // right, and the summary follows at once (it used to keep its first words)
    await page.getByRole('button', { name: '下一步' }).click();
    const summary = mats.locator('.error-summary');
    await summary.waitFor();
    const first = keys.find(([, required]) => required)[0];
    const missing = await summary.locator('li').count();
    assert(missing === keys.filter(([, r]) => r).length, 'the summary does not name every missing material');
    await mats.locator(`[data-key="${first}"] input[type=file]`).setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await summary.filter({ hasText: '格式' }).waitFor();
    assert(await summary.locator('li').count() === missing, 'the refused file is not in the summary in place of its line');
  }
  for (const [key, required] of keys) {
    if (!required) continue;
    const input = mats.locator(`[data-key="${key}"] input[type=file]`);
    await input.setInputFiles(key === 'id_card' ? PNG : PDF);
    await mats.locator(`[data-key="${key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  assert(await mats.locator('progress').count() > 0, 'no upload progress bar');
  if (firstError) assert(await mats.locator('.error-summary').count() === 0, 'the summary stayed after every material was put right');
  if (shotPrefix) await shot(page, shotPrefix + 'apply-materials');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-delivery').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-review').waitFor();
  // the buttons keep their places on the last step: 上一步 where it was, the main action where 下一步 was
  const xs = await page.locator('form.step-review .actions .btn').evaluateAll((bs) =>
    bs.map((b) => [b.textContent.trim(), b.getBoundingClientRect().x]));
  const back = xs.find(([n]) => n === '上一步'), main = xs.find(([n]) => n !== '上一步');
  assert(back && main && back[1] < main[1], 'the last step moves its buttons: ' + JSON.stringify(xs));
  await page.getByLabel(/本人承诺/).check();
  if (shotPrefix) await shot(page, shotPrefix + 'apply-review');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expectText(page, /申请已提交/);
  const number = (await page.locator('.case-number').innerText()).trim();
  const href = await page.getByRole('link', { name: '查看办件' }).getAttribute('href');
  return { number, id: href.split('/').pop() };
}

// Runs one case action in the workbench case view.
export async function act(page, label, fill) {
  trace('act ' + label);
  await page.locator('.actions-panel').getByRole('button', { name: label, exact: true }).click();
  // what cannot be undone opens a form to confirm; a step the next one undoes (开始审查) is one click
  const form = page.locator('form.action-form');
  const done = page.locator('#main').getByText(new RegExp('已完成：' + label)).first();
  await form.or(done).first().waitFor();
  if (await form.count()) {
    if (fill) await fill(form);
    await form.getByRole('button', { name: /^确认/ }).click();
  }
  await expectText(page, new RegExp('已完成：' + label), '#main');
}

export async function caseStatus(page) { return (await page.locator('.case-meta .status').innerText()).trim(); }

// Files the individual business registration at the window as the logged-in
// clerk, for a person present or (with `agent`) through an agent.
// With `register` ({name, phone}) the applicant has no account yet: the
// clerk registers them inside the intake (bug 2). The form step must come
// filled from the applicant's account (bug 3).
export async function windowApply(page, { channel, idNumber, agent, register, accept }) {
  await open(page, '/workbench/#/window');
  await page.getByLabel('办理事项').selectOption('XK00102000');
  await page.getByRole('button', { name: '开始录入' }).click();
  await ready(page, '#/window?matter=XK00102000');
  const who = page.locator('form.step-who');
  await who.waitFor();
  if (channel === 'assisted') await who.getByRole('radio', { name: /帮办代办/ }).check();
  await who.getByLabel('申请人身份证号码').fill(idNumber);
  if (agent) {
    await who.getByLabel('代理人姓名').fill(agent.name);
    await who.getByLabel('代理人身份证号码').fill(agent.id);
    await who.getByLabel('与申请人关系').selectOption(agent.relation);
    await who.locator('[data-key="authorization"] input[type=file]').setInputFiles(PDF);
    await who.locator('[data-key="authorization"] .upload-status').filter({ hasText: '已上传' }).waitFor();
    await shot(page, 'workbench-window-assisted');
  }
  await page.getByRole('button', { name: '下一步' }).click();
  if (register) {
    const reg = who.locator('.register-walkin');
    await reg.waitFor();
    await expectText(page, /申请人尚未注册/, 'form.step-who');
    await shot(page, 'workbench-window-register');
    await reg.getByLabel(/申请人姓名/).fill(register.name);
    await reg.getByLabel(/申请人手机号码/).fill(register.phone);
    await page.getByRole('button', { name: '下一步' }).click();
  }
  const f = page.locator('form.step-form');
  await f.waitFor();
  if (register) await expectText(page, new RegExp('已为' + register.name + '开立账户'));
  const filled = await f.locator('[data-key="applicant_id_number"] input').inputValue();
  assert(filled === idNumber, `the applicant's ID number is not filled in from their account: "${filled}"`);
  const name = await f.locator('[data-key="applicant_name"] input').inputValue();
  assert(name === (register ? register.name : agent ? '李四' : '张三'), `the applicant's name is not filled in: "${name}"`);
  await f.locator('[data-key="enterprise_name"] input').fill(agent ? '李四修鞋铺' : '张三便利店');
  await f.getByRole('radio', { name: '个人经营' }).check();
  await f.locator('[data-key="enterprise_address"] input').fill('上海市徐汇区漕溪北路88号');
  await f.locator('[data-key="enterprise_region"] select').selectOption('310104');
  await f.locator('[data-key="business_scope"] textarea').fill('日用百货零售');
  await f.locator('[data-key="capital_amount"] input').fill('5');
  if (!register) await f.locator('[data-key="applicant_phone"] input').fill('13800138000');
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor();
  for (const key of ['id_card', 'premises_proof']) {
    await mats.locator(`[data-key="${key}"] input[type=file]`).setInputFiles(key === 'id_card' ? PNG : PDF);
    await mats.locator(`[data-key="${key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-delivery').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-review').waitFor();
  await page.getByLabel(/本人承诺/).check();
  if (accept) await page.getByLabel('材料已当面核验，当场受理').check();
  await page.getByRole('button', { name: '提交并生成办件' }).click();
  await expectText(page, /已录入申请/);
  if (accept) await expectText(page, /已当场受理/);
  return (await page.locator('.case-number').innerText()).trim();
}

// The demo's published inspection plan, under objection (data/demo/inspections.json).
export const DEMO_PUBLISHED_PLAN = '5f0c1a8e2b7d4c6a9e3f1b2d4c6a8e02';

// The main pages the page-wide checks (axe, 360 px) visit: [name, url, user].
// A url may be a function of the facts the flows left (env.shared.caseId).
export const PORTAL_PAGES = [
  ['home', '/#/'], ['search', '/#/search?q=餐饮'], ['search-none', '/#/search?q=营业职照&applicant=person'], ['guide', '/#/matters/' + FOOD], ['register', '/#/register'],
  ['apply', '/#/apply/' + FOOD, 'xiaochi'], ['cases', '/#/cases', 'xiaochi'], ['case', () => '/#/cases/' + env.shared.caseId, 'xiaochi'],
  ['appointments', '/#/appointments?department=amr', 'xiaochi'], ['messages', '/#/messages', 'xiaochi'], ['login', '/#/login'], ['forgot', '/#/forgot'],
  ['progress', '/#/progress'], ['public', '/#/public'], ['complaint-new', '/#/complaints/new'],
  ['complaints', '/#/complaints', 'zhangsan'], ['inspections', '/#/inspections'],
  ['my-inspections', '/#/inspections/mine', 'hp_noodle'], ['account', '/#/account', 'lisi'],
  ['policies', '/#/policies'], ['my-policies', '/#/policies/mine', 'hp_noodle'],
  ['certificates', '/#/certificates', 'xiaochi'], ['data-use', '/#/data-use', 'xiaochi'],
  ['verify', '/#/verify/' + '0'.repeat(32)],
  ['bundles', '/#/bundles'], ['bundle', '/#/bundles/' + BUNDLE], ['bundle-apply', '/#/bundles/' + BUNDLE + '/apply', 'zhangsan'],
  ['bundle-case', () => '/#/bundle-cases/' + env.shared.bundleCaseId, 'zhangsan'],
];
export const WB_PAGES = [
  ['wb-login', '/workbench/#/login'], ['wb-tasks', '/workbench/#/tasks', 'amr_clerk'], ['wb-case', () => '/workbench/#/cases/' + env.shared.caseId, 'amr_clerk'],
  ['wb-window', '/workbench/#/window?matter=XK00102000', 'amr_clerk'], ['wb-appointments', '/workbench/#/appointments', 'amr_head'],
  ['wb-rates', '/workbench/#/complaints/rates', 'amr_clerk'],
  ['wb-cases', '/workbench/#/cases?applicant=上海小吃', 'amr_clerk'],
  ['wb-hotspots', '/workbench/#/complaints/hotspots', 'amr_clerk'],
  ['wb-inspections', '/workbench/#/inspections', 'amr_head'],
  ['wb-inspection-new', '/workbench/#/inspections/new', 'supervisor'],
  ['wb-inspection-plan', '/workbench/#/inspections/' + DEMO_PUBLISHED_PLAN, 'supervisor'],
  ['wb-policies', '/workbench/#/policies', 'amr_head'],
  ['wb-policy-new', '/workbench/#/policies/new', 'amr_head'],
  ['wb-oversight', '/workbench/#/oversight', 'supervisor'],
  ['wb-stats', '/workbench/#/stats', 'supervisor'],
  ['wb-supervision', '/workbench/#/supervision', 'supervisor'], ['wb-rectifications', '/workbench/#/rectifications', 'amr_head'],
  ['wb-staff', '/workbench/#/staff?department=amr', 'secadmin'],
  ['wb-staff-member', () => '/workbench/#/staff/' + env.shared.staffId, 'secadmin'],
  ['wb-audit', '/workbench/#/audit?entity=account', 'auditadmin'],
  ['wb-matters', '/workbench/#/matters', 'admin'], ['wb-calendar', '/workbench/#/calendar?region=000000&year=2026', 'admin'], ['wb-matter', '/workbench/#/matters/XK00103000', 'admin'],
  // the appointment slots screen, a week with the demo's slots: the head's own department, and the administrator's choice
  ['wb-slots', '/workbench/#/slots?department=amr', 'amr_head'], ['wb-slots-admin', '/workbench/#/slots?department=health', 'admin'],
];

// The name of the flow that leaves env.shared.bundleCaseId (a bundle case with its steps running in parallel).
export const BUNDLE_FLOW = 'a bundle: find it, see the savings, apply once, steps in parallel';
// The name of the flow that leaves env.shared.caseId (a completed case).
export const APPLY_FLOW = 'apply online, accept, approve';
// The name of the flow that leaves env.shared.staffId (a staff member whose roles were changed).
export const ADMIN_FLOW = 'supervisor and admin screens';
// The name of the flow that leaves 12345 figures behind (三率 rows, a hotspot spike).
export const STATS_FLOW = '12345 rates and hotspots';
// The name of the flow that leaves completed psb cases with ratings and a rectification (the dashboard's data).
export const DASHBOARD_FLOW = 'statistics dashboard';
