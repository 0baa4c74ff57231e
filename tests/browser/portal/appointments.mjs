// Appointments: a weekend slot booked in the portal, seen at the window
// (check-in on its day only); another booked and cancelled.
import { test, assert, open, ready, shot, login, expectText } from '../lib/harness.mjs';

test('appointment booked on a weekend slot, seen at the window, checked in on its day only', async ({ newPage }) => {
  const app = await newPage();
  await login(app, 'zhangsan');
  await open(app, '/#/appointments?department=amr');
  const weekend = app.locator('button.day.weekend');
  assert(await weekend.count() > 0, 'no weekend day is shown');
  let booked = null;
  for (let i = 0; i < await weekend.count() && !booked; i++) {
    const day = weekend.nth(i);
    const date = await day.getAttribute('data-date');
    await day.click();
    await app.locator('.slots h3').waitFor();
    const free = app.locator('.slots button.slot:not([disabled])');
    if (await free.count() === 0) continue;
    await free.first().click();   // one click books (cancelling undoes it): no dialog in between
    await expectText(app, /预约成功/);
    assert(await app.getByRole('dialog').count() === 0, 'booking asked for a confirmation');
    booked = date;
  }
  assert(booked, 'no weekend slot could be booked (none published?)');
  // the slot just booked is shown as the person's own, and cannot be booked a second time
  const held = app.locator('.slots button.slot-held');
  await held.waitFor();
  assert(await held.count() === 1 && await held.isDisabled(), 'the slot booked is not shown as held, or can be booked again');
  await expectText(app, /已预约/, '.slots button.slot-held');
  await expectText(app, new RegExp(booked + '.*已预约'), '.appt-list');
  await shot(app, 'portal-appointments');
  // the booking's message: counted unread beside 我的消息, read once the inbox was opened (bug 5)
  await app.reload();
  await ready(app, '#/appointments');
  const badge = app.locator('#site-nav a[href="#/messages"] .nav-badge');
  await badge.waitFor({ timeout: 5000 });
  await open(app, '/#/messages');
  await expectText(app, /预约/);
  await badge.waitFor({ state: 'detached', timeout: 5000 });
  await app.reload();
  await ready(app, '#/messages');
  assert(await badge.count() === 0, 'the messages are still unread after the inbox was opened');
  assert(await app.locator('.tag', { hasText: '未读' }).count() === 0, 'a message shown before is still marked unread');

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/appointments?date=' + booked);
  await expectText(clerk, /张三/);
  // the clerk finds the person by the ID number on their card (issue 16, item 7); a wrong one is named
  await clerk.getByLabel('姓名或身份证号').fill('310101198503120030');
  await clerk.getByRole('button', { name: '查看' }).click();
  // the day's whole list, before the search, named 张三 too: wait for the search's own page
  await ready(clerk, '#/appointments?date=' + booked + '&q=310101198503120030');
  await expectText(clerk, /张三/);
  await open(clerk, '/workbench/#/appointments?date=' + booked + '&q=310101198503120031');
  await expectText(clerk, /身份证号码校验不通过/);
  await open(clerk, '/workbench/#/appointments?date=' + booked + '&q=张三');
  // a check-in records the visit: only on the appointment's own day (bug 4; the
  // API test moves the clock to check one in on its day)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  if (booked === today) {
    await clerk.getByRole('button', { name: /签到/ }).first().click();
    await expectText(clerk, /已签到/);
    // checked in: intake starts from here (this booking named no matter: the clerk chooses it there)
    await clerk.getByRole('link', { name: /开始受理/ }).first().click();
    await ready(clerk, '#/window');
  } else {
    assert(await clerk.getByRole('button', { name: /签到/ }).count() === 0, 'check-in is offered days before the appointment');
    await expectText(clerk, /预约当天可签到/);
  }
  await shot(clerk, 'workbench-appointments');
  await open(app, '/#/appointments');
  if (booked === today) await expectText(app, /已签到/, '.appt-list');

  // another booking, then cancelled by the person
  // on a day other than the first booking's (its first free slot may be the one already held, which
  // the server refuses as 已存在), with a free slot left: late in the day, today has none
  const days = app.locator('button.day');
  let other = null;
  for (let i = 0; i < await days.count() && !other; i++) {
    const date = await days.nth(i).getAttribute('data-date');
    if (date === booked) continue;
    await days.nth(i).click();
    await app.locator('.slots h3', { hasText: date }).waitFor();
    if (await app.locator('.slots button.slot:not([disabled])').count() > 0) other = date;
  }
  assert(other, 'no other day has a free slot');
  const cancellable = app.locator('.appt-list').getByRole('button', { name: /取消预约/ });
  // my appointments are drawn after the page is (the first booking is among them): count them once they are
  await app.locator('.appt-list').waitFor();
  const had = await cancellable.count();
  await app.locator('.slots button.slot:not([disabled])').first().click();
  // the list is drawn again with the new booking: wait for it, not for an older "已预约" (the first
  // booking's, when it was not today), or the click lands on a button that is being replaced
  await app.waitForFunction((n) => document.querySelectorAll('.appt-list button').length > 0 &&
    [...document.querySelectorAll('.appt-list button')].filter((b) => /取消预约/.test(b.textContent)).length > n, had);
  await expectText(app, /已预约/, '.appt-list');
  await cancellable.first().click();
  await app.getByRole('dialog').getByRole('button', { name: '取消预约' }).click();
  await expectText(app, /已取消/, '.appt-list');
});
