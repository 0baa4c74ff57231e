// The appointment slots screen (issue 16, item 8): a head of department
// publishes a week's pattern (Monday to Friday × the morning cut into
// half-hours × 2 people) through the screen in one step, sees it day by day,
// withdraws a slot nobody booked, and is refused — with the reason, and the
// slot kept — withdrawing one a person has booked. The week is far enough
// ahead that no other scenario publishes or books there.
import { test, assert, open, shot, login, expectText, text, apiCall } from '../lib/harness.mjs';

export const SLOTS_FLOW = 'appointment slots: publish a week, withdraw';

const ymd = (d) => d.toISOString().slice(0, 10);
function mondayAhead(weeks) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);            // Asia/Shanghai's date
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + weeks * 7));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

test(SLOTS_FLOW, async ({ newPage }) => {
  const monday = mondayAhead(12);
  const friday = new Date(monday.getTime() + 4 * 86400000);
  const head = await newPage();
  await login(head, 'amr_head', 'workbench');
  assert(await head.locator('nav a', { hasText: '预约号源' }).count() === 1, 'the head of department has no slots screen in the navigation');
  await open(head, '/workbench/#/slots?department=amr&week=' + ymd(monday));
  await expectText(head, /本周共 0 个时段/);

  // the pattern: the screen's defaults are Monday to Friday; the morning only, in half-hours, 2 people each
  await head.getByLabel('开始日期').fill(ymd(monday));
  await head.getByLabel('结束日期').fill(ymd(friday));
  await head.getByLabel('上午开始').fill('09:00');
  await head.getByLabel('上午结束').fill('10:00');
  await head.getByLabel('下午开始').fill('');
  await head.getByLabel('下午结束').fill('');
  await head.getByLabel('每段可约人数').fill('2');
  await expectText(head, /每天 2 个时段：09:00–09:30、09:30–10:00/);
  await head.getByRole('button', { name: '发布' }).click();
  await expectText(head, /已发布 \d+ 个时段|本周共 [1-9]\d* 个时段/);
  await expectText(head, /本周共 [1-9]\d* 个时段/);
  // 5 days × 2 slots, less the days the calendar has off (marked on the screen)
  const off = await head.locator('.slot-day .badge', { hasText: '节假日' }).count();
  const count = () => text(head).then((s) => Number(/本周共 (\d+) 个时段/.exec(s)[1]));
  const n = await count();
  assert(n === 2 * (5 - off), `the week shows ${n} slots, not 2 × ${5 - off}`);
  const day = head.locator('.slot-day', { has: head.locator('tbody') }).first();
  assert(/09:00–09:30 2 0 2 .*09:30–10:00 2 0 2/.test((await day.innerText()).replace(/\s+/g, ' ')),
    'the first day does not show its two slots with capacity 2, none booked: ' + await day.innerText());
  const date = /\d{4}-\d{2}-\d{2}/.exec(await day.locator('h3').innerText())[0];
  await shot(head, 'workbench-slots-week');

  // a person books Monday 09:00 (through the API: the portal's booking has its own scenario)
  const person = await newPage();
  await login(person, 'xiaochi');
  const slots = (await apiCall(person, 'GET', '/departments/amr/slots?date=' + date)).slots;
  await apiCall(person, 'POST', '/appointments', { slot: slots.find((s) => s.start === '09:00').id });
  await open(head, '/workbench/#/slots?department=amr&week=' + ymd(monday));
  const booked = day.locator('tbody tr', { hasText: '09:00–09:30' });
  const free = day.locator('tbody tr', { hasText: '09:30–10:00' });
  assert(/09:00–09:30 2 1 1/.test((await booked.innerText()).replace(/\s+/g, ' ')), 'the booking is not shown: ' + await booked.innerText());

  // withdrawing the unbooked one
  await free.getByRole('button', { name: /撤回/ }).click();
  await expectText(head, new RegExp(`本周共 ${n - 1} 个时段`));
  assert(!/09:30–10:00/.test(await day.innerText()), 'the withdrawn slot is still listed');

  // the booked one is refused, and says why; it stays
  await booked.getByRole('button', { name: /撤回/ }).click();
  await expectText(head, /已有 1 人预约，不能撤回/);
  assert(await head.locator('.problem:focus').count() === 1, 'the refusal is not focused');
  assert(await count() === n - 1 && await booked.count() === 1, 'a refused withdrawal changed the week');
  await shot(head, 'workbench-slots-refused');

  // a capacity the server refuses is named beside the week, and nothing changes
  await booked.getByLabel(/09:00–09:30 的新容量/).fill('0');
  await booked.getByRole('button', { name: /改容量/ }).click();
  await expectText(head, /capacity/, '.problem');
  assert(/09:00–09:30 2 1 1/.test((await booked.innerText()).replace(/\s+/g, ' ')), 'a refused capacity changed the slot');
});
