// Browser tests of the portal (/) and the workbench (/workbench/).
//
// Starts a real `onestop serve --demo` on a free port of 127.0.0.1 with a
// fresh SQLite database, drives Debian's Chromium (headless) through
// playwright-core, and checks the acceptance scenarios: applying, correction,
// window and assisted applications, appointments, keyboard-only use,
// accessibility (axe-core) in both languages and in large-text mode, 360 px
// layouts, no request to any other host, and the first view's weight.
// Screenshots of every main page go to tests/browser/screenshots/ on each run
// (and FAIL-*.png on a failure). Prints one line per scenario and ends with
// one line "N passed, N failed".
//
//   node tests/browser/run.mjs [name-filter]
//   ONESTOP_BIN=path/to/onestop (default ./onestop from the repository root)
//   BROWSER_WORKERS=1 runs one scenario at a time (default 2)
//
// lib/harness.mjs   server, browser, scheduler, page steps (open, login ...)
// lib/fixtures.mjs  upload files, demo data, shared flows, page lists
// portal/, workbench/  one file per scenario of that application; the
// page-wide checks (a11y, layout, weight, texts, network) at the top.
// Scenarios run in the order listed here as far as their `after` allows.
import { main } from './lib/harness.mjs';

const SCENARIOS = [
  './portal/apply.mjs',
  // apply.mjs, correction.mjs and decisions.mjs each apply for the food licence as xiaochi, whose
  // draft of a matter is one: they run one after another (`after`), others beside them.
  './workbench/window.mjs',
  './workbench/correction.mjs',
  './workbench/decisions.mjs',
  './workbench/tasks.mjs',
  './workbench/complaint-stats.mjs',
  './workbench/dashboard.mjs',
  './workbench/supervision.mjs',
  './workbench/complaint-merge.mjs',
  './workbench/admin.mjs',
  './workbench/inspections.mjs',
  './workbench/slots.mjs',
  './portal/inspection-objection.mjs',
  './portal/policies.mjs',
  './portal/certificates.mjs',
  './portal/notices-data.mjs',
  './portal/certificate-share.mjs',
  './workbench/policy-define.mjs',
  './portal/appointments.mjs',
  './portal/keyboard.mjs',
  './portal/bundle.mjs',
  './a11y.mjs',
  './portal/form-rules.mjs',
  './layout.mjs',
  './portal/preferences.mjs',
  './portal/notifications.mjs',
  './portal/email.mjs',
  './portal/quiet.mjs',
  './portal/search.mjs',
  './portal/progress.mjs',
  './portal/fees.mjs',
  './portal/public.mjs',
  './portal/complaints.mjs',
  './portal/english.mjs',
  './portal/guide.mjs',
  './portal/draft.mjs',
  './portal/pages.mjs',
  './weight.mjs',
  './texts.mjs',
  './network.mjs',
];

for (const s of SCENARIOS) await import(s);
await main(process.argv[2] || '');
