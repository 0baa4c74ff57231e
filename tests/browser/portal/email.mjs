// 我的账户 → 电子邮箱 (issue 16, build 6): an enterprise registered without an
// email address adds one. A code goes to the new address (the relay of the
// suite's server answers nobody, so the mail waits in the outbox, where this
// scenario reads it as the mail would carry it); a wrong code is refused
// beside the field and the address stays unused; the right one makes it the
// account's, and email can then be chosen for messages.
import { spawnSync } from 'node:child_process';
import { test, assert, open, login, expectText, DB } from '../lib/harness.mjs';

const ADDR = 'ja-gym@example.com';

function codeSentTo(addr) {
  const py = 'import sqlite3,sys,re\nc=sqlite3.connect(sys.argv[1])\n' +
    "r=c.execute(\"SELECT body_zh FROM messages WHERE kind='email_verify' AND to_address=? ORDER BY id DESC\",(sys.argv[2],)).fetchone()\n" +
    "print(re.search(r'验证码为 (\\d{6})', r[0]).group(1) if r else '')";
  const out = spawnSync('python3', ['-c', py, DB, addr], { encoding: 'utf8' });
  return out.stdout.trim();
}

test('an enterprise adds an email address, confirmed by the code sent to it', async ({ newPage }) => {
  const page = await newPage();
  await login(page, 'ja_gym');
  await open(page, '/#/account');
  await expectText(page, /电子邮箱 未登记/);
  assert(await page.locator('#n-email').isDisabled(), 'email can be chosen without an address');
  await page.getByLabel('新的电子邮箱').fill('not an address');
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expectText(page, /电子邮箱|email/i, '.error-summary');
  await page.getByLabel('新的电子邮箱').fill(ADDR);
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expectText(page, new RegExp(`验证码已发送至 ${ADDR}`));
  await expectText(page, /电子邮箱 未登记/);                     // not the account's yet
  const code = codeSentTo(ADDR);
  assert(/^\d{6}$/.test(code), 'no code waits in the outbox for the new address');
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('邮箱验证码').fill(wrong);
  await page.getByRole('button', { name: '确认邮箱' }).click();
  await expectText(page, /验证码不正确/);
  await expectText(page, /电子邮箱 未登记/);
  await page.getByLabel('邮箱验证码').fill(code);
  await page.getByRole('button', { name: '确认邮箱' }).click();
  await expectText(page, new RegExp(`电子邮箱 ${ADDR}`));
  assert(!(await page.locator('#n-email').isDisabled()), 'email cannot be chosen with a confirmed address');
  assert(await page.getByLabel('邮箱验证码').count() === 0, 'the code form is still there after the confirmation');
});
