// A guide complete enough to act on (issue 16, item 3): who the matter is
// for (服务对象), its conditions (受理条件), and a person who opens an
// enterprise-only matter is told at once, with what to do instead, and is
// not offered an application the server would refuse at the last step.
import { test, assert, open, login, expectText } from '../lib/harness.mjs';
import { FOOD } from '../lib/fixtures.mjs';

test('a guide shows 受理条件 and whom it serves; a person on an enterprise-only matter is told', async ({ newPage }) => {
  const anon = await newPage();
  await open(anon, '/#/matters/' + FOOD);
  await expectText(anon, /受理条件/);
  await expectText(anon, /服务对象\s*法人和其他组织（企业）/);
  assert(await anon.locator('#not-for-you').count() === 0, 'a visitor is told the matter is not for them');

  const person = await newPage();
  await login(person, 'zhangsan');
  await open(person, '/#/matters/' + FOOD);
  await expectText(person, /本事项只面向企业和其他组织，个人无法申请/);
  assert(await person.getByRole('link', { name: '在线办理' }).count() === 0, 'a person is still offered the application');
  await open(person, '/#/matters/XK00202000');          // 医师执业注册: for people
  assert(await person.locator('#not-for-you').count() === 0, 'a person is told a person matter is not for them');
  assert(await person.getByRole('link', { name: '在线办理' }).count() === 1, 'a person is not offered a person matter');
});
