// Fees (issue 16, build item 4): the demo's 居民身份证换领 charges 20 yuan,
// its notice issued at acceptance, and the card waits for the fee. The guide
// says so; the applicant's case page shows the notice with its payment code
// and both ways to pay, in 中文 and in English; the reviewer is not offered
// 制证 while it is unpaid; a window clerk of the 公安局 records the money in the workbench; the
// applicant then reads the receipt number. The pages pass axe.
import { test, assert, open, expectText, text, login, apiCall as call } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

const ID_CARD = 'QR00101002';

/* One PDF uploaded from a logged-in page as a material of the matter: its file id. */
async function uploadPdf(page, material) {
  const r = await page.evaluate(async ([matter, mat]) => {
    const token = (await (await fetch('/api/v1/me')).json()).csrf_token;
    const fd = new FormData();
    fd.append('matter', matter);
    fd.append('material', mat);
    fd.append('file', new Blob(['%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'],
      { type: 'application/pdf' }), 'hukou.pdf');
    const res = await fetch('/api/v1/files', { method: 'POST', headers: { 'X-CSRF-Token': token }, body: fd });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [ID_CARD, material]);
  assert(r.status === 201, 'upload: HTTP ' + r.status + ' ' + JSON.stringify(r.body));
  return r.body.id;
}

test('fees: the payment notice, paid at the window', async ({ newPage }) => {
  const app = await newPage({ axe: true });
  await login(app, 'zhangsan');
  // the guide says what it costs, when the notice comes and that the card waits for it
  await open(app, '/#/matters/' + ID_CARD);
  await expectText(app, /收费标准\s*¥20\.00[\s\S]*受理后开具缴款通知书[\s\S]*缴费后出具办理结果/);
  const filed = await call(app, 'POST', '/cases', {
    matter: ID_CARD, channel: 'online', delivery: { method: 'window' },
    materials: [{ key: 'household_register', file: await uploadPdf(app, 'household_register') }],
    form: { applicant_name: '张三', applicant_id_number: '310101198503120030', applicant_phone: '13800138000',
      renewal_reason: 'expired', collect_method: 'window' },
  });

  const clerk = await newPage({ axe: true });
  await login(clerk, 'psb_clerk', 'workbench');
  await call(clerk, 'POST', '/cases/' + filed.id + '/actions/accept', {}, filed.version);

  // the applicant: the notice, its code and how to pay, in both languages
  await open(app, '/#/cases/' + filed.id);
  await expectText(app, /缴款通知书[\s\S]*¥20\.00[\s\S]*缴款码[\s\S]*待缴费/);
  const code = (await app.locator('.payment-code').innerText()).trim();
  assert(/^\d{20}$/.test(code), 'payment code: ' + code);
  await expectText(app, /到窗口缴纳[\s\S]*网上缴纳[\s\S]*缴费后方可出具办理结果/);
  assert((await text(app)).split(code).length >= 3, 'the code is shown in the notice and in how to pay online');
  let problems = await axeCheck(app);
  assert(!problems.length, 'the case page with its notice: ' + problems.join('\n'));
  const en = await newPage({ lang: 'en' });
  await login(en, 'zhangsan');
  await open(en, '/#/cases/' + filed.id);
  await expectText(en, /Payment notice[\s\S]*Payment code[\s\S]*Awaiting payment[\s\S]*At the window[\s\S]*Online: enter the payment code/);
  await expectText(en, /The result is issued once the fee is paid/);

  // the reviewer cannot issue the card while the fee is unpaid
  const rev = await newPage();
  await login(rev, 'psb_reviewer', 'workbench');
  const seen = await call(rev, 'GET', '/cases/' + filed.id);
  const reviewed = await call(rev, 'POST', '/cases/' + filed.id + '/actions/review', {}, seen.version);
  const approved = await call(rev, 'POST', '/cases/' + filed.id + '/actions/approve', { opinion: '同意换领' }, reviewed.version);
  assert(!approved.allowed_actions.includes('issue'), 'issue offered before payment: ' + approved.allowed_actions);

  // the window records the money; the applicant reads the receipt
  await open(clerk, '/workbench/#/cases/' + filed.id);
  const form = clerk.locator('form', { has: clerk.locator('#payrec-h') });
  await form.waitFor();
  await form.getByLabel('收款方式').selectOption('cash');
  problems = await axeCheck(clerk);
  assert(!problems.length, 'the workbench case with the record form: ' + problems.join('\n'));
  // from the keyboard: the material preview below (a PDF frame) may scroll the page as it loads
  await form.getByRole('button', { name: '登记缴费' }).focus();
  await clerk.keyboard.press('Enter');
  await expectText(clerk, /缴款通知书[\s\S]*已缴费[\s\S]*票据号/);
  await open(app, '/#/cases/' + filed.id);
  await expectText(app, /已缴费[\s\S]*缴费渠道[\s\S]*办事窗口[\s\S]*票据号\s*R\d{8}-\d{10}/);
  const after = await call(rev, 'GET', '/cases/' + filed.id);
  assert(after.allowed_actions.includes('issue'), 'issue not offered once paid: ' + after.allowed_actions);
});
