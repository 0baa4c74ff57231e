// 督办 and 整改 in the workbench (issue 13, items 3 and 10): the supervisor
// issues a supervision order to 市场监管局 from the 督办 screen (a title, what is
// asked, 3 working days); amr's head finds it in the department's list, opens
// it and answers it; the supervisor sees the answer and closes the order. The
// 督办 list, an order's page and the 整改 screen (the supervisor's, every
// department's) are axe clean.
import { test, assert, open, ready, login, apiCall as call, shot, expectText } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';

const TITLE = '窗口等候时间专项督办';

async function clean(page, what) {
  const problems = await axeCheck(page);
  assert(!problems.length, what + ': ' + problems.join('\n'));
}

test('supervision order: issued by the supervisor, answered by the head', async ({ newPage }) => {
  const sup = await newPage({ axe: true });
  await login(sup, 'supervisor', 'workbench');
  await open(sup, '/workbench/#/supervision');
  await sup.locator('form.narrow').first().waitFor();
  await clean(sup, 'the 督办 screen');
  await sup.getByLabel(/^督办部门/).selectOption('amr');
  await sup.getByLabel(/^标题/).fill(TITLE);
  await sup.getByLabel(/^督办内容/).fill('请核查本月窗口等候超过 30 分钟的原因，并报告整改措施。');
  await sup.getByLabel(/^答复期限（工作日）/).fill('3');
  await sup.getByRole('button', { name: '发出督办' }).click();
  await sup.waitForFunction(() => /^#\/supervision\/[0-9a-f]{32}/.test(location.hash));
  const id = await sup.evaluate(() => location.hash.match(/[0-9a-f]{32}/)[0]);
  await ready(sup, '#/supervision/' + id);   // the list before it offers 待答复 as a filter
  await expectText(sup, /待答复/);
  const issued = await call(sup, 'GET', '/supervision/orders/' + id);
  assert(issued.department === 'amr' && issued.title === TITLE && issued.state === 'open' && issued.deadline,
    'the order is not what the form said: ' + JSON.stringify(issued));
  await clean(sup, 'an order\'s page');
  await shot(sup, 'workbench-supervision-order');

  // amr's head: the department's list, the order, the answer
  const head = await newPage({ axe: true });
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/supervision');
  const row = head.locator(`tr[data-id="${id}"]`);
  await row.waitFor();
  await clean(head, 'the head\'s 督办 list');
  await row.getByRole('link').click();
  await head.getByLabel(/^处理情况/).fill('已增设两个综合窗口，并在大厅公示实时等候人数。');
  await head.getByRole('button', { name: '提交答复' }).click();
  await head.waitForFunction(() => !document.querySelector('form[data-action="answer"]'));
  await expectText(head, /已答复，待审核/);
  await expectText(head, /已增设两个综合窗口/);

  // the supervisor closes it
  await open(sup, '/workbench/#/supervision/' + id);
  await expectText(sup, /已增设两个综合窗口/);
  await sup.getByLabel(/^意见（可选）/).fill('措施可行');
  await sup.getByRole('button', { name: '办结', exact: true }).click();
  await sup.waitForFunction(() => !document.querySelector('form[data-action="close"]'));
  await expectText(sup, /已办结/);
  const closed = await call(sup, 'GET', '/supervision/orders/' + id);
  assert(closed.state === 'closed' && closed.answer.startsWith('已增设'), 'not closed: ' + closed.state);

  // 整改: every department's rectifications for the supervisor
  await open(sup, '/workbench/#/rectifications');
  await sup.locator('h1').filter({ hasText: '差评整改' }).waitFor();
  await sup.locator('[role="status"]').first().waitFor();
  await clean(sup, 'the 整改 screen');
  await shot(sup, 'workbench-rectifications');
});

// A list longer than a page (20) shows the first page and a 更多 button that brings in the rest, each
// order once, then goes (the case list's cursor contract, issue 15 item 4).
test('the 督办 list pages: 更多 brings in the orders after the first 20, each once', async ({ newPage }) => {
  const sup = await newPage();
  await login(sup, 'supervisor', 'workbench');
  await open(sup, '/workbench/#/supervision');
  for (let i = 0; i < 23; i++) {
    await call(sup, 'POST', '/supervision/orders',
      { department: 'health', title: '分页督办 ' + i, text: '请说明本月情况。', deadline_days: 5 });
  }
  let all = [];
  for (let cursor = null, first = true; first || cursor; first = false) {
    const r = await call(sup, 'GET', '/supervision/orders?department=health&limit=100' + (cursor ? '&cursor=' + cursor : ''));
    all = all.concat(r.items.map((o) => o.id));
    cursor = r.next_cursor;
  }
  await open(sup, '/workbench/#/supervision?department=health');
  const rows = sup.locator('table.supervision-orders tbody tr');
  await rows.first().waitFor();
  assert(await rows.count() === 20, 'the first page: ' + await rows.count());
  await expectText(sup, /已显示 20 条，还有更多/);
  await sup.getByRole('button', { name: '更多', exact: true }).click();
  await sup.waitForFunction((n) => document.querySelectorAll('table.supervision-orders tbody tr').length === n, all.length);
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
  assert(JSON.stringify(shown) === JSON.stringify(all), 'the rows are not the list in order, once each');
  assert(await sup.getByRole('button', { name: '更多', exact: true }).count() === 0, '更多 stays after the last page');
  await expectText(sup, new RegExp('共 ' + all.length + ' 件'));
});
