// The interface texts (web/**/*.texts.js), checked without a browser: see
// lib/texts.mjs.
import path from 'node:path';
import { test, assert, ROOT } from './lib/harness.mjs';
import { checkTexts } from './lib/texts.mjs';

test('every text a page names is registered, in zh-CN and English, once', async ({ log }) => {
  const r = await checkTexts(path.join(ROOT, 'web'));
  log(`      ${r.keys} texts in ${r.files} files`);
  assert(!r.problems.length, r.problems.join('\n'));
});
