// The statistics dashboard (issue 13, items 5, 7 and 10): an enterprise files
// three 公章刻制备案 cases, psb's window clerk handles them at once (即办),
// and the enterprise rates them 5, 4 and 1 (the 1 opens a rectification).
// The supervisor's 统计分析 page then draws all four charts with data, shows
// 不见面率 and 满意率 in one block, and its figures equal the API's overview;
// choosing 公安局 changes them to psb's own (the food case of the apply flow
// is amr's, so the two differ); the XLSX download, unzipped here with node's
// zlib, holds the figures the page shows. The demand heat map draws the
// filed cases with a table beside it; every table has its CSV and XLSX
// download, and the demand CSV holds the API's cells; the ranking has its
// falling-flag column. axe finds nothing on the page.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { test, assert, open, login, apiCall as call, shot } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';
import { PDF, APPLY_FLOW, DASHBOARD_FLOW } from '../lib/fixtures.mjs';

const SEAL = 'QT00101000';

async function upload(page) {
  const bytes = [...fs.readFileSync(PDF)];
  return page.evaluate(async (b) => {
    const token = (await (await fetch('/api/v1/me')).json()).csrf_token;
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(b)], { type: 'application/pdf' }), 'material.pdf');
    const r = await fetch('/api/v1/files', { method: 'POST', body: fd, headers: { 'X-CSRF-Token': token } });
    return (await r.json()).id;
  }, bytes);
}

/* One file of a ZIP archive, by its local header (the writer puts the sizes there). */
function unzipEntry(buf, name) {
  for (let i = 0; i + 30 <= buf.length;) {
    if (buf.readUInt32LE(i) !== 0x04034b50) break;
    const method = buf.readUInt16LE(i + 8), csize = buf.readUInt32LE(i + 18);
    const nlen = buf.readUInt16LE(i + 26), xlen = buf.readUInt16LE(i + 28);
    const entry = buf.subarray(i + 30, i + 30 + nlen).toString('utf8');
    const data = buf.subarray(i + 30 + nlen + xlen, i + 30 + nlen + xlen + csize);
    if (entry === name) return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    i += 30 + nlen + xlen + csize;
  }
  throw new Error('no ' + name + ' in the archive');
}

const figure = async (page, k) => (await page.locator(`[data-figure="${k}"] dd`).innerText()).trim();

async function shownMatches(page, o, what) {
  for (const k of ['applications', 'acceptances', 'completions']) {
    assert(await figure(page, k) === String(o[k]), `${what}: ${k} shows ${await figure(page, k)}, the API says ${o[k]}`);
  }
  const rates = await page.locator('.rates-pair').innerText();
  assert(/不见面率/.test(rates) && /满意率/.test(rates), `${what}: the two rates are not together: ${rates}`);
  const pct = (x) => (x * 100).toFixed(1) + '%';
  for (const [k, x] of [['contactless', o.contactless_rate], ['satisfaction', o.satisfaction_rate]]) {
    const t = await page.locator(`[data-rate="${k}"] dd`).innerText();
    assert(x === null ? /无数据/.test(t) : t.includes(pct(x)), `${what}: ${k} shows ${t}, the API says ${x}`);
  }
}

test(DASHBOARD_FLOW, async ({ newPage }) => {
  // three psb cases, handled at once, rated 5, 4 and 1
  const app = await newPage();
  await login(app, 'pd_software');
  const me = await call(app, 'GET', '/me');
  const doc = await call(app, 'GET', '/matters/' + SEAL);
  const form = { credit_code: me.credit_code, enterprise_name: me.name, legal_rep_name: '赵六', seal_set: 'basic_set',
    engraving_company: '浦东刻章社', applicant_name: '赵六', applicant_phone: '13800138000' };
  const filed = [];
  for (let i = 0; i < 3; i++) {
    const materials = [];
    for (const m of doc.materials.filter((x) => x.required)) materials.push({ key: m.key, file: await upload(app) });
    filed.push(await call(app, 'POST', '/cases', { matter: SEAL, channel: 'online', form, materials,
      delivery: { method: 'electronic' } }));
  }
  const clerk = await newPage();
  await login(clerk, 'psb_clerk', 'workbench');
  for (const c of filed) await call(clerk, 'POST', `/cases/${c.id}/actions/handle_now`, {}, c.version);
  for (const [c, level] of filed.map((c, i) => [c, [5, 4, 1][i]])) await call(app, 'POST', `/cases/${c.id}/rating`, { level });

  // the supervisor's dashboard: every chart with data, the figures the API gives
  const sup = await newPage({ axe: true });
  await login(sup, 'supervisor', 'workbench');
  await open(sup, '/workbench/#/stats');
  await sup.locator('[data-chart="rectifications"]').waitFor();
  for (const name of ['trend', 'durations', 'demand', 'levels', 'rectifications']) {
    const chart = sup.locator(`[data-chart="${name}"]`);
    const values = await chart.locator('svg rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
    assert(values.some((v) => v > 0), `the ${name} chart has no data: ${values}`);
    assert(await chart.locator('svg[role="img"]').count() === 1 && await chart.locator('table tbody tr').count() > 0,
      `the ${name} chart has no text alternative`);
  }
  const q = await sup.evaluate(() => location.hash.split('?')[1]);
  assert(/from=.*&to=/.test(q), 'the address does not hold the period: ' + q);
  // other scenarios file cases meanwhile: the page and the API read a moment apart, so a figure of all
  // departments that moved between them is read again (the psb figures below are this scenario's own)
  let all;
  for (let tries = 0; ; tries++) {
    all = await call(sup, 'GET', '/stats/overview?' + q);
    if (tries === 3 || await figure(sup, 'applications') === String(all.applications) &&
        await figure(sup, 'acceptances') === String(all.acceptances) &&
        await figure(sup, 'completions') === String(all.completions)) break;
    await sup.reload();
    await sup.locator('[data-chart="rectifications"]').waitFor();
  }
  await shownMatches(sup, all, 'all departments');
  // the departments ranked, psb among them with its 即办率 (all three handled at once)
  const ranking = await call(sup, 'GET', '/stats/ranking?' + q.replace(/&?(department|matter)=[^&]*/g, ''));
  const rows = sup.locator('[data-ranking] tbody tr');
  assert(await rows.count() === ranking.items.length && ranking.items.some((i) => i.department.code === 'psb'),
    'the ranking table does not list the ranked departments');
  const psbRow = await rows.filter({ hasText: '公安局' }).innerText();
  const psbRank = ranking.items.find((i) => i.department.code === 'psb');
  assert(psbRow.includes((psbRank.immediate_rate * 100).toFixed(1) + '%'), 'psb\'s 即办率 is not shown: ' + psbRow);
  assert(await sup.locator('[data-ranking] thead th').last().innerText() === '预警', 'no falling-flag column');
  // every table downloads as CSV and XLSX; the demand CSV holds the API's cells
  for (const name of ['days', 'durations', 'demand', 'ranking']) {
    for (const f of ['csv', 'xlsx']) {
      assert(await sup.locator(`[data-export="${name}.${f}"]`).count() === 1, `no ${f} download of ${name}`);
    }
  }
  // the link asks the server at the click, and the cell of the current hour grows while other scenarios file
  // cases: a CSV that differs from the API's cells read just after it is downloaded again
  let lines, demand;
  for (let tries = 0; ; tries++) {
    const [dl] = await Promise.all([sup.waitForEvent('download'), sup.locator('[data-export="demand.csv"]').click()]);
    assert(/^stats-demand-.*\.csv$/.test(dl.suggestedFilename()), 'file name: ' + dl.suggestedFilename());
    lines = fs.readFileSync(await dl.path(), 'utf8').trim().split('\r\n');
    demand = await call(sup, 'GET', '/stats/demand?' + q);
    if (tries === 3 || lines.length === demand.cells.length + 1 &&
        lines.slice(1).every((l, i) => l === Object.values(demand.cells[i]).join(','))) break;
  }
  assert(lines[0] === 'weekday,hour,channel,applications,bookings,refused' && lines.length === demand.cells.length + 1 &&
    lines.slice(1).every((l, i) => l === Object.values(demand.cells[i]).join(',')),
  'the demand CSV: ' + lines.join(' | ') + ' — the API: ' + JSON.stringify(demand.cells));
  const problems = await axeCheck(sup);
  assert(!problems.length, 'the dashboard: ' + problems.join('\n'));
  await shot(sup, 'workbench-stats-dashboard');

  // 公安局 only: its own figures
  await sup.getByLabel(/^部门（/).selectOption('psb');
  await sup.getByRole('button', { name: '查询' }).click();
  // the page writes the address in the step that draws the new figures: once it holds psb, they are psb's
  await sup.waitForFunction(() => location.hash.includes('department=psb'));
  const q2 = await sup.evaluate(() => location.hash.split('?')[1]);
  const psb = await call(sup, 'GET', '/stats/overview?' + q2);
  assert(psb.query.department === 'psb' && psb.applications >= 3 && psb.applications <= all.applications,
    `psb's figures are not a part of all: ${psb.applications} of ${all.applications}`);
  // with the apply flow's amr case in the period (the whole suite), the two differ
  const amr = await call(sup, 'GET', '/stats/overview?' + q + '&department=amr');
  assert(!amr.applications || psb.applications < all.applications, 'psb shows every department\'s applications');
  await shownMatches(sup, psb, 'psb');

  // the XLSX download holds what the page shows
  const [download] = await Promise.all([sup.waitForEvent('download'),
    sup.getByRole('link', { name: /下载 Excel/ }).click()]);
  assert(/^stats-overview-.*\.xlsx$/.test(download.suggestedFilename()), 'file name: ' + download.suggestedFilename());
  const buf = fs.readFileSync(await download.path());
  assert(buf.readUInt32LE(0) === 0x04034b50, 'the download is not a ZIP archive');
  const sheet = unzipEntry(buf, 'xl/worksheets/sheet1.xml');
  unzipEntry(buf, '[Content_Types].xml');
  const cell = (metric) => {
    const m = sheet.match(new RegExp(`>${metric.replace('.', '\\.')}</t></is></c><c r="B\\d+"(?: t="inlineStr")?>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)?`));
    assert(m, `no row ${metric} in the sheet`);
    return m[1] ?? m[2] ?? null;
  };
  for (const k of ['applications', 'acceptances', 'completions']) {
    assert(cell(k) === await figure(sup, k), `the sheet's ${k} is ${cell(k)}, the page shows ${await figure(sup, k)}`);
  }
  assert(cell('query.department') === 'psb', 'the sheet is not psb\'s');
  assert(Math.abs(Number(cell('satisfaction_rate')) - psb.satisfaction_rate) < 1e-12 &&
    Math.abs(Number(cell('contactless_rate')) - psb.contactless_rate) < 1e-12, 'the sheet\'s rates differ');
  assert(sheet.indexOf('>satisfaction_rate<') > sheet.indexOf('>contactless_rate<'), 'the rates are not side by side');
}, { after: [APPLY_FLOW] });
