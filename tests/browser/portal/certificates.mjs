// 电子证照 in the portal (issue 11): the enterprise whose food business
// licence the apply flow issued opens 我的证照, sees it valid with its QR
// code, and downloads the PDF — a PDF whose QR code (rendered by pdftoppm,
// read by zbarimg) carries the wallet's QR text. A visitor with no login
// verifies it on the public page by its verify id and by pasting that QR
// text, and sees the holder's name masked; a QR text with one changed
// character is not valid. The department head revokes it through the API;
// the public page and the wallet then say revoked. The screens pass axe.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, assert, open, expectText, login, apiCall, env, text, TMP } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';
import { APPLY_FLOW } from '../lib/fixtures.mjs';

async function verifyBy(page, what) {
  await open(page, '/#/verify');
  // from #/verify/{id}, whose page has the same form and a verdict already, open()'s wait for the
  // prefix #/verify can end on that page: wait for this address's own
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    return m && !m.hasAttribute('aria-busy') && m.dataset.ready === '#/verify';
  }, null, { polling: 50 });
  await page.getByLabel('核验编号或二维码内容').fill(what);
  await page.getByRole('button', { name: '核验' }).click();
  await page.locator('#vf-out .verdict').waitFor();
  return page.locator('#vf-out .verdict').getAttribute('data-status');
}

function qrOfPdf(file) {
  const quiet = { stdio: ['ignore', 'pipe', 'ignore'] };
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', file, file + '-page'], quiet);
  return execFileSync('zbarimg', ['--raw', '-q', '-Sqrcode.enable', file + '-page.png'], quiet).toString().trim();
}

test('the holder downloads a certificate; anyone verifies it by id and by QR text; revoked shows revoked', async ({ newPage }) => {
  const holder = await newPage({ axe: true });
  await login(holder, 'xiaochi');
  const c = await apiCall(holder, 'GET', '/cases/' + env.shared.caseId);
  const held = (await apiCall(holder, 'GET', '/me/certificates')).items
    .find((x) => x.signed.certificate.case_number === c.number);
  assert(held, 'the completed case issued no certificate to its applicant');
  await open(holder, '/#/certificates');
  const card = holder.locator(`#main section[data-cert="${held.id}"]`);
  await card.waitFor();
  const shown = (await card.innerText()).replace(/\s+/g, ' ');
  assert(/食品经营许可证 有效/.test(shown) && shown.includes(held.signed.certificate.identifier), 'the wallet card: ' + shown);
  assert(await card.locator('img.cert-qr').evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is not drawn');
  assert(await card.getByLabel(/核验链接/).inputValue() === env.BASE + '/#/verify/' + held.id, 'the share link is not the verify page');
  let problems = await axeCheck(holder);
  assert(!problems.length, 'my certificates: ' + problems.join('\n'));

  const [download] = await Promise.all([holder.waitForEvent('download'), card.getByRole('link', { name: '下载 PDF' }).click()]);
  const file = path.join(TMP, 'certificate.pdf');
  await download.saveAs(file);
  assert(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');
  const qr = qrOfPdf(file);
  assert(qr === held.qr_text, 'the PDF\'s QR code does not carry the QR text: ' + qr.slice(0, 80));

  const visitor = await newPage({ axe: true });
  await open(visitor, '/#/verify/' + held.id);
  await expectText(visitor, /有效：签名核验通过/);
  const answer = await text(visitor);
  assert(answer.includes('上*********公司') && !answer.includes('上海小吃'), 'the holder is not masked: ' + answer);
  problems = await axeCheck(visitor);
  assert(!problems.length, 'the verify page: ' + problems.join('\n'));
  assert(await verifyBy(visitor, held.id) === 'valid', 'by id: not valid');
  assert(await verifyBy(visitor, qr) === 'valid', 'by the QR text: not valid');
  const at = qr.indexOf('OS1:') + 40;
  const changed = qr.slice(0, at) + (qr[at] === 'A' ? 'B' : 'A') + qr.slice(at + 1);
  assert(await verifyBy(visitor, changed) !== 'valid', 'a changed QR text verifies');
  await expectText(visitor, /无效/);

  const head = await newPage();
  await login(head, 'amr_head', 'workbench');
  await apiCall(head, 'POST', `/certificates/${held.id}/revoke`, { reason: '依法撤销许可' });
  assert(await verifyBy(visitor, held.id) === 'revoked', 'by id after revocation: not revoked');
  await expectText(visitor, /无效：此证照已注销.*依法撤销许可/);
  assert(await verifyBy(visitor, qr) === 'revoked', 'by the QR text after revocation: not revoked');
  await open(holder, '/#/certificates');
  await expectText(holder, /食品经营许可证 已注销/);
}, { after: [APPLY_FLOW] });
