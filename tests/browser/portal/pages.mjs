// A material of several pages (issue 16, item 2): an ID card is uploaded as
// its two sides, chosen at once; each file is listed by name with its own
// 移除, a third is refused before anything is sent, and the case shows both.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, open, login, expectText, ready, apiCall, TMP, until } from '../lib/harness.mjs';
import { PNG } from '../lib/fixtures.mjs';

const SEAL = 'QT00101000';   // 公章刻制备案: ja_salon files nothing else of it

test('an ID card uploaded as its two sides, one taken back, both on the case', async ({ newPage }) => {
  const page = await newPage();
  await login(page, 'ja_salon');
  const me = await apiCall(page, 'GET', '/me');
  const form = { credit_code: me.credit_code, enterprise_name: me.name, legal_rep_name: '王五', seal_set: 'basic_set',
    engraving_company: '静安刻章社', applicant_name: '王五', applicant_phone: '13800138000' };
  await apiCall(page, 'POST', '/cases', { matter: SEAL, channel: 'online', submit: false, form, materials: [], delivery: { method: 'electronic' } });
  await open(page, '/#/apply/' + SEAL);
  await page.locator('form.step-form').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor({ timeout: 5000 }).catch(async () => { throw new Error('form step refused: ' + await page.locator('#main').innerText()); });
  const card = mats.locator('[data-key="id_card"]');
  await expectText(page, /可上传 2 个文件/, '[data-key="id_card"]');
  const front = path.join(TMP, '身份证正面.png'), back = path.join(TMP, '身份证反面.png'), extra = path.join(TMP, '多余一页.png');
  for (const f of [front, back, extra]) fs.copyFileSync(PNG, f);
  await card.locator('input[type=file]').setInputFiles([front, back]);
  await page.waitForFunction(() => document.querySelectorAll('[data-key="id_card"] .mat-file').length === 2, null, { timeout: 20000 });
  const listed = await card.locator('.upload-status').innerText();
  assert(/身份证正面\.png/.test(listed) && /身份证反面\.png/.test(listed), 'both sides are not listed by name: ' + listed);
  // a third file is more than the material takes: said at the field, nothing sent
  await card.locator('input[type=file]').setInputFiles([extra]);
  await expectText(page, /最多上传 2 个文件/, '[data-key="id_card"]');
  assert(await card.locator('.mat-file').count() === 2, 'a third file was taken');
  // each file has its own 移除; taking back the back leaves the front
  await card.getByRole('button', { name: /移除.*身份证反面/ }).click();
  assert(await card.locator('.mat-file').count() === 1, 'the back was not removed');
  await card.locator('input[type=file]').setInputFiles([back]);
  await page.waitForFunction(() => document.querySelectorAll('[data-key="id_card"] .mat-file').length === 2, null, { timeout: 20000 });
  // the draft on the server holds both, in order
  await until(page, async () => {
    const j = await (await fetch('/api/v1/cases?status=draft&matter=QT00101000')).json();
    const c = await (await fetch('/api/v1/cases/' + j.items[0].id)).json();
    const m = (c.materials || []).find((x) => x.key === 'id_card');
    return m && m.files.map((f) => f.name).join('|') === '身份证正面.png|身份证反面.png';
  }, null, { what: 'the draft on the server holding both sides in order' });
  // the case page lists each file by its name
  const drafts = await apiCall(page, 'GET', '/cases?status=draft&matter=' + SEAL);
  await open(page, '/#/cases/' + drafts.items[0].id);
  await ready(page, '#/cases/');
  await expectText(page, /身份证正面\.png[\s\S]*身份证反面\.png/, 'section[aria-labelledby="mat-h"]');
});
