// The whole apply flow with the keyboard alone: the skip link first, Tab
// to every control, arrows in radio groups, Space on the file inputs, a
// visible focus outline.
import { env, test, assert, ready, shot, expectText, PASSWORD } from '../lib/harness.mjs';
import { PDF, FOOD_FORM_OK, APPLY_FLOW } from '../lib/fixtures.mjs';

// Presses Tab until the focused element matches `pred` (or gives up).
async function tabTo(page, pred, arg, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred, arg)) return;
  }
  throw new Error('could not reach by Tab: ' + (typeof arg === 'string' ? arg : JSON.stringify(arg)));
}
const focusIs = ([sel, txt]) => {
  const a = document.activeElement;
  if (!a || !a.matches(sel)) return false;
  return !txt || (a.innerText || a.value || a.getAttribute('aria-label') || '').includes(txt) ||
    (a.labels && [...a.labels].some((l) => l.innerText.includes(txt)));
};

test('the whole apply flow with the keyboard alone', async ({ newPage }) => {
  const page = await newPage();
  // The file chooser that Space opens is answered here; registering early
  // lets playwright intercept the dialog before any key is pressed.
  page.on('filechooser', (fc) => fc.setFiles(PDF));
  await page.goto(env.BASE + '/#/login');
  await ready(page, '#/login');
  // the skip link is the first stop and is visible when focused
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'the skip link is not the first Tab stop');
  await tabTo(page, focusIs, ['input', '用户名']);
  await page.keyboard.type('xiaochi');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  // the home page's own render: ready() without a prefix can end on the login page still there
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    return m && !m.hasAttribute('aria-busy') && m.dataset.ready === '#/';
  }, null, { polling: 50 });
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
}, { after: [APPLY_FLOW, 'correction of a field and a material', 'refuse at intake'] });
// xiaochi's food licence draft is one per applicant: after the other scenarios that fill it
