// Window intake: a walk-in application and an assisted one (帮办代办),
// each seen by the applicant in their own account.
import { test, open, ready, shot, login, expectText } from '../lib/harness.mjs';
import { windowApply } from '../lib/fixtures.mjs';

test('window: walk-in for a person present, and assisted for someone else; both see their case', async ({ newPage }) => {
  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  const walkIn = await windowApply(clerk, { channel: 'window', idNumber: '310101198503120030' });
  await shot(clerk, 'workbench-window-done');
  const assisted = await windowApply(clerk, { channel: 'assisted', idNumber: '310104195206080023',
    agent: { name: '王芳', id: '310101198005150026', relation: '子女' } });

  const lisi = await newPage();
  await login(lisi, 'lisi');
  await open(lisi, '/#/cases');
  await expectText(lisi, new RegExp(assisted + '.*个体工商户设立登记'));
  await lisi.getByRole('link', { name: assisted }).click();
  await ready(lisi, '#/cases/');
  await expectText(lisi, /帮办代办/);
  await expectText(lisi, /王芳/);
  await shot(lisi, 'portal-case-assisted');

  const zs = await newPage();
  await login(zs, 'zhangsan');
  await open(zs, '/#/cases');
  await expectText(zs, new RegExp(walkIn + '.*个体工商户设立登记'));
});
