// A guide complete enough to act on (issue 16, item 3): who the matter is
// for (服务对象), its conditions (受理条件), and a person who opens an
// enterprise-only matter is told at once, with what to do instead, and is
// not offered an application the server would refuse at the last step.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, open, login, expectText, text, apiCall as call, ROOT } from '../lib/harness.mjs';
import { FOOD } from '../lib/fixtures.mjs';
import { axeCheck } from '../lib/axe.mjs';
import { chineseLeft } from '../lib/english.mjs';

test('a guide shows 受理条件 and whom it serves; a person on an enterprise-only matter is told', async ({ newPage }) => {
  const anon = await newPage();
  await open(anon, '/#/matters/' + FOOD);
  await expectText(anon, /受理条件/);
  await expectText(anon, /服务对象\s*法人和其他组织（企业）/);
  assert(await anon.locator('#not-for-you').count() === 0, 'a visitor is told the matter is not for them');

  const person = await newPage();
  await login(person, 'zhangsan');
  await open(person, '/#/matters/' + FOOD);
  await expectText(person, /本事项只面向企业和其他组织，个人无法申请/);
  assert(await person.getByRole('link', { name: '在线办理' }).count() === 0, 'a person is still offered the application');
  await open(person, '/#/matters/XK00202000');          // 医师执业注册: for people
  assert(await person.locator('#not-for-you').count() === 0, 'a person is told a person matter is not for them');
  assert(await person.getByRole('link', { name: '在线办理' }).count() === 1, 'a person is not offered a person matter');
});

// The rest of a guide one can act on: how the matter is handled (办理流程, each
// step with its time limit: intake within 5 working days, the decision within the
// promised ones), the common questions as a disclosure list (none, and no heading,
// where a matter has none), and the form filled in with a made-up example; in
// 中文 and in English, axe clean. A case filed with the guide's example values
// (the server accepts them) shows the steps left and the current one's deadline.
test('a guide shows its process, common questions and a filled-in sample; a case shows the steps left', async ({ newPage }) => {
  const zh = await newPage({ axe: true });
  await open(zh, '/#/matters/' + FOOD);
  await expectText(zh, /受理条件[\s\S]*已取得营业执照/);
  await expectText(zh, /办理流程\s*申请 在线提交申请，或到窗口提交。\s*受理 自提交之日起 5 个工作日内决定是否受理/);
  await expectText(zh, /决定 自受理之日起 10 个工作日内作出决定（法定时限 20 个工作日）。\s*制证[\s\S]*送达 按您选择的方式送达[\s\S]*办结/);
  const steps = await zh.locator('#process li').evaluateAll((els) => els.map((e) => e.dataset.step));
  assert(steps.join() === 'apply,intake,review,decide,issue,deliver,complete', 'steps: ' + steps);
  // a question opens its answer
  const answer = zh.locator('#faq details').first().locator('p');
  assert(!(await answer.isVisible()), 'an answer shows before its question is opened');
  await zh.locator('#faq summary', { hasText: '只销售预包装食品' }).click();
  await expectText(zh, /仅销售预包装食品的，不需要取得许可/);
  await expectText(zh, /申请表及填写示例（样表）[\s\S]*企业名称\s*必填\s*上海示例餐饮管理有限公司/);
  await expectText(zh, /统一社会信用代码\s*必填\s*91310101MA1FPX0Q1Y/);
  let problems = await axeCheck(zh);
  assert(!problems.length, 'the guide in 中文: ' + problems.join('\n'));
  await open(zh, '/#/matters/XK00104000');                // 药品零售企业许可: conditions, no questions
  await expectText(zh, /受理条件[\s\S]*执业药师/);
  assert(await zh.locator('#faq').count() === 0 && !/常见问题/.test(await text(zh)), 'a matter without questions shows a heading');

  const en = await newPage({ lang: 'en', axe: true });
  await open(en, '/#/matters/' + FOOD);
  await expectText(en, /Who can apply[\s\S]*A business licence already obtained/);
  await expectText(en, /How it is handled\s*Apply [\s\S]*Intake Accepted or refused within 5 working days of submission/);
  await expectText(en, /Decision A decision within 10 working days of acceptance \(legal limit: 20 working days\)/);
  await expectText(en, /Common questions\s*I only sell prepackaged food/);
  await expectText(en, /The application form, with an example[\s\S]*Enterprise name\s*Required\s*Shanghai Example Catering Management Co\., Ltd\./);
  const left = await chineseLeft(en);
  assert(!left.length, 'Chinese on the English guide: ' + left.join(' | '));
  problems = await axeCheck(en);
  assert(!problems.length, 'the guide in English: ' + problems.join('\n'));

  // 医保关系转移接续 (promised 5 working days), filed with the example values its guide shows
  const app = await newPage({ axe: true });
  await login(app, 'zhangsan');
  await open(app, '/#/matters/GG00301000');
  const form = await app.evaluate(async () => {
    const { sampleValue } = await import('/assets/portal/sample.js');
    const m = await (await fetch('/api/v1/matters/GG00301000')).json();
    return Object.fromEntries(m.form.fields.map((f) => { const v = sampleValue(f); return [f.key, v && typeof v === 'object' ? v.zh : v]; }));
  });
  const filed = await call(app, 'POST', '/cases', { matter: 'GG00301000', channel: 'online', delivery: { method: 'electronic' }, form, materials: [] });
  assert(filed.process.current === 'intake' && /^\d{4}-\d{2}-\d{2}$/.test(filed.process.due), 'process: ' + JSON.stringify(filed.process));
  await open(app, '/#/cases/' + filed.id);
  await expectText(app, new RegExp('办理步骤\\s*受理 （当前步骤，办理期限 ' + filed.process.due + '[^）]*）\\s*审查\\s*决定\\s*制证\\s*送达\\s*办结'));
  assert(await app.locator('#steps-left li[aria-current="step"]').getAttribute('data-step') === 'intake', 'the current step is not marked');
  problems = await axeCheck(app);
  assert(!problems.length, 'the case with its steps: ' + problems.join('\n'));
  const appEn = await newPage({ lang: 'en' });
  await login(appEn, 'zhangsan');
  await open(appEn, '/#/cases/' + filed.id);
  await expectText(appEn, new RegExp('Steps\\s*Intake \\(current step, due by ' + filed.process.due + '[^)]*\\)\\s*Review\\s*Decision'));
});

// The example on every guide is a form the server accepts: each demo matter's
// sample, filed by an applicant of the kind it serves (xiaochi, an enterprise
// whose credit code the examples use; zhangsan, a person) without materials,
// is refused for the missing materials only, never for a field of the form.
test('every guide\'s example form passes the server\'s rules', async ({ newPage }) => {
  const codes = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/matters.json'), 'utf8')).map((m) => [m.code, m.applicants || ['person', 'enterprise']]);
  const wrong = [];
  for (const [kind, user] of [['enterprise', 'xiaochi'], ['person', 'zhangsan']]) {
    const page = await newPage();
    await login(page, user);
    const mine = codes.filter(([, who]) => who.includes(kind) && (kind === 'enterprise' || !who.includes('enterprise'))).map(([c]) => c);
    wrong.push(...await page.evaluate(async (list) => {
      const { sampleValue } = await import('/assets/portal/sample.js');
      const token = (await (await fetch('/api/v1/me')).json()).csrf_token;
      const out = [];
      for (const code of list) {
        const m = await (await fetch('/api/v1/matters/' + code)).json();
        const form = Object.fromEntries(m.form.fields.map((f) => { const v = sampleValue(f); return [f.key, v && typeof v === 'object' ? v.zh : v]; }));
        const res = await fetch('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ matter: code, channel: 'online', delivery: { method: m.delivery.includes('window') ? 'window' : m.delivery[0] }, form, materials: [] }) });
        const body = await res.json().catch(() => ({}));
        for (const e of (res.status === 422 && body.errors) || []) if (String(e.field).startsWith('form')) out.push(`${code} ${e.field}: ${e.code} ${e.message}`);
        if (![201, 422].includes(res.status)) out.push(`${code}: HTTP ${res.status} ${body.code || ''}`);
      }
      return out;
    }, mine));
  }
  assert(!wrong.length, 'examples the server refuses:\n' + wrong.join('\n'));
});
