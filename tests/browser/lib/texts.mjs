// The interface texts, checked without a browser: every web/**/*.texts.js
// maps keys to [zh-CN, English], both non-empty; no key is in two files; and
// every key a module names literally (t('…'), lbl('…'), a route's title, a
// navigation label) is registered by that module, a module it imports (or
// awaits with import() before its page renders), the
// frame (shared/frame.texts.js, on every page) or its application's
// main.texts.js. A prefix it completes at run time (t('status.' + s)) must
// have at least one key.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

export async function checkTexts(webRoot) {
  const problems = [];
  const files = walk(webRoot).filter((f) => f.endsWith('.js')).map((f) => path.relative(webRoot, f));
  const textFiles = files.filter((f) => f.endsWith('.texts.js'));
  const keysOf = {};
  const owner = {};
  for (const f of textFiles) {
    const table = (await import(pathToFileURL(path.join(webRoot, f)).href)).default;
    keysOf[f] = new Set(Object.keys(table));
    for (const [k, v] of Object.entries(table)) {
      if (!Array.isArray(v) || (v.length !== 2 && !(v.length === 3 && /\{n\}/.test(v[2]))) || !v.every((s) => typeof s === 'string' && s.length)) problems.push(`${f}: ${k} is not [zh, en] (or [zh, en, en for n = 1] with {n})`);
      if (owner[k]) problems.push(`${k} is in both ${owner[k]} and ${f}`);
      owner[k] = f;
    }
  }
  const src = {};
  const imports = {};
  for (const f of files.filter((x) => !x.endsWith('.texts.js'))) {
    src[f] = fs.readFileSync(path.join(webRoot, f), 'utf8');
    // static imports, and modules a page awaits with import() before it renders
    imports[f] = [...src[f].matchAll(/^import .*? from '([^']+)';$|\bimport\('([^']+)'\)/gm)].map((m) => path.join(path.dirname(f), m[1] || m[2]));
  }
  const reach = (f, seen = new Set()) => {
    if (seen.has(f)) return seen;
    seen.add(f);
    for (const i of imports[f] || []) reach(i, seen);
    return seen;
  };
  for (const f of Object.keys(src)) {
    const app = f.split(path.sep)[0];
    const avail = new Set();
    const sources = [...reach(f), 'shared/frame.texts.js', `${app}/main.texts.js`];
    for (const s of sources) for (const k of keysOf[s] || []) avail.add(k);
    const code = src[f].replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/\b(?:t|lbl)\('([\w.]+)'(?!\s*\+)|\b(?:title|label): '([\w.]+)'/g)) {
      const k = m[1] || m[2];
      if (!avail.has(k)) problems.push(`${f}: the text ${k} is not registered for it`);
    }
    for (const m of code.matchAll(/\b(?:t|lbl|opt)\('([\w.]+\.)' \+/g)) {
      if (![...avail].some((k) => k.startsWith(m[1]))) problems.push(`${f}: no text starts with ${m[1]}`);
    }
  }
  return { problems, keys: Object.keys(owner).length, files: textFiles.length };
}
