// The browser suite's harness: one server, one browser, the scenario
// registry and the scheduler, and the steps every scenario uses (pages,
// waiting for a route, logging in, reading the page, screenshots).
//
// One `onestop serve --demo` (fresh SQLite database, free port of
// 127.0.0.1) and one headless Chromium serve every scenario. Two pages work
// at a time: scenarios run two at a time, and one that drives two pages at
// once itself (`width: 2`) runs alone. A scenario names the ones it must
// follow (`after`), e.g. because it uses the cases they left behind. Each scenario's browser contexts are its own and
// are closed when it ends; a person's login cookie is kept after their first
// login through the page, so later scenarios start logged in.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(HERE, '../..');
export const BIN = path.resolve(ROOT, process.env.ONESTOP_BIN || './onestop');
export const SHOTS = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : path.join(HERE, 'screenshots');
export const PASSWORD = 'Demo2026!';
export const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-browser-'));
const SCENARIO_TIMEOUT = 300000;   // a hang guard: on a quiet machine the slowest scenario takes under a minute
// How long one step (a navigation, a route rendering, a text appearing) may
// take: ample on a quiet machine, and enough on one busy with other builds.
export const STEP_TIMEOUT = 20000;
// The server's SQLite database: a scenario may read what the outbox holds for a relay nobody answers.
export const DB = path.join(TMP, 'db');
// Waiting for a condition in the page checks it every POLL ms (not on every
// animation frame, which keeps a busy machine busier).
const POLL = 50;
const WORKERS = Math.max(1, Number(process.env.BROWSER_WORKERS) || 2);

/* What every scenario sees: the server's address and facts scenarios hand
 * on (shared.caseId ...). */
export const env = { BASE: '', browser: null, shared: {}, external: [] };

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
const T0 = Date.now();
export const trace = (what) => { if (process.env.TRACE) console.log(`      [${((Date.now() - T0) / 1000).toFixed(2)}] ${what}`); };

// ---------------------------------------------------------------- server

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startServer() {
  if (!fs.existsSync(BIN)) throw new Error(`no server binary at ${BIN} (run make, or set ONESTOP_BIN)`);
  const port = await freePort();
  const log = fs.openSync(path.join(TMP, 'server.log'), 'w');
  // SMS and email are offered (the account page's choices can be made, an
  // email address added), through a gateway and a relay address on this
  // machine that nobody answers: what would be sent fails and waits for a
  // retry in the outbox, and nothing leaves the machine.
  const gateway = await freePort();
  const relay = await freePort();
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', `sqlite:${DB}`, '--demo',
    '--sms-url', `http://127.0.0.1:${gateway}/sms`, '--smtp-url', `smtp://127.0.0.1:${relay}`,
    '--smtp-from', 'noreply@zwfw.example.gov.cn',
    // the suite is dozens of people's browsers on one address, as behind a proxy: the per-address
    // connection limit (an abuse limit, 128 by default) is raised for it, and said so here
    '--max-per-address', '1024'],
  { stdio: ['ignore', log, log], cwd: ROOT, env: Object.assign({}, process.env, { ONESTOP_SMS_SECRET: 'browser-suite-gateway-secret' }) });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    if (proc.exitCode !== null) break;
    try { const r = await fetch(base + '/readyz'); if (r.ok) return { proc, base }; } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('the server did not become ready; see ' + path.join(TMP, 'server.log'));
}

// ---------------------------------------------------------------- pages

// axe is injected with addScriptTag, which the pages' CSP (default-src 'self')
// refuses: only the accessibility contexts bypass it. Every other context
// reports CSP violations as page errors.
async function makePage({ lang = 'zh', large = false, width = 1280, height = 900, axe = false, storageState } = {}) {
  const ctx = await env.browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: axe, storageState });
  await ctx.addInitScript(([l, big]) => {
    try {
      if (location.protocol === 'http:' && !sessionStorage.getItem('onestop.test.init')) {
        sessionStorage.setItem('onestop.test.init', '1');
        localStorage.setItem('onestop.lang', l);
        localStorage.setItem('onestop.large', big ? '1' : '0');
      }
    } catch (e) { /* a frame without storage (the PDF viewer) */ }
  }, [lang, large]);
  ctx.on('request', (r) => {
    const u = new URL(r.url());
    // chrome:// and chrome-extension:// are the browser's own viewer (PDF), not the network
    if (['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(u.protocol) && u.hostname !== '127.0.0.1') env.external.push(r.url());
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.errors.push(m.text()); });
  return page;
}

// Waits until the route in `hash` (or any route) has rendered.
export async function ready(page, hashPrefix) {
  await page.waitForFunction((pre) => {
    const m = document.getElementById('main');
    if (!m || m.hasAttribute('aria-busy') || !m.querySelector('.page')) return false;
    if (!pre) return true;
    const cur = decodeURIComponent(m.dataset.ready || '');
    return cur.startsWith(pre);
  }, hashPrefix || '', { timeout: STEP_TIMEOUT, polling: POLL });
}

export async function open(page, url) {
  trace('open ' + url);
  const target = new URL(env.BASE + url).href;
  // the page shown now is not the one opened: a hash-only move keeps it until the new route renders
  await page.evaluate(() => { const m = document.getElementById('main'); if (m) delete m.dataset.ready; }).catch(() => {});
  if (new URL(page.url() === 'about:blank' ? env.BASE : page.url()).href === target) await page.reload();
  else await page.goto(target);
  const i = url.indexOf('#');
  await ready(page, i >= 0 ? url.slice(i) : '');
}

export async function shot(page, name, opts = {}) {
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: opts.fullPage !== false });
}

/* The demo staff's one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, 6
 * digits) from the secrets data/demo/accounts.json publishes (demo only). A
 * code is accepted once per account, so a second login of one account takes
 * the next step's code (the server allows one step of drift), and waits for
 * the clock only when that one is used too. */
const DEMO_TOTP = Object.fromEntries(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/accounts.json'), 'utf8'))
  .filter((a) => a.totp_secret).map((a) => [a.username, a.totp_secret]));
const usedSteps = new Map();
function base32(s) {
  let bits = 0, v = 0; const out = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    v = (v << 5) | 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(ch); bits += 5;
    if (bits >= 8) { out.push((v >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}
export function totp(secret, step) {
  const msg = Buffer.alloc(8); msg.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}
export async function otpFor(username) {
  const now = Math.floor(Date.now() / 30000), last = usedSteps.get(username);
  const step = last === undefined ? now : Math.max(now, last + 1);
  if (step > now + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30000 - Date.now() + 50));
  usedSteps.set(username, step);
  return totp(DEMO_TOTP[username], step);
}

/* Logs `username` in. The first time through the login page of `app`; after
 * that the session cookie it got is put into the page's context, and the
 * page opens where the login page would have sent it. */
const cookies = new Map();
export async function login(page, username, app = 'portal') {
  trace('login ' + username);
  const root = app === 'workbench' ? '/workbench/' : '/';
  if (cookies.has(username)) {
    await page.context().addCookies(cookies.get(username));
    await open(page, root + (app === 'workbench' ? '#/tasks' : '#/'));
    return;
  }
  await open(page, root + '#/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^密码|^Password/).fill(PASSWORD);
  if (DEMO_TOTP[username]) await page.getByLabel(/^动态验证码|^One-time code/).fill(await otpFor(username));
  await page.locator('#main form button[type=submit]').click();
  // the page the login leads to has rendered (the login page itself is ready too, and stays a moment)
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    const at = m && !m.hasAttribute('aria-busy') && m.querySelector('.page') && m.dataset.ready;
    return !!at && !decodeURIComponent(at).startsWith('#/login') && !location.hash.startsWith('#/login');
  }, null, { timeout: STEP_TIMEOUT, polling: POLL });
  cookies.set(username, await page.context().cookies());
}

/* The session cookie of `username`, for a fresh context (storageState):
 * from their last login, or from a login in a page of its own. */
export async function sessionOf(newPage, username, app = 'portal') {
  if (!cookies.has(username)) await login(await newPage(), username, app);
  return { cookies: cookies.get(username), origins: [] };
}

/* One API call from a logged-in page, with its CSRF token (read once per
 * page) and If-Match when a version is given; asserts a 2xx and returns the
 * body. For scenarios that set up through the API what they then check in
 * the pages. */
const csrfOf = new WeakMap();
export async function apiCall(page, method, path, body, version) {
  if (!csrfOf.has(page)) {
    csrfOf.set(page, await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).csrf_token));
  }
  const r = await page.evaluate(async ([m, p, b, v, token]) => {
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': token };
    if (v !== null) headers['If-Match'] = '"' + v + '"';
    const res = await fetch('/api/v1' + p, { method: m, headers, body: b ? JSON.stringify(b) : undefined });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [method, path, body || null, version === undefined ? null : version, csrfOf.get(page)]);
  assert(r.status < 300, `${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/* Polls an async predicate run in the page (a fetch, say) until it answers truthy. Not
 * page.waitForFunction: that takes the promise an async predicate returns as the answer, truthy
 * at once, and so never waits. */
export async function until(page, fn, arg = null, { timeout = STEP_TIMEOUT, what = 'the condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`${what} did not hold within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, POLL));
  }
}

export async function text(page, sel = '#main') { return (await page.locator(sel).innerText()).replace(/\s+/g, ' '); }

export async function expectText(page, re, sel = '#main') {
  try {
    await page.waitForFunction(([src, flags, s]) => new RegExp(src, flags).test(((document.querySelector(s) || {}).innerText || '').replace(/\s+/g, ' ')), [re.source, re.flags, sel], { timeout: STEP_TIMEOUT, polling: POLL });
  } catch (e) {
    throw new Error(`expected ${re} in ${sel}; page says: ${(await text(page, sel).catch(() => '?')).slice(0, 600)}`);
  }
}

// ---------------------------------------------------------------- scenarios

const scenarios = [];

/* Registers a scenario. fn({newPage, log}) gets a page maker whose pages
 * are checked for script errors and closed at the end, and log(line) for
 * lines printed with its result. opts.after: names (or name prefixes) of
 * scenarios to finish first; opts.width: how many pages it drives at once
 * (1); opts.last: after every other one. */
export function test(name, fn, opts = {}) {
  scenarios.push({ name, fn, after: opts.after || [], width: Math.min(opts.width || 1, WORKERS), last: !!opts.last });
}

async function runOne(t) {
  const pages = [];
  const started = Date.now();
  const newPage = async (opts) => { const p = await makePage(opts); pages.push(p); return p; };
  let line, ok = false;
  try {
    let timer;
    await Promise.race([
      t.fn({ newPage, log: (line) => t.log.push(line) }),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${SCENARIO_TIMEOUT / 1000} s`)), SCENARIO_TIMEOUT); }),
    ]).finally(() => clearTimeout(timer));
    const errs = pages.flatMap((p) => p.errors);
    assert(!errs.length, 'script errors in the page: ' + errs.join('; '));
    ok = true;
    line = `ok    ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  } catch (e) {
    line = `FAIL  ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n      ${String(e && e.message || e).split('\n').join('\n      ')}`;
    const safe = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [i, p] of pages.entries()) await p.screenshot({ path: path.join(SHOTS, `FAIL-${safe}-${i}.png`), fullPage: true }).catch(() => {});
  }
  for (const p of pages) await p.context().close().catch(() => {});
  if (t.log.length) console.log(t.log.join('\n'));
  console.log(line);
  return ok;
}

/* Runs the scenarios whose name contains `filter`, WORKERS at a time, in
 * the order registered as far as `after`, `width` and `last` allow. */
async function schedule(filter) {
  const todo = scenarios.filter((t) => !filter || t.name.includes(filter));
  for (const t of todo) t.log = [];
  const done = new Set(), running = new Set();
  let passed = 0, failed = 0;
  const waitsFor = (t, o) => t.last ? o !== t : t.after.some((a) => o.name.startsWith(a));
  const busy = () => [...running].reduce((n, o) => n + o.width, 0);
  const canStart = (t) => busy() + t.width <= WORKERS &&
    !todo.some((o) => o !== t && !done.has(o) && waitsFor(t, o) && !(o.last && t.last));
  await new Promise((resolve) => {
    const pump = () => {
      if (done.size === todo.length) { resolve(); return; }
      for (const t of todo) {
        if (busy() >= WORKERS) break;
        if (done.has(t) || running.has(t) || !canStart(t)) continue;
        running.add(t);
        runOne(t).then((ok) => {
          if (ok) passed++; else failed++;
          running.delete(t);
          done.add(t);
          pump();
        });
      }
    };
    pump();
  });
  return { passed, failed };
}

/* Starts the server and the browser, runs the scenarios, prints one line per
 * scenario and the closing "N passed, N failed"; exits 0 when all passed. */
export async function main(filter) {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!filter) for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.unlinkSync(path.join(SHOTS, f));
  let server;
  const selected = scenarios.filter((t) => !filter || t.name.includes(filter)).length;
  let summary = `0 passed, ${selected} failed`;
  try {
    server = await startServer();
    env.BASE = server.base;
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,      // playwright gives each launch a fresh, temporary user-data-dir
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const { passed, failed } = await schedule(filter);
    summary = `${passed} passed, ${failed} failed`;
  } catch (e) {
    console.log('FAIL  setup: ' + (e && e.stack || e));
  } finally {
    if (env.browser) await env.browser.close().catch(() => {});
    if (server) server.proc.kill('SIGTERM');
  }
  const ok = /^\d+ passed, 0 failed$/.test(summary) && !summary.startsWith('0 passed');
  if (ok) fs.rmSync(TMP, { recursive: true, force: true });
  else console.log('      server log and database kept in ' + TMP);
  console.log(summary);
  process.exit(ok ? 0 : 1);
}
