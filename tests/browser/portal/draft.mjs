// 草稿 (issue 16, item 2): the wizard keeps the application on the server as
// the person goes, so a reload (or another device) continues it where they
// left off, with its uploads; 清空重填 throws the draft away.
import { test, assert, open, login, expectText, ready, until } from '../lib/harness.mjs';
import { PDF } from '../lib/fixtures.mjs';

const CODE = 'JF00101000';   // 失业保险金申领: for people; lisi files nothing else of it

test('a draft survives a reload with its upload', async ({ newPage }) => {
  const page = await newPage();
  await login(page, 'lisi');
  await open(page, '/#/apply/' + CODE);
  const f = page.locator('form.step-form');
  await f.waitFor();
  await f.locator('[data-key="last_employer"] input').fill('上海某某贸易有限公司');
  await f.locator('[data-key="separation_date"] input').fill('2026-10-31');
  await f.getByRole('radio', { name: '劳动合同期满终止' }).check().catch(async () => {
    await f.locator('[data-key="separation_reason"] select').selectOption('contract_expired');
  });
  await f.locator('[data-key="residence_region"] select').selectOption('310101');
  await f.locator('[data-key="person_bank_account"] input').fill('6222021001112223334');
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor({ timeout: 5000 }).catch(async () => { throw new Error('form step refused: ' + await page.locator('#main').innerText()); });
  await mats.locator('[data-key="separation_proof"] input[type=file]').setInputFiles(PDF);
  await mats.locator('[data-key="separation_proof"] .upload-status').filter({ hasText: '已上传' }).waitFor();
  // the draft is saved as the upload lands: wait for the server to hold it
  await until(page, async () => {
    const r = await fetch('/api/v1/cases?status=draft&matter=JF00101000', { credentials: 'same-origin' });
    const j = await r.json();
    if (!j.items || !j.items.length) return false;
    const c = await (await fetch('/api/v1/cases/' + j.items[0].id, { credentials: 'same-origin' })).json();
    return (c.materials || []).some((m) => m.key === 'separation_proof' && m.file);
  }, null, { what: 'the draft on the server holding the upload' });

  await page.reload();
  await ready(page, '#/apply/' + CODE);
  await expectText(page, /已为您恢复上次保存的草稿/);
  // it opens at the form, filled in as left, and the upload is still attached at the next step
  const again = page.locator('form.step-form');
  await again.waitFor();
  assert(await again.locator('[data-key="last_employer"] input').inputValue() === '上海某某贸易有限公司', 'the form was not kept');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-materials').waitFor();
  await expectText(page, /material\.pdf/, 'form.step-materials');

  // a file can be taken back: 移除 clears it, and the draft on the server forgets it too
  const pick = page.locator('[data-key="separation_proof"]');
  await pick.getByRole('button', { name: /移除/ }).click();
  assert(!/material\.pdf/.test(await pick.locator('.upload-status').innerText()), 'the removed file is still shown');
  await until(page, async () => {
    const r = await fetch('/api/v1/cases?status=draft&matter=JF00101000', { credentials: 'same-origin' });
    const j = await r.json();
    const c = await (await fetch('/api/v1/cases/' + j.items[0].id, { credentials: 'same-origin' })).json();
    return !(c.materials || []).some((m) => m.key === 'separation_proof' && m.file);
  }, null, { what: 'the draft on the server forgetting the removed file' });
  await page.reload();
  await ready(page, '#/apply/' + CODE);
  await page.locator('form.step-form').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-materials').waitFor();
  assert(await page.locator('[data-key="separation_proof"] .mat-remove').isHidden(), 'a removed file came back after a reload');

  // 清空重填 throws the draft away: a reload then starts empty
  await page.getByRole('button', { name: '清空重填' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '清空重填' }).click();
  await page.locator('form.step-form').waitFor();
  await page.reload();
  await ready(page, '#/apply/' + CODE);
  assert(await page.locator('#draft-resumed').count() === 0, 'the draft came back after 清空重填');
  assert(await page.locator('[data-key="last_employer"] input').inputValue() === '', 'the form was not emptied');
});
