// Browser tests of the portal (/) and the workbench (/workbench/).
//
// Starts a real `onestop serve --demo` on a free port of 127.0.0.1 with a
// fresh SQLite database, drives Debian's Chromium (headless) through
// playwright-core, and checks the acceptance scenarios: applying, correction,
// window and assisted applications, appointments, keyboard-only use,
// accessibility (axe-core) in both languages and in large-text mode, 360 px
// layouts, no request to any other host, and the first view's weight.
// Screenshots of every main page go to tests/browser/screenshots/ on each run
// (and FAIL-*.png on a failure). Ends with one line "N passed, N failed".
//
//   node tests/browser/run.mjs [name-filter]
//   ONESTOP_BIN=path/to/onestop (default ./onestop from the repository root)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = path.resolve(ROOT, process.env.ONESTOP_BIN || './onestop');
const SHOTS = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : path.join(HERE, 'screenshots');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FILTER = process.argv[2] || '';
const PASSWORD = 'Demo2026!';
const SCENARIO_TIMEOUT = 90000;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-browser-'));
fs.mkdirSync(SHOTS, { recursive: true });
if (!FILTER) for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.unlinkSync(path.join(SHOTS, f));

// Small files for uploads: a real one-page PDF and a 1x1 PNG.
const PDF = path.join(TMP, 'material.pdf');
fs.writeFileSync(PDF, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = path.join(TMP, 'photo.png');
fs.writeFileSync(PNG, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

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
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', `sqlite:${path.join(TMP, 'db')}`, '--demo'],
    { stdio: ['ignore', log, log], cwd: ROOT });
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

// ---------------------------------------------------------------- harness

const results = [];
const external = [];   // requests that left 127.0.0.1
let browser, BASE;
const shared = {};      // facts scenarios hand on (case ids...)

function assert(cond, msg) { if (!cond) throw new Error(msg); }
const T0 = Date.now();
const trace = (what) => { if (process.env.TRACE) console.log(`      [${((Date.now() - T0) / 1000).toFixed(2)}] ${what}`); };

// axe is injected with addScriptTag, which the pages' CSP (default-src 'self')
// refuses: only the accessibility contexts bypass it. Every other context
// reports CSP violations as page errors.
async function newPage({ lang = 'zh', large = false, width = 1280, height = 900, axe = false, storageState } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: axe, storageState });
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
    if (['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(u.protocol) && u.hostname !== '127.0.0.1') external.push(r.url());
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.errors.push(m.text()); });
  return page;
}

async function closePage(page) { await page.context().close(); }

// Waits until the route in `hash` (or any route) has rendered.
async function ready(page, hashPrefix) {
  await page.waitForFunction((pre) => {
    const m = document.getElementById('main');
    if (!m || m.hasAttribute('aria-busy') || !m.querySelector('.page')) return false;
    if (!pre) return true;
    const cur = decodeURIComponent(m.dataset.ready || '');
    return cur.startsWith(pre);
  }, hashPrefix || '', { timeout: 10000 });
}

async function open(page, url) {
  trace('open ' + url);
  const target = new URL(BASE + url).href;
  if (new URL(page.url() === 'about:blank' ? BASE : page.url()).href === target) await page.reload();
  else await page.goto(target);
  const i = url.indexOf('#');
  await ready(page, i >= 0 ? url.slice(i) : '');
}

async function shot(page, name, opts = {}) {
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: opts.fullPage !== false });
}

async function login(page, username, app = 'portal') {
  trace('login ' + username);
  const root = app === 'workbench' ? '/workbench/' : '/';
  await open(page, root + '#/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^密码|^Password/).fill(PASSWORD);
  await page.locator('#main form button[type=submit]').click();
  await page.waitForFunction(() => !location.hash.startsWith('#/login'));
  await ready(page);
}

async function text(page, sel = '#main') { return (await page.locator(sel).innerText()).replace(/\s+/g, ' '); }

async function expectText(page, re, sel = '#main') {
  try {
    await page.waitForFunction(([src, flags, s]) => new RegExp(src, flags).test(((document.querySelector(s) || {}).innerText || '').replace(/\s+/g, ' ')), [re.source, re.flags, sel], { timeout: 10000 });
  } catch (e) {
    throw new Error(`expected ${re} in ${sel}; page says: ${(await text(page, sel).catch(() => '?')).slice(0, 600)}`);
  }
}

function test(name, fn) { results.push({ name, fn }); }

async function run() {
  let passed = 0, failed = 0;
  for (const t of results) {
    if (FILTER && !t.name.includes(FILTER)) continue;
    const pages = [];
    const started = Date.now();
    const track = async (opts) => { const p = await newPage(opts); pages.push(p); return p; };
    try {
      let timer;
      await Promise.race([
        t.fn(track),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${SCENARIO_TIMEOUT / 1000} s`)), SCENARIO_TIMEOUT); }),
      ]).finally(() => clearTimeout(timer));
      const errs = pages.flatMap((p) => p.errors);
      assert(!errs.length, 'script errors in the page: ' + errs.join('; '));
      passed++;
      console.log(`ok    ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n      ${String(e && e.message || e).split('\n').join('\n      ')}`);
      const safe = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      for (const [i, p] of pages.entries()) await p.screenshot({ path: path.join(SHOTS, `FAIL-${safe}-${i}.png`), fullPage: true }).catch(() => {});
    }
    for (const p of pages) await closePage(p).catch(() => {});
  }
  return { passed, failed };
}

// ---------------------------------------------------------------- shared steps

const FOOD = 'XK00103000';
const FOOD_FORM_OK = {
  shop_name: '老王兰州牛肉面', shop_address: '上海市黄浦区南京东路100号', shop_area: '45.5',
  food_items: '热食类食品制售', food_safety_manager: '王小明',
};

// Fills the food licence wizard as the logged-in enterprise; `firstError`
// first presses Next on an incomplete form and checks the errors.
async function applyFood(page, { firstError = false, shotPrefix = '' } = {}) {
  await open(page, '/#/');
  await page.getByRole('searchbox').fill('餐饮');
  await page.getByRole('button', { name: /^搜索$|^Search$/ }).click();
  await ready(page, '#/search');
  await page.getByRole('link', { name: '食品经营许可' }).click();
  await ready(page, '#/matters/' + FOOD);
  if (shotPrefix) await shot(page, shotPrefix + 'guide');
  await page.getByRole('link', { name: '在线办理' }).click();
  await ready(page, '#/apply/' + FOOD);
  const step = page.locator('form.step-form');
  await step.waitFor();
  if (firstError) {
    await step.getByLabel(/经营场所面积/).fill('四十五');
    await page.getByRole('button', { name: '下一步' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expectText(page, /「经营场所名称（店招）」为必填项/, '.error-summary');
    await expectText(page, /「经营场所面积（平方米）」应填写数字/, '.error-summary');
    const shop = step.getByLabel(/经营场所名称/);
    assert(await shop.getAttribute('aria-invalid') === 'true', 'the shop name field is not marked aria-invalid');
    const described = (await shop.getAttribute('aria-describedby')).split(' ');
    const errId = described.find((id) => id.endsWith('-err'));
    assert(errId && /为必填项/.test(await page.locator('#' + errId).innerText()), 'the field error is not linked by aria-describedby');
    assert(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('error-summary')), 'focus did not move to the error summary');
    if (shotPrefix) await shot(page, shotPrefix + 'apply-errors');
  }
  for (const [k, v] of Object.entries(FOOD_FORM_OK)) await step.locator(`[data-key="${k}"] input, [data-key="${k}"] textarea`).fill(v);
  await step.getByRole('radio', { name: '餐饮服务经营者' }).check();
  await step.locator('[data-key="online_sales"]').getByRole('radio', { name: '否' }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor();
  const keys = await mats.locator('.material-pick').evaluateAll((els) => els.map((e) => [e.dataset.key, !!e.querySelector('.req')]));
  for (const [key, required] of keys) {
    if (!required) continue;
    const input = mats.locator(`[data-key="${key}"] input[type=file]`);
    await input.setInputFiles(key === 'id_card' ? PNG : PDF);
    await mats.locator(`[data-key="${key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  assert(await mats.locator('progress').count() > 0, 'no upload progress bar');
  if (shotPrefix) await shot(page, shotPrefix + 'apply-materials');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-delivery').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-review').waitFor();
  await page.getByLabel(/本人承诺/).check();
  if (shotPrefix) await shot(page, shotPrefix + 'apply-review');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expectText(page, /申请已提交/);
  const number = (await page.locator('.case-number').innerText()).trim();
  const href = await page.getByRole('link', { name: '查看办件' }).getAttribute('href');
  return { number, id: href.split('/').pop() };
}

// Runs one case action in the workbench case view.
async function act(page, label, fill) {
  trace('act ' + label);
  await page.locator('.actions-panel').getByRole('button', { name: label, exact: true }).click();
  const form = page.locator('form.action-form');
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByRole('button', { name: /^确认/ }).click();
  await expectText(page, new RegExp('已完成：' + label), '#main');
}

async function caseStatus(page) { return (await page.locator('.case-meta .status').innerText()).trim(); }

// ---------------------------------------------------------------- scenarios

test('apply online, accept, approve, see the completed case and its timeline', async (newPage) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  await shot(app, 'portal-home');
  const c = await applyFood(app, { firstError: true, shotPrefix: 'portal-' });
  shared.caseId = c.id;
  shared.caseNumber = c.number;
  await shot(app, 'portal-apply-done');

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/tasks');
  await expectText(clerk, new RegExp(c.number));
  await shot(clerk, 'workbench-tasks');
  await clerk.getByRole('link', { name: c.number }).click();
  await ready(clerk, '#/cases/');
  await act(clerk, '受理');
  assert(await caseStatus(clerk) === '已受理', 'not accepted: ' + await caseStatus(clerk));

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/cases/' + c.id);
  await shot(rev, 'workbench-case');
  await act(rev, '开始审查');
  await act(rev, '准予许可');
  await act(rev, '制证');
  await act(rev, '送达');
  await act(rev, '办结');
  assert(await caseStatus(rev) === '已办结', 'not completed: ' + await caseStatus(rev));

  await open(app, '/#/cases');
  await expectText(app, new RegExp(c.number + '.*已办结'));
  await shot(app, 'portal-cases');
  await app.getByRole('link', { name: c.number }).click();
  await ready(app, '#/cases/');
  const tl = await text(app, '.timeline');
  for (const step of ['提交申请', '受理', '开始审查', '准予许可', '制证', '送达', '办结']) assert(tl.includes(step), `the timeline lacks ${step}: ${tl}`);
  await shot(app, 'portal-case-completed');
});

test('correction of a field and a material, answered, then accepted', async (newPage) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  const c = await applyFood(app);
  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/cases/' + c.id);
  await act(clerk, '一次性告知补正', async (form) => {
    await form.getByRole('checkbox', { name: '经营场所地址' }).check();
    await form.getByLabel('“经营场所地址”补正原因').fill('地址缺少门牌号');
    await form.getByRole('checkbox', { name: '经营场所平面布局图' }).check();
    await form.getByLabel('“经营场所平面布局图”补正原因').fill('平面图不清晰，请重新扫描');
    await shot(clerk, 'workbench-correction');
  });
  assert(await caseStatus(clerk) === '待补正', 'not in correction: ' + await caseStatus(clerk));

  await open(app, '/#/cases/' + c.id);
  await expectText(app, /补正告知[\s\S]*经营场所地址[\s\S]*地址缺少门牌号[\s\S]*经营场所平面布局图[\s\S]*平面图不清晰/);
  await shot(app, 'portal-correction');
  const answer = app.locator('section', { has: app.getByRole('heading', { name: '提交补正' }) });
  await answer.locator('[data-key="shop_address"] input').fill('上海市黄浦区南京东路100号101室');
  await answer.locator('[data-key="venue_floor_plan"] input[type=file]').setInputFiles(PDF);
  await answer.locator('[data-key="venue_floor_plan"] .upload-status').filter({ hasText: '已上传' }).waitFor();
  await answer.getByRole('button', { name: '提交补正材料' }).click();
  await expectText(app, /已提交，待受理/, '.case-meta');

  await open(clerk, '/workbench/#/cases/' + c.id);
  await act(clerk, '受理');
  assert(await caseStatus(clerk) === '已受理', 'not accepted after correction: ' + await caseStatus(clerk));
});

test('refuse at intake; suspend, resume, extend and deny with remedies', async (newPage) => {
  const app = await newPage();
  await login(app, 'xiaochi');
  const one = await applyFood(app);
  const two = await applyFood(app);

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/cases/' + one.id);
  await act(clerk, '不予受理', async (form) => {
    await form.getByLabel('原因').selectOption('not_in_remit');
    await form.getByLabel('具体说明').fill('该经营场所位于外省市，不属于本机关管辖');
    await form.getByLabel('法律依据').fill('《中华人民共和国行政许可法》第三十二条第一款第（二）项');
    await form.getByLabel('告知向哪个机关申请').fill('经营场所所在地市场监督管理部门');
  });
  assert(await caseStatus(clerk) === '不予受理', 'not refused: ' + await caseStatus(clerk));
  await open(clerk, '/workbench/#/cases/' + two.id);
  await act(clerk, '受理');

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/cases/' + two.id);
  await act(rev, '开始审查');
  await act(rev, '中止计时（特别程序）', async (form) => {
    await form.getByRole('radio', { name: '现场核查' }).check();
    await form.getByLabel('原因').fill('需对经营场所进行现场核查');
    await form.getByLabel('预计所需天数').fill('3');
  });
  await expectText(rev, /计时暂停/, '.clock');
  await act(rev, '恢复计时');

  const appr = await newPage();
  await login(appr, 'amr_approver', 'workbench');
  await open(appr, '/workbench/#/cases/' + two.id);
  await act(appr, '延长期限', async (form) => {
    await form.getByLabel('延长工作日数').fill('5');
    await form.getByLabel('原因').fill('情况复杂，经本机关负责人批准延长');
  });
  await expectText(appr, /已延期/, '.clock');
  await act(appr, '不予许可', async (form) => {
    await form.getByLabel('原因').fill('现场核查发现经营场所不符合食品安全要求');
    await form.getByLabel('法律依据').fill('《中华人民共和国食品安全法》第三十五条');
  });
  assert(await caseStatus(appr) === '不予许可', 'not denied: ' + await caseStatus(appr));
  await shot(appr, 'workbench-case-denied');

  await open(app, '/#/cases/' + two.id);
  await expectText(app, /不予许可[\s\S]*现场核查发现经营场所不符合[\s\S]*行政复议/);
  await open(app, '/#/cases/' + one.id);
  await expectText(app, /不予受理[\s\S]*不属于本机关职权范围/);
});

async function windowApply(page, { channel, idNumber, agent }) {
  await open(page, '/workbench/#/window');
  await page.getByLabel('办理事项').selectOption('XK00102000');
  await page.getByRole('button', { name: '开始录入' }).click();
  await ready(page, '#/window?matter=XK00102000');
  const who = page.locator('form.step-who');
  await who.waitFor();
  if (channel === 'assisted') await who.getByRole('radio', { name: /帮办代办/ }).check();
  await who.getByLabel('申请人身份证号码').fill(idNumber);
  if (agent) {
    await who.getByLabel('代理人姓名').fill(agent.name);
    await who.getByLabel('代理人身份证号码').fill(agent.id);
    await who.getByLabel('与申请人关系').selectOption(agent.relation);
    await who.locator('[data-key="authorization"] input[type=file]').setInputFiles(PDF);
    await who.locator('[data-key="authorization"] .upload-status').filter({ hasText: '已上传' }).waitFor();
    await shot(page, 'workbench-window-assisted');
  }
  await page.getByRole('button', { name: '下一步' }).click();
  const f = page.locator('form.step-form');
  await f.waitFor();
  await f.locator('[data-key="enterprise_name"] input').fill(agent ? '李四修鞋铺' : '张三便利店');
  await f.getByRole('radio', { name: '个人经营' }).check();
  await f.locator('[data-key="enterprise_address"] input').fill('上海市徐汇区漕溪北路88号');
  await f.locator('[data-key="enterprise_region"] select').selectOption('310104');
  await f.locator('[data-key="business_scope"] textarea').fill('日用百货零售');
  await f.locator('[data-key="capital_amount"] input').fill('5');
  await f.locator('[data-key="applicant_name"] input').fill(agent ? '李四' : '张三');
  await f.locator('[data-key="applicant_id_number"] input').fill(idNumber);
  await f.locator('[data-key="applicant_phone"] input').fill('13800138000');
  await page.getByRole('button', { name: '下一步' }).click();
  const mats = page.locator('form.step-materials');
  await mats.waitFor();
  for (const key of ['id_card', 'premises_proof']) {
    await mats.locator(`[data-key="${key}"] input[type=file]`).setInputFiles(key === 'id_card' ? PNG : PDF);
    await mats.locator(`[data-key="${key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-delivery').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('form.step-review').waitFor();
  await page.getByLabel(/本人承诺/).check();
  await page.getByRole('button', { name: '提交并生成办件' }).click();
  await expectText(page, /已录入申请/);
  return (await page.locator('.case-number').innerText()).trim();
}

test('window: walk-in for a person present, and assisted for someone else; both see their case', async (newPage) => {
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

// Uses the cases the scenarios above left in the queue (intake and review).
test('bulk assign and bulk claim in the task queue', async (newPage) => {
  const head = await newPage();
  await login(head, 'amr_head', 'workbench');
  await open(head, '/workbench/#/tasks');
  const intake = head.locator('tbody tr', { hasText: '受理' }).filter({ hasText: '未认领' });
  const n = await intake.count();
  assert(n > 0, 'no unclaimed intake task to assign');
  for (let i = 0; i < n; i++) await intake.nth(i).getByRole('checkbox').check();
  await head.getByLabel('分派给').selectOption({ label: '市场监管窗口 陈静（窗口人员）' });
  await head.getByRole('button', { name: '分派所选' }).click();
  await expectText(head, new RegExp('已处理 ' + n + ' 项任务'), '.flash');
  assert(await head.locator('tbody tr', { hasText: '受理' }).filter({ hasText: '陈静' }).count() >= n, 'the assigned tasks do not show the clerk');
  await shot(head, 'workbench-tasks-assigned');

  const rev = await newPage();
  await login(rev, 'amr_reviewer', 'workbench');
  await open(rev, '/workbench/#/tasks');
  const review = rev.locator('tbody tr', { hasText: '审查' }).filter({ hasText: '未认领' });
  const m = await review.count();
  assert(m > 0, 'no unclaimed review task to claim');
  for (let i = 0; i < m; i++) await review.nth(i).getByRole('checkbox').check();
  await rev.getByRole('button', { name: '认领所选' }).click();
  await expectText(rev, new RegExp('已处理 ' + m + ' 项任务'), '.flash');
  assert(await rev.locator('tbody tr', { hasText: '审查' }).filter({ hasText: '刘洋' }).count() >= m, 'the claimed tasks do not show the reviewer');
});

test('appointment booked on a weekend slot, then checked in at the window', async (newPage) => {
  const app = await newPage();
  await login(app, 'zhangsan');
  await open(app, '/#/appointments?department=amr');
  const weekend = app.locator('button.day.weekend');
  assert(await weekend.count() > 0, 'no weekend day is shown');
  let booked = null;
  for (let i = 0; i < await weekend.count() && !booked; i++) {
    const day = weekend.nth(i);
    const date = await day.getAttribute('data-date');
    await day.click();
    await app.locator('.slots h3').waitFor();
    const free = app.locator('.slots button.slot:not([disabled])');
    if (await free.count() === 0) continue;
    await free.first().click();
    await app.getByRole('dialog').getByRole('button', { name: '预约' }).click();
    await expectText(app, /预约成功/);
    booked = date;
  }
  assert(booked, 'no weekend slot could be booked (none published?)');
  await expectText(app, new RegExp(booked + '.*已预约'), '.appt-list');
  await shot(app, 'portal-appointments');

  const clerk = await newPage();
  await login(clerk, 'amr_clerk', 'workbench');
  await open(clerk, '/workbench/#/appointments?date=' + booked);
  await expectText(clerk, /张三/);
  await clerk.getByRole('button', { name: /签到/ }).first().click();
  await expectText(clerk, /已签到/);
  await shot(clerk, 'workbench-appointments');
  await open(app, '/#/appointments');
  await expectText(app, /已签到/, '.appt-list');

  // another booking, then cancelled by the person
  await app.locator('button.day').first().click();
  await app.locator('.slots h3').waitFor();
  const free = app.locator('.slots button.slot:not([disabled])');
  if (await free.count() === 0) { await app.locator('button.day').nth(1).click(); await app.locator('.slots h3').waitFor(); }
  await app.locator('.slots button.slot:not([disabled])').first().click();
  await app.getByRole('dialog').getByRole('button', { name: '预约' }).click();
  await expectText(app, /已预约/, '.appt-list');
  await app.locator('.appt-list').getByRole('button', { name: /取消预约/ }).first().click();
  await app.getByRole('dialog').getByRole('button', { name: '取消预约' }).click();
  await expectText(app, /已取消/, '.appt-list');
});

// Presses Tab until the focused element matches `pred` (or gives up).
async function tabTo(page, pred, arg, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred, arg)) return;
  }
  throw new Error('could not reach by Tab: ' + (typeof arg === 'string' ? arg : JSON.stringify(arg)));
}
const focusedText = (re) => new RegExp(re).test(((document.activeElement && (document.activeElement.innerText || document.activeElement.value || '')) || '').trim());
const focusIs = ([sel, txt]) => {
  const a = document.activeElement;
  if (!a || !a.matches(sel)) return false;
  return !txt || (a.innerText || a.value || a.getAttribute('aria-label') || '').includes(txt) ||
    (a.labels && [...a.labels].some((l) => l.innerText.includes(txt)));
};

test('the whole apply flow with the keyboard alone', async (newPage) => {
  const page = await newPage();
  // The file chooser that Space opens is answered here; registering early
  // lets playwright intercept the dialog before any key is pressed.
  page.on('filechooser', (fc) => fc.setFiles(PDF));
  await page.goto(BASE + '/#/login');
  await ready(page, '#/login');
  // the skip link is the first stop and is visible when focused
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'the skip link is not the first Tab stop');
  await tabTo(page, focusIs, ['input', '用户名']);
  await page.keyboard.type('xiaochi');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !location.hash.startsWith('#/login'));
  await ready(page);
  await tabTo(page, focusIs, ['input[type=search]', '']);
  await page.keyboard.type('餐饮');
  await page.keyboard.press('Enter');
  await ready(page, '#/search');
  await tabTo(page, focusIs, ['a', '食品经营许可']);
  await page.keyboard.press('Enter');
  await ready(page, '#/matters/');
  await tabTo(page, focusIs, ['a', '在线办理']);
  await page.keyboard.press('Enter');
  await ready(page, '#/apply/');
  const fill = async (label, value) => { await tabTo(page, focusIs, ['input, textarea', label]); await page.keyboard.press('Control+A'); await page.keyboard.type(value); };
  await fill('经营场所名称', FOOD_FORM_OK.shop_name);
  await fill('经营场所地址', FOOD_FORM_OK.shop_address);
  await fill('经营场所面积', FOOD_FORM_OK.shop_area);
  await tabTo(page, focusIs, ['input[type=radio]', '']);          // 主体业态: arrows move and select
  await page.keyboard.press('ArrowDown');
  assert(await page.evaluate(() => document.activeElement.value === 'catering' && document.activeElement.checked), 'arrow keys did not select 餐饮服务经营者');
  await fill('经营项目', FOOD_FORM_OK.food_items);
  await tabTo(page, focusIs, ['input[type=radio]', '']);          // 是否通过网络经营
  await page.keyboard.press('ArrowDown');                         // → 否 (selects it)
  await fill('食品安全管理人员姓名', FOOD_FORM_OK.food_safety_manager);
  await tabTo(page, focusIs, ['button', '下一步']);
  await page.keyboard.press('Enter');
  await page.locator('form.step-materials').waitFor();
  const required = await page.locator('form.step-materials .material-pick').evaluateAll((els) => els.filter((e) => e.querySelector('.req')).map((e) => e.dataset.key));
  for (const key of required) {
    await tabTo(page, ([k]) => document.activeElement && document.activeElement.type === 'file' && document.activeElement.closest('[data-key]').dataset.key === k, [key]);
    await page.keyboard.press('Space');
    await page.locator(`[data-key="${key}"] .upload-status`).filter({ hasText: '已上传' }).waitFor();
  }
  await tabTo(page, focusIs, ['button', '下一步']);
  await page.keyboard.press('Enter');
  await page.locator('form.step-delivery').waitFor();
  await tabTo(page, focusIs, ['button', '下一步']);
  await page.keyboard.press('Enter');
  await page.locator('form.step-review').waitFor();
  await tabTo(page, focusIs, ['input[type=checkbox]', '本人承诺']);
  // focus is visible: the outline is drawn
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== 'none', 'no visible focus outline on the declaration checkbox');
  await page.keyboard.press('Space');
  await tabTo(page, focusIs, ['button', '提交申请']);
  await page.keyboard.press('Enter');
  await expectText(page, /申请已提交/);
  await shot(page, 'portal-keyboard-done');
});

// Every main page, in zh, en and large-text mode: axe finds nothing serious.
const PORTAL_PAGES = [
  ['home', '/#/'], ['search', '/#/search?q=餐饮'], ['guide', '/#/matters/' + FOOD], ['register', '/#/register'],
  ['apply', '/#/apply/' + FOOD, 'xiaochi'], ['cases', '/#/cases', 'xiaochi'], ['case', () => '/#/cases/' + shared.caseId, 'xiaochi'],
  ['appointments', '/#/appointments?department=amr', 'xiaochi'], ['messages', '/#/messages', 'xiaochi'], ['login', '/#/login'],
];
const WB_PAGES = [
  ['wb-login', '/workbench/#/login'], ['wb-tasks', '/workbench/#/tasks', 'amr_clerk'], ['wb-case', () => '/workbench/#/cases/' + shared.caseId, 'amr_clerk'],
  ['wb-window', '/workbench/#/window?matter=XK00102000', 'amr_clerk'], ['wb-appointments', '/workbench/#/appointments', 'amr_head'],
];

async function axeCheck(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const [mode, opts] of [['zh', { lang: 'zh', axe: true }], ['en', { lang: 'en', axe: true }], ['large', { lang: 'zh', large: true, axe: true }]]) {
  test(`accessibility (axe) of every page: ${mode}`, async (newPage) => {
    const problems = [];
    const sessions = {};
    for (const [name, url, user] of [...PORTAL_PAGES, ...WB_PAGES]) {
      const key = (user || 'anon') + (name.startsWith('wb-') ? '-wb' : '');
      if (!sessions[key]) {
        sessions[key] = await newPage(opts);
        if (user) await login(sessions[key], user, name.startsWith('wb-') ? 'workbench' : 'portal');
      }
      const page = sessions[key];
      const u = typeof url === 'function' ? url() : url;
      if (u.includes('undefined')) continue;   // no case: the apply scenario did not run (or failed, and says so)
      await open(page, u);
      if (name === 'apply') { await page.locator('form.step-form button[type=submit]').click(); await page.locator('.error-summary').waitFor(); }
      if (name === 'appointments') { await page.locator('button.day.weekend').first().click(); await page.locator('.slots h3').waitFor(); }
      for (const v of await axeCheck(page)) problems.push(`${name}: ${v}`);
      await shot(page, `${mode}-${name}`);
    }
    assert(!problems.length, problems.join('\n'));
  });
}

// The page's validator (web/shared/form.js) against the server's: random forms for
// every matter, each sent to POST /api/v1/cases without materials (so none is
// filed); the form errors must agree in field, code and message, in both languages.
test('the form rules in the page are the server\'s (every matter, zh and en)', async (newPage) => {
  const page = await newPage();
  await login(page, 'zhangsan');
  const report = await page.evaluate(async () => {
    const { validate } = await import('/assets/shared/form.js');
    const i18n = await import('/assets/shared/i18n.js');
    const me = await (await fetch('/api/v1/me')).json();
    const regions = (await (await fetch('/api/v1/regions')).json()).items;
    const matters = (await (await fetch('/api/v1/matters?limit=100')).json()).items;
    let seed = 20261123;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = (a) => a[Math.floor(rnd() * a.length)];
    const S = ['', '   ', '\u3000', 'a', 'ab', 'x'.repeat(201), 'line\nbreak', 'tab\tx', '店', '0abc', 'ABC123', null, 5, true, '老王兰州牛肉面', 'x'.repeat(51), 'AB12345678', '12345678'];
    const P = {
      string: S, address: S, text: ['a\nb', 'a\u0001b', 'x'.repeat(4001), 'ok', '', 'x'.repeat(501), 7],
      int: [0, 1, -5, 1.5, '3', 1000000, 99999999999, 6, null, '', true],
      decimal: ['45.5', '45.', '.5', '-1', '1e3', 0, 0.5, 1000001, '1'.repeat(70), 'abc', 45, '0', '100000001', -3],
      date: ['2026-02-29', '2024-02-29', '1899-12-31', '2026-13-01', '2026-1-01', '', 20260101, '2026-12-01', '2025-12-31', '2028-01-01'],
      bool: [true, false, 'true', 0, null],
      id_number: ['310101198503120030', '31010119850312003x', '310101198503120031', '11010519900307123', '310101850312003', '990101198503120030', '310101203012120038', 'abc', '310101198502300030', '810000199001011234'],
      credit_code: ['91310101MA1FPX0Q1Y', '91310101MA1FPX0Q1Z', '91310101MA1FPX0Q1', 'I1310101MA1FPX0Q1Y', '91310101ma1fpx0q1y', ''],
      phone: ['13800138000', '12800138000', '021-62345678', '021-6234567', '0571-8765432', '010-12345678-123', '010-12345678-1234567', '6234567', '021 62345678'],
      email: ['a@b.co', 'a@b', 'a..b@c.com', 'ä@b.com', 'a@-b.com', 'a@b.c1', '', 'x.y+z@sub.example.org'],
      region: ['310104', '310000', '999999', '31010', 'abcdef'],
    };
    let forms = 0;
    const diffs = [];
    for (const l of ['zh', 'en']) {
      i18n.setLang(l);
      for (const item of matters) {
        const m = await (await fetch('/api/v1/matters/' + item.code)).json();
        for (let k = 0; k < 3; k++) {
          const form = {};
          for (const f of m.form.fields) {
            if (rnd() < 0.15) continue;
            form[f.key] = pick(f.type === 'enum' ? [f.options[0].value, 'zzz', '', 1] : P[f.type]);
          }
          const r = await fetch('/api/v1/cases', { method: 'POST', body: JSON.stringify({ matter: m.code, form, materials: [], channel: 'online', delivery: { method: 'electronic' }, submit: true }),
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Accept-Language': l === 'en' ? 'en' : 'zh-CN' } });
          const j = await r.json();
          if (r.status !== 422) { diffs.push(`${m.code}: HTTP ${r.status} ${j.detail || ''}`); continue; }
          forms++;
          const server = (j.errors || []).filter((e) => /^form\./.test(e.field)).map((e) => e.field.slice(5) + ' ' + e.code + ' ' + e.message);
          const client = validate(m.form, form, { regions }).map((e) => e.field + ' ' + e.code + ' ' + e.message);
          const a = server.filter((x) => !client.includes(x)), b = client.filter((x) => !server.includes(x));
          if (a.length || b.length) diffs.push(`${m.code} ${JSON.stringify(form).slice(0, 200)}\n  server only: ${a.join(' | ')}\n  page only: ${b.join(' | ')}`);
        }
      }
    }
    i18n.setLang('zh');
    return { forms, diffs };
  });
  assert(report.forms > 100, `only ${report.forms} forms compared`);
  assert(!report.diffs.length, report.diffs.slice(0, 8).join('\n'));
});

test('usable at 360 px: no sideways scrolling, normal and large text', async (newPage) => {
  const problems = [];
  for (const large of [false, true]) {
    const page = await newPage({ width: 360, height: 740, large });
    const wb = await newPage({ width: 360, height: 740, large });
    await login(page, 'xiaochi');
    await login(wb, 'amr_clerk', 'workbench');
    const list = [['home', page, '/#/'], ['search', page, '/#/search?q=餐饮'], ['guide', page, '/#/matters/' + FOOD], ['apply', page, '/#/apply/' + FOOD],
      ['cases', page, '/#/cases'], ['appointments', page, '/#/appointments?department=amr'], ['wb-tasks', wb, '/workbench/#/tasks'], ['wb-window', wb, '/workbench/#/window?matter=XK00102000']];
    if (shared.caseId) list.push(['case', page, '/#/cases/' + shared.caseId], ['wb-case', wb, '/workbench/#/cases/' + shared.caseId]);
    for (const [name, p, url] of list) {
      await open(p, url);
      const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 1) problems.push(`${name}${large ? ' (large)' : ''} is ${over}px too wide`);
      await shot(p, `narrow-${large ? 'large-' : ''}${name}`);
    }
  }
  assert(!problems.length, problems.join('; '));
});

test('language switch and large-text mode are remembered in this browser', async (newPage) => {
  const page = await newPage();
  await open(page, '/#/');
  await page.getByRole('button', { name: 'English' }).click();
  await expectText(page, /One-stop services/, 'h1');
  assert(await page.evaluate(() => document.documentElement.lang) === 'en', 'html lang is not en');
  await page.getByRole('button', { name: 'Large text' }).click();
  assert(await page.evaluate(() => document.documentElement.classList.contains('a11y-large')), 'large-text mode not applied');
  await page.reload();
  await ready(page);
  assert(await page.evaluate(() => document.documentElement.classList.contains('a11y-large') && document.documentElement.lang === 'en'), 'preferences not remembered after reload');
  assert(await page.getByRole('button', { name: 'Large text' }).getAttribute('aria-pressed') === 'true', 'the large-text button does not say it is on');
  await page.getByRole('button', { name: '中文' }).click();
  await expectText(page, /一网通办/, 'h1');
});

// Cold cache: a logged-in person's cookies carried into a fresh context.
async function firstView(newPage, url, user) {
  let storageState;
  if (user) {
    const l = await newPage();
    await login(l, user, url.startsWith('/workbench/') ? 'workbench' : 'portal');
    storageState = await l.context().storageState();
  }
  const page = await newPage({ storageState });
  const sizes = [];
  page.on('requestfinished', async (r) => { const s = await r.sizes().catch(() => null); if (s) sizes.push(s.responseBodySize + s.responseHeadersSize); });
  await page.goto(BASE + url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await new Promise((r) => setTimeout(r, 200));
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`      first view of ${url}${user ? ' (' + user + ')' : ''}: ${sizes.length} responses, ${(total / 1024).toFixed(1)} KB`);
  return total;
}

test('the first view of / is under 200 KB', async (newPage) => {
  const total = await firstView(newPage, '/');
  assert(total < 200 * 1024, `the first view of / weighs ${(total / 1024).toFixed(1)} KB`);
});

test('the first view of every other page is under 200 KB', async (newPage) => {
  const over = [];
  for (const [url, user] of [['/workbench/'], ['/workbench/#/tasks', 'amr_clerk'], ['/#/apply/' + FOOD, 'xiaochi'], ['/#/cases', 'xiaochi'], ['/workbench/#/window?matter=XK00102000', 'amr_clerk']]) {
    const total = await firstView(newPage, url, user);
    if (total >= 200 * 1024) over.push(`${url}: ${(total / 1024).toFixed(1)} KB`);
  }
  assert(!over.length, over.join('; '));
});

test('no request leaves 127.0.0.1', async () => {
  assert(external.length === 0, 'requests to other hosts: ' + [...new Set(external)].slice(0, 10).join(', '));
});

// ---------------------------------------------------------------- main

let server;
let summary = `0 passed, ${results.length} failed`;
try {
  server = await startServer();
  BASE = server.base;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,      // playwright gives each launch a fresh, temporary user-data-dir
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const { passed, failed } = await run();
  summary = `${passed} passed, ${failed} failed`;
} catch (e) {
  console.log('FAIL  setup: ' + (e && e.stack || e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.proc.kill('SIGTERM');
}
const ok = /^\d+ passed, 0 failed$/.test(summary) && !summary.startsWith('0 passed');
if (ok) fs.rmSync(TMP, { recursive: true, force: true });
else console.log('      server log and database kept in ' + TMP);
console.log(summary);
process.exit(ok ? 0 : 1);
