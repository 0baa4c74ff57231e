// The supervisors' and administrators' screens (issue 16, item 8): every
// role lands on a page of its own work — the supervisor on the overview of
// overdue and warning cases, the security administrator on staff accounts,
// the audit administrator on the audit log — and the security administrator
// changes a staff member's roles (and is refused, beside the field, when
// taking their own administrator role away).
import { test, assert, open, ready, shot, login, expectText, text, env } from '../lib/harness.mjs';
import { ADMIN_FLOW } from '../lib/fixtures.mjs';

test(ADMIN_FLOW, async ({ newPage }) => {
  const sup = await newPage();
  await login(sup, 'supervisor', 'workbench');
  await open(sup, '/workbench/#/');
  await expectText(sup, /超期预警总览/, '#main h1');
  await expectText(sup, /共 \d+ 件/);
  assert(/没有超期或预警的办件|各部门/.test(await text(sup)), 'the overview shows neither counts nor its empty message');
  assert(await sup.locator('nav a[aria-current="page"]', { hasText: '超期预警总览' }).count() === 1, 'the overview is not the current page in the navigation');
  await shot(sup, 'workbench-oversight');

  const audit = await newPage();
  await login(audit, 'auditadmin', 'workbench');
  await open(audit, '/workbench/#/');
  await expectText(audit, /审计日志/, '#main h1');
  await audit.getByLabel('对象类型').selectOption('account');
  await audit.getByRole('button', { name: '查询' }).click();
  await audit.waitForFunction(() => /entity=account/.test(location.hash));
  await expectText(audit, /账户/, '#main table');

  const sec = await newPage();
  await login(sec, 'secadmin', 'workbench');
  await open(sec, '/workbench/#/');
  await expectText(sec, /工作人员与角色/, '#main h1');
  await sec.getByLabel('部门').selectOption('fire');
  await sec.getByRole('button', { name: '查看' }).click();
  await ready(sec, '#/staff?department=fire');   // the landing page before it lists every department's staff
  const row = sec.locator('tbody tr', { hasText: '消防审查 郑洁' });
  assert(/审查人员/.test(await row.innerText()), 'the list does not show the reviewer role');
  await row.getByRole('link', { name: /修改角色/ }).click();
  await expectText(sec, /修改 消防审查 郑洁 的角色/, '#main h1');
  env.shared.staffId = (await sec.evaluate(() => location.hash)).split('/').pop();   // for the page-wide checks
  await sec.getByLabel('审批人员').check();
  await sec.getByRole('button', { name: '保存' }).click();
  await sec.waitForFunction(() => /^#\/staff\?department=fire/.test(location.hash));
  await expectText(sec, /消防审查 郑洁.*审查人员、审批人员/);
  await shot(sec, 'workbench-staff-roles');
  // put it back, so the demo world stays as it was
  await sec.locator('tbody tr', { hasText: '消防审查 郑洁' }).getByRole('link', { name: /修改角色/ }).click();
  await sec.getByLabel('审批人员').uncheck();
  await sec.getByRole('button', { name: '保存' }).click();
  await sec.waitForFunction(() => /^#\/staff\?department=fire/.test(location.hash));

  // the security administrator's own role stays: the refusal lands beside the roles
  await open(sec, '/workbench/#/staff?department=gso');
  await sec.locator('tbody tr', { hasText: '安全管理员 周宁' }).getByRole('link', { name: /修改角色/ }).click();
  await sec.getByLabel('安全管理员').uncheck();
  await sec.getByLabel('督查人员').check();
  await sec.getByRole('button', { name: '保存' }).click();
  await expectText(sec, /不能取消自己的管理员角色/);
  assert(/^#\/staff\/[0-9a-f]+$/.test(await sec.evaluate(() => location.hash)), 'a refused change left the page');

  // the system administrator edits a matter as its definition; the server's refusal names the field
  const admin = await newPage();
  await login(admin, 'admin', 'workbench');
  await open(admin, '/workbench/#/matters');
  await expectText(admin, /共 \d+ 个事项/);
  await open(admin, '/workbench/#/matters/XK00103000');
  const area = admin.getByLabel('事项定义（JSON）');
  const doc = JSON.parse(await area.inputValue());
  assert(doc.code === 'XK00103000' && !('current_version' in doc), 'the definition shown is not the one PUT takes');
  await area.fill(JSON.stringify(Object.assign(doc, { promised_days: -1 }), null, 2));
  await admin.getByRole('button', { name: '保存为新版本' }).click();
  await expectText(admin, /服务器未接受.*promised_days/);
  await open(admin, '/workbench/#/matters/XK00103000');
  assert(JSON.parse(await admin.getByLabel('事项定义（JSON）').inputValue()).promised_days > 0, 'a refused definition was saved');

  // the holiday calendar: 2026 as loaded, and a notice for another year refused beside the notice
  await open(admin, '/workbench/#/calendar?region=000000&year=2026');
  await expectText(admin, /2026 年已载入：\d+ 个工作日/);
  await admin.getByLabel('节假日通知（JSON）').fill(JSON.stringify({ year: 2027, holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-01'] }] }));
  await admin.getByRole('button', { name: '载入该年' }).click();
  await expectText(admin, /服务器未接受.*year/);
});
