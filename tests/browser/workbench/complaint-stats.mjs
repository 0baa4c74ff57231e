// 12345 figures (issue 12, item 9) and co-handlers: the operator logs three
// rubbish complaints in one subdistrict (its office, 半淞园路, hears of no other
// request in the suite); the dispatcher sends one on to 外滩 with 南京东路 as
// its co-handler — having first been told that the lead office cannot also
// help — and the request page names the co-handler; 外滩 signs for it, starts
// and answers it, and the operator's callback finds it resolved. The
// dispatcher's 三率 then show 外滩 at 100% (1/1) and 半淞园路 with no callback
// ("—", no data, never 0%); the hotspots show the three as a spike, first; a
// period over 92 days is refused beside 截止日期. The dialog passes axe.
import { test, assert, open, expectText, text, login, shot, apiCall as call } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';
import { STATS_FLOW } from '../lib/fixtures.mjs';

async function step(page, c, action, body) {
  return call(page, 'POST', `/complaints/${c.id}/actions/${action}`, body || {}, c.version);
}

const WT = '黄浦区外滩街道办事处', NJDL = '黄浦区南京东路街道办事处', BSLR = '黄浦区半淞园路街道办事处';

test(STATS_FLOW, async ({ newPage }) => {
  const op = await newPage();
  await login(op, 'operator', 'workbench');
  const filed = [];
  for (const text of ['小区垃圾三天没人清运', '垃圾桶满了没人收', '路口垃圾堆积发臭']) {
    filed.push(await call(op, 'POST', '/complaints', { kind: 'complaint', category: 'garbage',
      district: '310101', street: '310101015', text, channel: 'hotline', phone: '13912345678' }));
  }

  // the dispatcher: again to 外滩, 南京东路 helping (外滩 itself is refused as a co-handler)
  const disp = await newPage({ axe: true });
  await login(disp, 'dispatcher', 'workbench');
  await open(disp, '/workbench/#/complaints/' + filed[0].id);
  await disp.getByRole('button', { name: '改派' }).click();
  const dlg = disp.getByRole('dialog');
  await dlg.getByLabel(/^承办单位/).selectOption({ label: WT });
  await dlg.getByRole('checkbox', { name: WT }).check();
  await dlg.getByRole('button', { name: '改派' }).click();
  const err = dlg.locator('[data-key="co_bodies"] .field-error:not([hidden])');
  await err.waitFor();
  assert(/是承办单位，不能同时作为协办单位/.test(await err.innerText()),
    'the lead as co-handler is not named beside the field');
  const problems = await axeCheck(disp);
  assert(!problems.length, 'the dispatch dialog: ' + problems.join('\n'));
  await shot(disp, 'workbench-complaint-co-handlers');
  await dlg.getByRole('checkbox', { name: WT }).uncheck();
  await dlg.getByRole('checkbox', { name: NJDL }).check();
  await dlg.getByRole('button', { name: '改派' }).click();
  await expectText(disp, /已完成：改派/, 'body');
  await expectText(disp, new RegExp('协办单位 ?' + NJDL));
  assert((await text(disp)).includes(WT), 'the new lead office is not named');

  // 外滩 handles it, the operator calls back: resolved and satisfied
  const wt = await newPage();
  await login(wt, 'wt_handler', 'workbench');
  let c = await call(wt, 'GET', '/complaints/' + filed[0].id);
  c = await step(wt, c, 'sign');
  c = await step(wt, c, 'start');
  c = await step(wt, c, 'reply', { answer: '已安排环卫车辆当天清运，并增加清运频次。' });
  // the operator's callback, in its dialog: the caller's level is the request's rating, and a level
  // that disagrees with "satisfied" is refused beside the level (nothing closed)
  await open(op, '/workbench/#/complaints/' + filed[0].id);
  await op.getByRole('button', { name: '回访' }).click();
  const cb = op.getByRole('dialog');
  await cb.locator('[data-key="resolved"]').getByRole('radio', { name: '是' }).check();
  await cb.locator('[data-key="satisfied"]').getByRole('radio', { name: '是' }).check();
  await cb.locator('[data-key="level"]').getByRole('radio', { name: '非常不满意' }).check();
  await cb.getByRole('button', { name: '回访' }).click();
  await cb.locator('[data-key="level"] .field-error:not([hidden])').waitFor();
  c = await call(op, 'GET', '/complaints/' + filed[0].id);
  assert(c.status === 'replied', 'a refused callback closed the request: ' + c.status);
  await cb.locator('[data-key="level"]').getByRole('radio', { name: '非常满意', exact: true }).check();
  await cb.getByRole('button', { name: '回访' }).click();
  await cb.waitFor({ state: 'detached' });
  c = await call(op, 'GET', '/complaints/' + filed[0].id);
  assert(c.status === 'closed', 'the callback did not close the request: ' + c.status);

  // 三率: 外滩 at 100% of 1, 半淞园路 dispatched to but never called back
  await disp.getByRole('link', { name: '12345 三率' }).click();
  await disp.locator('table.rates').waitFor();
  const rate = (body, name) => disp.locator('table.rates tbody tr',
    { has: disp.getByRole('rowheader', { name: body, exact: true }) })
    .locator(`td[data-label="${name}"]`).innerText();
  const sat = await rate(WT, '满意率');
  assert(/100\.0%\s*1\/1/.test(sat), '外滩\'s satisfaction rate: ' + sat);
  const none = await rate(BSLR, '满意率');
  assert(/—\s*无数据/.test(none) && !/%/.test(none), '半淞园路\'s satisfaction rate without a callback: ' + none);
  const resp = await rate(BSLR, '响应率');
  assert(/0\.0%\s*0\/3/.test(resp), '半淞园路\'s response rate: ' + resp);
  await shot(disp, 'workbench-complaint-rates');

  // hotspots: the three as a spike, first; a period of 93 days is refused beside 截止日期
  await disp.getByRole('link', { name: '12345 热点' }).click();
  const first = disp.locator('table.hotspots tbody tr').first();
  await first.waitFor();
  const line = (await first.innerText()).replace(/\s+/g, ' ');
  assert(/突增/.test(line) && /半淞园路街道/.test(line) && /垃圾清运/.test(line) && /\b3\b/.test(line),
    'the first hotspot: ' + line);
  await shot(disp, 'workbench-complaint-hotspots');
  const to = await disp.getByLabel(/^截止日期/).inputValue();
  const from = new Date(Date.parse(to + 'T00:00:00Z') - 92 * 86400000).toISOString().slice(0, 10);
  await disp.getByLabel(/^起始日期/).fill(from);
  await disp.getByRole('button', { name: '查询' }).click();
  const bad = disp.locator('[data-key="to"] .field-error:not([hidden])');
  await bad.waitFor();
  const said = await bad.innerText();
  assert(/92 天/.test(said), 'the refused period is not named beside 截止日期: ' + said);
  const invalid = await disp.getByLabel(/^截止日期/).getAttribute('aria-invalid');
  assert(invalid === 'true', '截止日期 is not marked invalid');
}, { width: 1 });
