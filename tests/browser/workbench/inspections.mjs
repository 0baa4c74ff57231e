// 双随机一公开 done in the workbench's forms (issue 17, items 1–4 and 9): the
// supervisor creates a joint plan (市场监管 + 卫生健康 items, the demo's 餐饮
// firms, every high-risk firm drawn, two inspectors per target) through the
// new-plan form — a period ending before it starts is refused beside the
// field —, commits the seed, enters the public value, draws and sees the
// targets and inspectors drawn, reveals (a draw sent again from a tab left
// open is refused: a new plan is needed) and starts. A drawn 市场监管
// inspector records a finding with a correction order (a correction order on
// a compliant finding is refused beside its field). The supervisor publishes;
// the public page shows the result without the inspectors or their notes. A
// draw that cannot find enough inspectors after recusal is refused with the
// reason. The plan's page and the form read in English in English mode, and
// pass axe.
import { test, assert, open, shot, expectText, login, text, apiCall as call } from '../lib/harness.mjs';
import { axeCheck } from '../lib/axe.mjs';
import { chineseLeft } from '../lib/english.mjs';

const TITLE = '2026年12月餐饮业联合抽查（工作台）';
const TITLE_EN = 'December 2026 joint inspection of catering (workbench)';
const NOTE = '后厨生熟食品未分开存放';
const AMR = { amr_reviewer: '市场监管审查 刘洋', amr_approver: '市场监管审批 赵敏', amr_clerk: '市场监管窗口 陈静' };

async function fieldError(page, key) {
  const err = page.locator(`#main [data-key="${key}"] .field-error`);
  await err.waitFor();
  return (await err.innerText()).trim();
}

test('a joint inspection plan made, drawn, inspected and published in the workbench', async ({ newPage }) => {
  const sup = await newPage({ axe: true });
  await login(sup, 'supervisor', 'workbench');
  await open(sup, '/workbench/#/inspections');
  await sup.getByRole('link', { name: '新建抽查计划' }).click();
  await expectText(sup, /新建抽查计划/, '#main h1');
  await sup.locator('#main [data-key="items"] input').first().waitFor();
  await shot(sup, 'workbench-inspection-plan-form');
  let problems = await axeCheck(sup);
  assert(!problems.length, 'the new plan form: ' + problems.join('\n'));

  await sup.getByLabel(/^计划名称/).first().fill(TITLE);
  await sup.getByLabel(/^计划名称（英文）/).fill(TITLE_EN);
  await sup.getByLabel(/^食品经营许可事项检查/).check();
  await sup.getByLabel(/^公共场所卫生检查/).check();
  await sup.locator('#main [data-key="industries"] label', { hasText: /^餐饮$/ }).click();
  await sup.getByLabel(/^高风险抽查比例/).fill('1000');
  await sup.getByLabel(/^每个对象的检查人员数/).fill('2');
  await sup.getByLabel(/^检查期开始/).fill('2026-12-07');
  await sup.getByLabel(/^检查期结束/).fill('2026-12-01');
  await sup.getByRole('button', { name: '保存计划' }).click();
  // the API's refusal lands beside the field it names
  assert(/不早于开始日期/.test(await fieldError(sup, 'period_end')), 'no error beside the end of the period');
  await sup.getByLabel(/^检查期结束/).fill('2026-12-18');
  await sup.getByRole('button', { name: '保存计划' }).click();
  await sup.waitForFunction(() => /^#\/inspections\/[0-9a-f]{32}$/.test(location.hash));
  await expectText(sup, new RegExp(TITLE.replace(/[()（）]/g, '.')), '#main h1');
  const id = (await sup.evaluate(() => location.hash)).split('/').pop();
  await expectText(sup, /食品经营许可事项检查（《中华人民共和国食品安全法》第一百一十条）/);
  await expectText(sup, /抽查比例\s*高风险 100%/);
  await shot(sup, 'workbench-inspection-plan-draft');

  // commit, then the public value and the draw, then reveal and start
  await sup.getByRole('button', { name: '冻结名录并承诺种子' }).click();
  await expectText(sup, /种子承诺（SHA-256）\s*[0-9a-f]{64}/);
  const stale = await newPage();   // the same plan left open in another tab, still offering the draw
  await login(stale, 'supervisor', 'workbench');
  await open(stale, '/workbench/#/inspections/' + id);
  await sup.getByLabel(/^公开随机数/).fill('2026-12-07 福彩3D 5 8 1');
  await sup.getByRole('button', { name: /^抽取$/ }).click();
  await expectText(sup, /抽取结果/);
  const drawnText = await text(sup, '#main table');
  for (const firm of ['黄浦老街面馆有限公司', '上海红炉火锅餐饮有限公司']) assert(drawnText.includes(firm), firm + ' was not drawn');
  assert(!drawnText.includes('外滩烘焙坊'), 'a medium-risk firm was drawn at 0 ‰');
  await shot(sup, 'workbench-inspection-plan-drawn');
  problems = await axeCheck(sup);
  assert(!problems.length, 'the drawn plan: ' + problems.join('\n'));
  await sup.getByRole('button', { name: '公开种子' }).click();
  await expectText(sup, /种子（已公开）\s*[0-9a-f]{64}/);
  // the other tab tries to draw again after the reveal: refused, saying why and what to do
  await stale.getByLabel(/^公开随机数/).fill('2026-12-08 福彩3D 0 0 0');
  await stale.getByRole('button', { name: /^抽取$/ }).click();
  await expectText(stale, /种子公开后不能重抽；如需再抽，请新建计划/);
  await sup.getByRole('button', { name: '开始检查' }).click();
  await expectText(sup, /公示结果/);

  // a drawn 市场监管 inspector records a finding with a correction order
  const view = await call(sup, 'GET', '/inspection-plans/' + id);
  const team = view.drawn.find((d) => d.enterprise === '黄浦老街面馆有限公司');
  const who = Object.keys(AMR).find((u) => team.inspectors.some((i) => i.name === AMR[u]));
  assert(who, 'no 市场监管 inspector drawn for the noodle shop: ' + JSON.stringify(team.inspectors));
  const insp = await newPage({ axe: true });
  await login(insp, who, 'workbench');
  await open(insp, '/workbench/#/inspections/' + id);
  await expectText(insp, /录入检查结果/);
  await insp.getByLabel(/^检查对象/).selectOption(team.target);
  await insp.getByLabel(/^检查事项/).selectOption('AMR-SP-01');
  await insp.getByLabel('未发现问题').check();
  await insp.getByLabel(/^检查记录/).fill(NOTE);
  await insp.getByLabel(/^责令改正期限/).fill('2027-01-15');
  await insp.getByRole('button', { name: '录入检查结果' }).click();
  assert(/只有不合格的结果才能责令改正/.test(await fieldError(insp, 'correction_deadline')), 'no error beside the deadline');
  await insp.getByLabel('发现问题', { exact: true }).check();
  await insp.getByRole('button', { name: '录入检查结果' }).click();
  await expectText(insp, /食品经营许可事项检查：发现问题 · 责令改正期限：2027年1月15日|食品经营许可事项检查：发现问题 · 责令改正期限：2027-01-15/);
  problems = await axeCheck(insp);
  assert(!problems.length, 'the inspector\'s plan page: ' + problems.join('\n'));

  // a plan that cannot find enough inspectors after recusal: the draw is refused with the reason
  const many = await call(sup, 'POST', '/inspection-plans', { title: '检查人员不足的抽查', items: ['AMR-SP-01'],
    filter: { industries: ['餐饮'] }, ratios: { high: 1000 }, inspectors_per_target: 5, period_start: '2026-12-07', period_end: '2026-12-18' });
  await call(sup, 'POST', `/inspection-plans/${many.id}/actions/commit`, {});
  await open(sup, '/workbench/#/inspections/' + many.id);
  await sup.getByLabel(/^公开随机数/).fill('2026-12-07 福彩3D 5 8 1');
  await sup.getByRole('button', { name: /^抽取$/ }).click();
  await expectText(sup, /回避后仅有 \d 名检查人员可抽，需要 5 名/);
  assert((await call(sup, 'GET', '/inspection-plans/' + many.id)).state === 'committed', 'the refused draw changed the plan');

  // published: the public page shows the result, without the inspectors or their notes
  await open(sup, '/workbench/#/inspections/' + id);
  await sup.getByRole('button', { name: '公示结果' }).click();
  await expectText(sup, /状态\s*结果已公示/);
  const anon = await newPage();
  await open(anon, '/#/inspections');
  const card = anon.locator('#main section', { hasText: TITLE });
  await card.waitFor();
  const shown = (await card.innerText()).replace(/\s+/g, ' ');
  assert(/黄浦老街面馆有限公司.*食品经营许可事项检查：发现问题/.test(shown), 'the result is not on the public page: ' + shown);
  for (const secret of [NOTE, ...Object.values(AMR), '卫健审查 吴磊', '卫健审批 郑华', '卫健窗口 周丽']) {
    assert(!shown.includes(secret), 'the public page shows ' + secret);
  }

  // English mode: the plan's page and the form read in English
  const en = await newPage({ lang: 'en', axe: true });
  await login(en, 'supervisor', 'workbench');
  await open(en, '/workbench/#/inspections/' + id);
  await expectText(en, new RegExp(TITLE_EN.replace(/[()]/g, '.')), '#main h1');
  await expectText(en, /Inspection of food business licences \(Food Safety Law of the People's Republic of China, Article 110\)/);
  let left = await chineseLeft(en);
  assert(!left.length, 'Chinese on the plan page in English mode:\n' + left.join('\n'));
  await open(en, '/workbench/#/inspections/new');
  await en.locator('#main [data-key="items"] input').first().waitFor();
  left = await chineseLeft(en);
  assert(!left.length, 'Chinese on the new plan form in English mode:\n' + left.join('\n'));
  problems = await axeCheck(en);
  assert(!problems.length, 'the new plan form in English: ' + problems.join('\n'));
  const anonEn = await newPage({ lang: 'en' });
  await open(anonEn, '/#/inspections');
  await expectText(anonEn, new RegExp(TITLE_EN.replace(/[()]/g, '.')));
  left = await chineseLeft(anonEn);
  assert(!left.length, 'Chinese on the public results in English mode:\n' + left.join('\n'));
}, { width: 2 });
