// The language switch and the large-text, high-contrast mode (适老化),
// remembered in this browser across a reload.
import { test, assert, open, ready, expectText } from '../lib/harness.mjs';

test('language switch and large-text mode are remembered in this browser', async ({ newPage }) => {
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
