// Usable at 360 px: no sideways scrolling on the main pages of both
// applications, in normal and large text.
import { env, test, assert, open, shot, login } from './lib/harness.mjs';
import { FOOD, APPLY_FLOW, STATS_FLOW, ADMIN_FLOW, DASHBOARD_FLOW, BUNDLE_FLOW, BUNDLE, DEMO_PUBLISHED_PLAN } from './lib/fixtures.mjs';

// Normal and large text side by side, each in its own two contexts.
test('usable at 360 px: no sideways scrolling, normal and large text', async ({ newPage }) => {
  const check = async (large) => {
    const problems = [];
    const page = await newPage({ width: 360, height: 740, large });
    const wb = await newPage({ width: 360, height: 740, large });
    await login(page, 'xiaochi');
    await login(wb, 'amr_clerk', 'workbench');
    const list = [['home', page, '/#/'], ['search', page, '/#/search?q=餐饮'], ['guide', page, '/#/matters/' + FOOD], ['apply', page, '/#/apply/' + FOOD],
      ['cases', page, '/#/cases'], ['appointments', page, '/#/appointments?department=amr'], ['wb-tasks', wb, '/workbench/#/tasks'], ['wb-window', wb, '/workbench/#/window?matter=XK00102000']];
    list.push(['wb-rates', wb, '/workbench/#/complaints/rates'],
      ['wb-hotspots', wb, '/workbench/#/complaints/hotspots'], ['inspections', page, '/#/inspections'],
      ['wb-inspections', wb, '/workbench/#/inspections'], ['policies', page, '/#/policies'],
      ['certificates', page, '/#/certificates'], ['data-use', page, '/#/data-use'], ['verify', page, '/#/verify/' + '0'.repeat(32)]);
    // the supervisors' and administrators' screens (issue 16, item 8), each in its own role's session
    const pages = new Map();
    for (const [name, user, url] of [['wb-oversight', 'supervisor', '/workbench/#/oversight'], ['wb-stats', 'supervisor', '/workbench/#/stats'], ['wb-staff', 'secadmin', '/workbench/#/staff?department=amr'],
      ['wb-audit', 'auditadmin', '/workbench/#/audit'], ['wb-matter', 'admin', '/workbench/#/matters/XK00103000'],
      ['wb-calendar', 'admin', '/workbench/#/calendar?region=000000&year=2026'],
      ['wb-policies', 'amr_head', '/workbench/#/policies'], ['wb-policy-new', 'amr_head', '/workbench/#/policies/new'],
      ['wb-inspection-new', 'supervisor', '/workbench/#/inspections/new'],
      ['wb-inspection-plan', 'supervisor', '/workbench/#/inspections/' + DEMO_PUBLISHED_PLAN],
      ['wb-slots', 'amr_head', '/workbench/#/slots?department=amr']]) {
      // one page a role: each page holds its own connections, and the server limits them per address
      if (!pages.has(user)) {
        const p = await newPage({ width: 360, height: 740, large });
        await login(p, user, 'workbench');
        pages.set(user, p);
      }
      list.push([name, pages.get(user), url]);
    }
    // 一件事: the list and guide, and a person's application and bundle case
    const person = await newPage({ width: 360, height: 740, large });
    await login(person, 'zhangsan');
    list.push(['bundles', page, '/#/bundles'], ['bundle', page, '/#/bundles/' + BUNDLE], ['bundle-apply', person, '/#/bundles/' + BUNDLE + '/apply']);
    if (env.shared.bundleCaseId) list.push(['bundle-case', person, '/#/bundle-cases/' + env.shared.bundleCaseId]);
    if (env.shared.caseId) list.push(['case', page, '/#/cases/' + env.shared.caseId], ['wb-case', wb, '/workbench/#/cases/' + env.shared.caseId]);
    for (const [name, p, url] of list) {
      await open(p, url);
      const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 1) problems.push(`${name}${large ? ' (large)' : ''} is ${over}px too wide`);
      await shot(p, `narrow-${large ? 'large-' : ''}${name}`);
    }
    return problems;
  };
  // one login each first: the two checks below then share it (a second code in the same step is refused)
  for (const user of ['supervisor', 'secadmin', 'auditadmin', 'admin', 'amr_head']) await login(await newPage(), user, 'workbench');
  const problems = (await Promise.all([check(false), check(true)])).flat();
  assert(!problems.length, problems.join('; '));
}, { after: [APPLY_FLOW, STATS_FLOW, ADMIN_FLOW, DASHBOARD_FLOW, BUNDLE_FLOW], width: 2 });
