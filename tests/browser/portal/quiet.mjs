// An anonymous visit and a blank search (issue 16, bugs 7 and 11): no error
// in the browser's console (no 401 from asking who is signed in, no stack),
// and a blank search is a plain prompt, not a server error with a request id.
import { test, assert, open, ready, env, expectText } from '../lib/harness.mjs';

test('anonymous visit and a blank search: a plain prompt, nothing in the console', async ({ newPage }) => {
  const page = await newPage();
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  page.on('pageerror', (e) => logged.push(e.message));
  await open(page, '/#/');
  assert(logged.length === 0, 'an anonymous page load logs errors: ' + logged.join(' | '));
  // the box left blank
  await page.getByRole('searchbox').fill('   ');
  await page.getByRole('button', { name: /^搜索$/ }).click();
  await expectText(page, /请输入要查找的事项名称或关键词/);
  // a blank query in the address
  await page.goto(env.BASE + '/#/search?q=%20%20');
  await ready(page, '#/search');
  await expectText(page, /请输入要查找的事项名称或关键词/);
  assert(await page.locator('#main .problem').count() === 0, 'a blank search shows a server error');
  assert(!/请求编号|request id/i.test(await page.locator('#main').innerText()), 'a blank search shows a request id');
  assert(logged.length === 0, 'a blank search logs errors: ' + logged.join(' | '));
});
