// 文书 and 数据共享 in the portal (issue 11, items 4 and 8): the apply wizard
// marks a field the platform takes from a department's records as 已自动获取
// and asks nothing for it; after filing, 我的数据使用记录 shows that read
// (the dataset, the department, the case) and takes an objection, which then
// shows as made. A case handled on the spot shows its 受理通知书 and decision
// letter on the case page, each with a PDF download. The screens pass axe.
import { test, assert, open, login, expectText, apiCall } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

const MEDINS = 'GG00301000';   // 医保关系转移接续: 累计缴费月数 from 人社's 社保参保记录
const SEAL = 'QT00101000';     // 公章刻制备案: immediate, handled on the spot by 公安

async function upload(page) {
  return page.evaluate(async () => {
    const token = (await (await fetch('/api/v1/me')).json()).csrf_token;
    const fd = new FormData();
    fd.append('file', new Blob(['%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'],
      { type: 'application/pdf' }), 'material.pdf');
    const r = await fetch('/api/v1/files', { method: 'POST', headers: { 'X-CSRF-Token': token }, body: fd });
    return (await r.json()).id;
  });
}

async function materials(page, m) {
  const out = [];
  for (const mat of m.materials) if (mat.required) out.push({ key: mat.key, file: await upload(page) });
  return out;
}

test('a registry field is taken, not asked; its read is in the data-use log and can be objected to', async ({ newPage }) => {
  const page = await newPage({ axe: true });
  await login(page, 'zhangsan');
  await open(page, '/#/apply/' + MEDINS);
  const f = page.locator('form.step-form');
  await f.waitFor();
  await expectText(page, /累计缴费月数.*已自动获取，无需填写/, 'form.step-form');
  assert(await f.locator('[data-key="insured_months"] input').count() === 0, 'the registry field asks for input');
  assert(!(await axeCheck(page)).length, 'axe: ' + (await axeCheck(page)).join('; '));

  const m = await apiCall(page, 'GET', '/matters/' + MEDINS);
  const values = { string: '张三', id_number: '310101198503120030', phone: '13800138000', region: '310101', date: '2026-11-02' };
  const form = {};
  for (const fd of m.form.fields) {
    if (fd.source) continue;
    if (fd.type === 'enum') form[fd.key] = fd.options[0].value;
    else if (values[fd.type]) form[fd.key] = values[fd.type];
  }
  const c = await apiCall(page, 'POST', '/cases', { matter: MEDINS, form, materials: await materials(page, m), channel: 'online', delivery: { method: m.delivery[0], recipient: '张三', phone: '13800138000', address: '上海市黄浦区南京东路100号' } });
  assert(c.form.insured_months === 86, 'the field was not filled from the record: ' + JSON.stringify(c.form));

  await open(page, '/#/data-use');
  const row = page.locator('tr').filter({ hasText: c.number });
  await row.waitFor();
  await expectText(page, /社保参保记录/);
  assert(!(await axeCheck(page)).length, 'axe: ' + (await axeCheck(page)).join('; '));
  await row.getByRole('button', { name: '提出异议' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel(/异议理由/).fill('我没有同意读取我的缴费记录');
  await dlg.getByRole('button', { name: '提交异议' }).click();
  await page.locator('tr').filter({ hasText: c.number }).filter({ hasText: '已提出异议' }).waitFor();
});

test('a case handled on the spot shows its notices with PDF downloads', async ({ newPage }) => {
  const owner = await newPage({ axe: true });
  await login(owner, 'xiaochi');
  const m = await apiCall(owner, 'GET', '/matters/' + SEAL);
  const form = { credit_code: '91310101MA1FPX0Q1Y', enterprise_name: '上海小吃餐饮管理有限公司', legal_rep_name: '王五',
    seal_set: 'basic_set', engraving_company: '黄浦刻章社', applicant_name: '王五', applicant_phone: '13800138000' };
  const c = await apiCall(owner, 'POST', '/cases', { matter: SEAL, form, materials: await materials(owner, m), channel: 'online', delivery: { method: m.delivery[0], recipient: '王五', phone: '13800138000', address: '上海市黄浦区南京东路100号' } });
  const clerk = await newPage();
  await login(clerk, 'psb_clerk', 'workbench');
  await apiCall(clerk, 'POST', '/cases/' + c.id + '/actions/handle_now', {}, c.version);
  await open(owner, '/#/cases/' + c.id);
  await expectText(owner, /办理文书/);
  await expectText(owner, /受理通知书/);
  await expectText(owner, /予以备案决定书/);
  const links = owner.getByRole('link', { name: '下载PDF' });
  assert(await links.count() === 2, 'two notices, two downloads');
  const href = await links.first().getAttribute('href');
  const pdf = await owner.evaluate(async (u) => { const r = await fetch(u); return { s: r.status, t: r.headers.get('Content-Type') }; }, href);
  assert(pdf.s === 200 && pdf.t === 'application/pdf', 'the notice PDF: ' + JSON.stringify(pdf));
  const problems = await axeCheck(owner);
  assert(!problems.length, 'axe: ' + problems.join('; '));
});
