// 我的账户 → 消息通知 (issue 16, build 6): a person chooses their channels.
// In-app is always on and cannot be unticked; SMS can be chosen by an account
// with a phone (this server offers SMS); email cannot be chosen here (the
// account has no address: one is added and confirmed first, portal/email.mjs),
// and the page says why; the choice is kept, and can be undone.
import { test, assert, open, ready, login, expectText } from '../lib/harness.mjs';

test('a person chooses SMS for their messages on the account page', async ({ newPage }) => {
  const page = await newPage();
  await login(page, 'lisi');
  await open(page, '/#/messages');
  await page.getByRole('link', { name: /通知方式/ }).click();
  await ready(page, '#/account');
  await expectText(page, /消息通知/);
  const inapp = page.locator('#n-inapp');
  assert(await inapp.isChecked() && await inapp.isDisabled(), 'in-app messages are not shown as always on');
  assert(await page.locator('#n-email').isDisabled(), 'email can be chosen without an address');
  await expectText(page, /暂未开通此方式|账户未登记电子邮箱/, '#n-email-hint');
  const sms = page.locator('#n-sms');
  assert(!(await sms.isDisabled()), 'SMS cannot be chosen by an account with a phone');
  if (!(await sms.isChecked())) await sms.check();
  await page.getByRole('button', { name: '保存' }).click();
  await expectText(page, /通知方式已保存/);
  await page.reload();
  await ready(page, '#/account');
  await expectText(page, /消息通知/);
  assert(await page.locator('#n-sms').isChecked(), 'the choice of SMS was not kept');
  // and back: the person can turn it off again
  await page.locator('#n-sms').uncheck();
  await page.getByRole('button', { name: '保存' }).click();
  await expectText(page, /通知方式已保存/);   // saved before the reload: a reload at once could cut the save off
  await page.reload();
  await ready(page, '#/account');
  await expectText(page, /消息通知/);
  assert(!(await page.locator('#n-sms').isChecked()), 'SMS could not be turned off');
});
