// Accessibility: axe-core on every main page of both applications, in
// Chinese, in English and in the large-text, high-contrast mode; nothing
// serious or critical may be found. In English, no page shows Chinese that
// is not a name, typed data or on the short list of lib/english.mjs.
import { test, assert, open, shot, login } from './lib/harness.mjs';
import { axeCheck } from './lib/axe.mjs';
import { chineseLeft } from './lib/english.mjs';
import { PORTAL_PAGES, WB_PAGES, APPLY_FLOW, STATS_FLOW, ADMIN_FLOW, DASHBOARD_FLOW, BUNDLE_FLOW } from './lib/fixtures.mjs';

// The portal's pages and the workbench's are checked side by side, each
// application's in order in its own contexts (one per person).
for (const [mode, opts] of [['zh', { lang: 'zh', axe: true }], ['en', { lang: 'en', axe: true }], ['large', { lang: 'zh', large: true, axe: true }]]) {
  test(`accessibility (axe) of every page: ${mode}`, async ({ newPage }) => {
    const check = async (list, app) => {
      const problems = [];
      const sessions = {};
      for (const [name, url, user] of list) {
        const key = user || 'anon';
        if (!sessions[key]) {
          sessions[key] = await newPage(opts);
          if (user) await login(sessions[key], user, app);
        }
        const page = sessions[key];
        const u = typeof url === 'function' ? url() : url;
        if (u.includes('undefined')) continue;   // no case: the apply scenario did not run (or failed, and says so)
        await open(page, u);
        if (name === 'apply') { await page.locator('form.step-form button[type=submit]').click(); await page.locator('.error-summary').waitFor(); }
        if (name === 'appointments') { await page.locator('button.day.weekend').first().click(); await page.locator('.slots h3').waitFor(); }
        for (const v of await axeCheck(page)) problems.push(`${name}: ${v}`);
        // English mode leaves no Chinese but names, typed data and what KEEP lists (issue 16, bug 9)
        if (mode === 'en') for (const v of await chineseLeft(page)) problems.push(`${name}: Chinese in English mode: ${v}`);
        await shot(page, `${mode}-${name}`);
      }
      return problems;
    };
    const problems = (await Promise.all([check(PORTAL_PAGES, 'portal'), check(WB_PAGES, 'workbench')])).flat();
    assert(!problems.length, problems.join('\n'));
  }, { after: [APPLY_FLOW, STATS_FLOW, ADMIN_FLOW, DASHBOARD_FLOW, BUNDLE_FLOW], width: 2 });
}
