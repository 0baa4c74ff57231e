// The first view's weight: every response of a cold load of a page, with
// the person already logged in where the page needs it, under 100 KB.
import { env, test, assert, ready, sessionOf } from './lib/harness.mjs';
import { FOOD } from './lib/fixtures.mjs';

// Cold cache: a logged-in person's cookies carried into a fresh context.
async function firstView({ newPage, log }, url, user) {
  const storageState = user ? await sessionOf(newPage, user, url.startsWith('/workbench/') ? 'workbench' : 'portal') : undefined;
  const page = await newPage({ storageState });
  const sizes = [];
  page.on('requestfinished', async (r) => { const s = await r.sizes().catch(() => null); if (s) sizes.push(s.responseBodySize + s.responseHeadersSize); });
  await page.goto(env.BASE + url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await new Promise((r) => setTimeout(r, 200));
  const total = sizes.reduce((a, b) => a + b, 0);
  log(`      first view of ${url}${user ? ' (' + user + ')' : ''}: ${sizes.length} responses, ${(total / 1024).toFixed(1)} KB`);
  return total;
}

test('the first view of / is under 100 KB', async (t) => {
  const total = await firstView(t, '/');
  assert(total < 100 * 1024, `the first view of / weighs ${(total / 1024).toFixed(1)} KB`);
});

test('the first view of every other page is under 100 KB', async (t) => {
  const over = [];
  for (const [url, user] of [['/workbench/'], ['/workbench/#/tasks', 'amr_clerk'], ['/#/apply/' + FOOD, 'xiaochi'], ['/#/cases', 'xiaochi'], ['/workbench/#/window?matter=XK00102000', 'amr_clerk']]) {
    const total = await firstView(t, url, user);
    if (total >= 100 * 1024) over.push(`${url}: ${(total / 1024).toFixed(1)} KB`);
  }
  assert(!over.length, over.join('; '));
});
