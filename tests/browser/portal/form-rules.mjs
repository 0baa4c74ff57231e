// The page's validator (web/shared/form.js) against the server's: random forms for
// every matter, each sent to POST /api/v1/cases without materials (so none is
// filed); the form errors must agree in field, code and message, in both languages.
import { test, assert, login } from '../lib/harness.mjs';

test('the form rules in the page are the server\'s (every matter, zh and en)', async ({ newPage }) => {
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
