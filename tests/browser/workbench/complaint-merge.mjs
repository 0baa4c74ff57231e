// 12345 duplicates (issue 12, items 4 and 9): two neighbours report the same
// parking problem in 徐家汇 (no other scenario files there). The dispatcher's
// console lists both as dispatched; on the second one the dispatcher is shown
// the first as a request it can be merged into, merges it from the dialog, and
// the page says which request it now follows. The office answers the first;
// the second caller then finds the same answer on their own request, with the
// callback waiting for them. The request page passes axe.
import { test, assert, open, expectText, text, login, apiCall as call } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

const PARKING = { kind: 'complaint', category: 'parking', district: '310104', street: '310104012', channel: 'web' };

test('merge a duplicate 12345 request', async ({ newPage }) => {
  const logged = [];
  const first = await newPage();
  await login(first, 'xiaochi');
  const a = await call(first, 'POST', '/complaints', { ...PARKING, text: '小区门口人行道长期被车辆占用' });
  const second = await newPage();
  second.on('pageerror', (e) => logged.push(e.message));
  await login(second, 'lisi');
  const b = await call(second, 'POST', '/complaints', { ...PARKING, text: '人行道上停满了车，老人孩子只能走机动车道' });

  // the console: both dispatched to the 徐家汇 office
  const disp = await newPage({ axe: true });
  disp.on('pageerror', (e) => logged.push(e.message));
  await login(disp, 'dispatcher', 'workbench');
  await open(disp, '/workbench/#/complaints');
  for (const c of [a, b]) {
    const row = disp.locator('#main tbody tr', { hasText: c.number });
    await row.waitFor();
    assert(/已派单，待签收/.test(await row.innerText()), c.number + ' is not shown dispatched');
  }
  await disp.getByRole('link', { name: b.number }).click();
  await expectText(disp, new RegExp('可将本件并入其中一并答复'));
  assert((await text(disp)).includes(a.number), 'the earlier request is not offered');
  await disp.getByRole('button', { name: '合并办理' }).click();
  const dlg = disp.getByRole('dialog');
  await dlg.getByLabel(/^并入哪件诉求/).selectOption({ index: 1 });
  await dlg.getByRole('button', { name: '合并办理' }).click();
  await disp.locator('#main h1 .status', { hasText: '已合并办理' }).waitFor();
  await expectText(disp, new RegExp('已并入 ?' + a.number));
  const problems = await axeCheck(disp);
  assert(!problems.length, 'the merged request: ' + problems.join('\n'));

  // the office answers the first; the second caller has the same answer and the callback
  const office = await newPage();
  await login(office, 'xjh_handler', 'workbench');
  let c = await call(office, 'GET', '/complaints/' + a.id);
  for (const [action, body] of [['sign'], ['start'], ['reply', { answer: '已在人行道加装隔离桩，并安排每日巡查。' }]]) {
    c = await call(office, 'POST', `/complaints/${a.id}/actions/${action}`, body || {}, c.version);
  }
  await open(second, '/#/complaints/' + b.id);
  await expectText(second, /已在人行道加装隔离桩/);
  await expectText(second, new RegExp('与诉求 ' + a.number + ' 反映的是同一问题'));
  await second.getByRole('button', { name: '提交评价' }).waitFor();
  assert(logged.length === 0, 'page errors: ' + logged.join(' | '));
});
