// 授权用证 in the portal and 证照管理 in the workbench (issue 11): the demo
// enterprise opens its wallet, downloads its business licence's PDF (a PDF),
// makes a share link and copies its address; a visitor with no login opens it
// and sees the licence valid; the holder revokes the link in the wallet (a
// confirmation first) and the visitor then sees the link invalid, never the
// licence. A phone opening the QR's verify address lands on the verify page.
// The department head's certificate list is searched and its revoke dialog
// opened and cancelled (nothing revoked: other scenarios use the licence).
// The new screens pass axe.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, open, expectText, login, env, text, TMP, ready, shot } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

test('the enterprise shares its licence by a link, the visitor sees it valid, then revoked; the head finds it', async ({ newPage }) => {
  const holder = await newPage({ axe: true });
  await login(holder, 'xiaochi');
  await open(holder, '/#/certificates');
  const card = holder.locator('#main section.cert-card', { hasText: '营业执照' });
  await card.waitFor();
  const id = await card.getAttribute('data-cert');

  const [download] = await Promise.all([holder.waitForEvent('download'), card.getByRole('link', { name: '下载 PDF' }).click()]);
  const file = path.join(TMP, 'licence.pdf');
  await download.saveAs(file);
  assert(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');

  await card.locator('details.share > summary').click();
  await card.getByLabel('有效期').selectOption('30');
  await card.getByRole('button', { name: '生成分享链接' }).click();
  const url = await card.getByLabel('分享链接', { exact: true }).inputValue();
  assert(/\/#\/shared\/[0-9a-f]{64}$/.test(url), 'the share link: ' + url);
  await card.getByRole('button', { name: '复制链接' }).click();
  await card.locator('tr[data-share]').first().waitFor();
  await shot(holder, 'portal-certificate-share');
  let problems = await axeCheck(holder);
  assert(!problems.length, 'the wallet with its share links: ' + problems.join('\n'));

  const visitor = await newPage({ axe: true });
  await open(visitor, url.slice(env.BASE.length));
  await expectText(visitor, /有效：签名核验通过/);
  const shown = await text(visitor);
  assert(shown.includes('91310101MA1FPX0Q1Y') && shown.includes('营业执照'), 'the shared licence: ' + shown.slice(0, 300));
  assert(await visitor.locator('#main .verdict').getAttribute('data-status') === 'valid', 'not a valid banner');
  await shot(visitor, 'portal-shared');
  problems = await axeCheck(visitor);
  assert(!problems.length, 'the shared page: ' + problems.join('\n'));

  // the opening is in the holder's data-use log
  await open(holder, '/#/data-use');
  await expectText(holder, /经分享链接查看/);

  // the holder revokes it in the wallet, after a confirmation
  await open(holder, '/#/certificates');
  await card.locator('details.share > summary').click();
  const row = card.locator('tr[data-share]', { hasText: '有效' }).first();
  await row.getByRole('button', { name: '撤回链接' }).click();
  await holder.locator('dialog[open]').getByRole('button', { name: '撤回链接' }).click();
  await expectText(holder, /已撤回/, 'section.cert-card[data-cert="' + id + '"]');

  await open(visitor, url.slice(env.BASE.length));
  await expectText(visitor, /无效：此分享链接已过期或已被持有人撤回/);
  const after = await text(visitor);
  assert(!after.includes('91310101MA1FPX0Q1Y'), 'a revoked link still shows the licence');
  problems = await axeCheck(visitor);
  assert(!problems.length, 'the revoked link\'s page: ' + problems.join('\n'));

  // a phone opening the QR's verify address lands on the verify page, not JSON
  await visitor.goto(env.BASE + '/api/v1/certificates/' + id + '/verify');
  await ready(visitor, '#/verify/');
  await expectText(visitor, /有效：签名核验通过/);

  // the department head finds it by a part of its identifier; the revoke dialog warns and is cancelled
  const head = await newPage({ axe: true });
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/certificates?q=91310101MA1FPX0Q1Y');
  const line = head.locator(`tr[data-cert="${id}"]`);
  await line.waitFor();
  await line.getByRole('button', { name: '注销' }).click();
  await expectText(head, /不可恢复/, 'dialog[open]');
  await shot(head, 'workbench-certificate-revoke');
  problems = await axeCheck(head);
  assert(!problems.length, 'the revoke dialog: ' + problems.join('\n'));
  await head.locator('dialog[open]').getByRole('button', { name: '取消' }).click();
  await expectText(head, /有效/, `tr[data-cert="${id}"]`);
});
