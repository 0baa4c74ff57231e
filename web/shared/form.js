/* form.js — the one form renderer and validator of the pages.
 *
 * It takes a form schema in the server's format (docs/forms.md,
 * src/domain/form.h) and
 *   - renders every field with its label, help, a place for its error, and
 *     the ARIA links (aria-describedby, aria-invalid) screen readers need;
 *   - validates with the server's rules and the server's messages (form.c),
 *     so the applicant sees every problem before sending, and the server's
 *     own answer (problem+json errors) lands next to the same fields;
 *   - shows an error summary at the top that links to each field.
 * Pages use it for application forms and for their own small forms (login,
 * registration, workbench actions), which are described in the same format
 * plus hints the server never sees: "widget" ("password", "select",
 * "radio", "textarea", "checkboxes"), "autocomplete", and for an enum shown as
 * checkboxes (its value a list of options) "max_items". */
import { t, lang, L, paren } from './i18n.js';
import { focusById } from './api.js';

/* ---- identity numbers (GB 11643, GB 32100), as src/base/idcheck.c ---- */

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_C = '10X98765432';
const CREDIT_SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function validYmd(y, m, d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= dim[m - 1];
}

function provinceOk(p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
    (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p === 71 || p === 81 || p === 82 || p === 83 || p === 91;
}

export function idnumCheck(s, today) {
  const len = s.length;
  const legacy = len === 15;
  if (len !== 15 && len !== 18) return 'length';
  const nd = legacy ? 15 : 17;
  for (let i = 0; i < nd; i++) if (s[i] < '0' || s[i] > '9') return 'charset';
  let last = '';
  if (!legacy) {
    last = s[17] === 'x' ? 'X' : s[17];
    if (!(last >= '0' && last <= '9') && last !== 'X') return 'charset';
  }
  const p = +s.slice(0, 2);
  if (!provinceOk(p)) return 'region';
  if (p >= 81 && p <= 83 && (legacy || +s.slice(2, 6) !== 0)) return 'region';
  const by = legacy ? 1900 + +s.slice(6, 8) : +s.slice(6, 10);
  const bm = legacy ? +s.slice(8, 10) : +s.slice(10, 12);
  const bd = legacy ? +s.slice(10, 12) : +s.slice(12, 14);
  if (by < 1900 || !validYmd(by, bm, bd)) return 'birth_date';
  if (by * 10000 + bm * 100 + bd > today) return 'birth_date';
  if (!legacy) {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * ID_W[i];
    if (ID_C[sum % 11] !== last) return 'check_digit';
  }
  return 'ok';
}

export function creditCheck(s) {
  if (s.length !== 18) return 'length';
  for (const c of s) if (!CREDIT_SET.includes(c)) return 'charset';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_SET.indexOf(s[i]) * CREDIT_W[i];
  const c = 31 - (sum % 31);
  return CREDIT_SET[c === 31 ? 0 : c] === s[17] ? 'ok' : 'check_digit';
}

const ID_DETAIL = {
  length: ['身份证号码应为 18 位（或 15 位旧号码）', 'an ID number has 18 characters (or 15 for an old one)'],
  charset: ['身份证号码只能包含数字，最后一位可以是 X', 'an ID number has only digits, and X as the last character'],
  region: ['身份证号码的前两位不是有效的省级行政区划代码', 'the first two digits of the ID number are not a province code'],
  birth_date: ['身份证号码中的出生日期不存在或晚于今天', 'the birth date in the ID number does not exist or is in the future'],
  check_digit: ['身份证号码的校验位不正确，请核对', 'the check digit of the ID number is wrong; please check it'],
};
const CREDIT_DETAIL = {
  length: ['统一社会信用代码应为 18 位', 'a unified social credit code has 18 characters'],
  charset: ['统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）', 'a unified social credit code has only digits and capital letters other than I, O, S, V and Z'],
  check_digit: ['统一社会信用代码的校验位不正确，请核对', 'the check character of the unified social credit code is wrong; please check it'],
};

/* ---- value rules, as src/domain/form.c ---- */

const TYPES = {
  string: { len: 200, what: ['文字', 'text'] },
  text: { len: 4000, what: ['文字', 'text'] },
  address: { len: 200, what: ['文字', 'text'] },
  int: { what: ['整数', 'a whole number'] },
  decimal: { what: ['数字', 'a number'] },
  date: { what: ['日期（YYYY-MM-DD）', 'a date (YYYY-MM-DD)'] },
  enum: { what: ['选项之一', 'one of the options'] },
  bool: { what: ['“是”或“否”', 'yes or no'] },
  id_number: { what: ['身份证号码', 'an ID number'] },
  credit_code: { what: ['统一社会信用代码', 'a unified social credit code'] },
  phone: { what: ['电话号码', 'a phone number'] },
  email: { what: ['电子邮箱地址', 'an email address'] },
  region: { what: ['行政区划代码', 'an administrative division code'] },
};

function scan(s) {
  const r = { chars: 0, nul: false, newline: false, tab: false, ctrl: false, blank: true };
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    r.chars++;
    if (cp === 0) r.nul = true;
    else if (cp === 10 || cp === 13 || cp === 0x2028 || cp === 0x2029) r.newline = true;
    else if (cp === 9) r.tab = true;
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) r.ctrl = true;
    if (!(cp === 32 || cp === 9 || cp === 10 || cp === 13 || cp === 0x3000)) r.blank = false;
  }
  return r;
}

/* Bytes of a string as a Latin-1 string, so that a RegExp matches byte by
 * byte as the server's POSIX regexec does in the C locale. */
function bytes(s) { return Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(''); }

const CLASSES = { alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~' };

/* POSIX ERE (the subset people write) -> RegExp over bytes; null when it
 * cannot be translated (the server still checks it). */
export function posixRegExp(pattern) {
  const p = bytes(pattern);
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[++i];
      if (n === undefined) return null;
      if (n === '<' || n === '>') out += '\\b';
      else if ('wWsSbB'.includes(n)) out += '\\' + n;
      else out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
    } else if (c === '[') {
      let j = i + 1, cls = '[';
      if (p[j] === '^') { cls += '^'; j++; }
      if (p[j] === ']') { cls += '\\]'; j++; }
      for (; j < p.length && p[j] !== ']'; j++) {
        if (p[j] === '[' && p[j + 1] === ':') {
          const end = p.indexOf(':]', j + 2);
          if (end < 0) return null;
          const name = p.slice(j + 2, end);
          if (!(name in CLASSES)) return null;
          cls += CLASSES[name];
          j = end + 1;
        } else if (p[j] === '[' && (p[j + 1] === '.' || p[j + 1] === '=')) {
          const end = p.indexOf(p[j + 1] + ']', j + 2);
          if (end < 0) return null;
          cls += p.slice(j + 2, end).replace(/[\\\]\[^-]/g, '\\$&');
          j = end + 1;
        } else if (p[j] === '\\' || p[j] === '[') {
          cls += '\\' + p[j];
        } else {
          cls += p[j];
        }
      }
      if (j >= p.length) return null;
      out += cls + ']';
      i = j;
    } else {
      out += c;
    }
  }
  try { return new RegExp(out); } catch (e) { return null; }
}

function decimalSyntax(s) { return /^[0-9]+(\.[0-9]+)?$/.test(s); }

function phoneValid(s) {
  return /^1[3-9][0-9]{9}$/.test(s) || /^0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?$/.test(s);
}

function emailValid(s) {
  if (s.length > 254 || /[^\x00-\x7f]/.test(s)) return false;
  const at = s.indexOf('@');
  if (at < 0) return false;
  const local = s.slice(0, at), dom = s.slice(at + 1);
  if (local.length < 1 || local.length > 64 || local[0] === '.' || local[local.length - 1] === '.' || local.includes('..')) return false;
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local)) return false;
  const labels = dom.split('.');
  if (labels.length < 2) return false;
  for (const lb of labels) {
    if (lb.length < 1 || lb.length > 63 || lb[0] === '-' || lb[lb.length - 1] === '-' || !/^[A-Za-z0-9-]+$/.test(lb)) return false;
  }
  const last = labels[labels.length - 1];
  return last.length >= 2 && /^[A-Za-z]+$/.test(last);
}

function dateParse(s) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (y < 1900 || !validYmd(y, mo, d)) return null;
  return y * 10000 + mo * 100 + d;
}

function fmtBound(b) {
  if (typeof b === 'string') return b;
  return Number.isInteger(b) ? String(b) : String(Number(b.toPrecision(15)));
}

function todayNum() {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/* Messages in both languages, as form.c writes them. */
function msg(code, f, x) {
  const zh = L(f.label, 'zh'), en = L(f.label, 'en');
  const M = {
    invalid: [`「${zh}」包含无效字符`, `${en} contains invalid characters`],
    required: [`「${zh}」为必填项`, `${en} is required`],
    type: [`「${zh}」应填写${x && x[0]}`, `${en} must be ${x && x[1]}`],
    text_ctrl: [`「${zh}」不能包含控制字符`, `${en} must not contain control characters`],
    line_ctrl: [`「${zh}」只能填写一行文字，不能包含换行、制表符或控制字符`, `${en} must be a single line without line breaks, tabs or control characters`],
    too_short: [`「${zh}」至少需要 ${x} 个字符`, `${en} must have at least ${x} characters`],
    too_long: [`「${zh}」最多 ${x} 个字符`, `${en} must have at most ${x} characters`],
    digits: [`「${zh}」的数字位数过多（最多 64 个字符）`, `${en} has too many digits (at most 64 characters)`],
    pattern: [`「${zh}」的格式不正确`, `${en} is not in the required format`],
    too_small: [`「${zh}」不能小于 ${x}`, `${en} must be at least ${x}`],
    too_large: [`「${zh}」不能大于 ${x}`, `${en} must be at most ${x}`],
    date_small: [`「${zh}」不能早于 ${x}`, `${en} must be on or after ${x}`],
    date_large: [`「${zh}」不能晚于 ${x}`, `${en} must be on or before ${x}`],
    invalid_date: [`「${zh}」不是有效日期，请按 YYYY-MM-DD 填写`, `${en} is not a valid date; use YYYY-MM-DD`],
    not_an_option: [`「${zh}」不是可选的选项，请从列表中选择`, `${en} is not one of the options; please choose from the list`],
    id_number: [`「${zh}」填写有误：${x && x[0]}`, `${en} is not valid: ${x && x[1]}`],
    credit_code: [`「${zh}」填写有误：${x && x[0]}`, `${en} is not valid: ${x && x[1]}`],
    phone: [`「${zh}」不是有效的电话号码（手机号 11 位，固定电话如 010-12345678）`, `${en} is not a valid phone number (mobile: 11 digits; landline e.g. 010-12345678)`],
    email: [`「${zh}」不是有效的电子邮箱地址`, `${en} is not a valid email address`],
    region: [`「${zh}」应为 6 位数字的行政区划代码`, `${en} must be a 6-digit administrative division code`],
    region_unknown: [`「${zh}」的行政区划代码不存在`, `${en} is not a known administrative division code`],
    confirm: [`请确认「${zh}」`, `Please confirm: ${en}`],
    too_many: [`「${zh}」最多选择 ${x} 项`, `${en}: choose at most ${x}`],
  };
  return M[code][lang() === 'en' ? 1 : 0];
}

/* Checks one value; returns [{code, message}] (empty when fine). */
export function checkField(f, val, opts = {}) {
  const errs = [];
  const add = (code, m) => errs.push({ code, message: m });
  const ty = TYPES[f.type] || TYPES.string;
  let s = null, info = null;
  if (f.widget === 'checkboxes') {   // a list of options
    const picked = Array.isArray(val) ? val : [];
    if (!picked.length) { if (f.required) add('required', msg('required', f)); return errs; }
    const known = (v) => (f.options || []).some((o) => o.value === v);
    const most = f.max_items;
    if (most !== undefined && picked.length > most) add('too_long', msg('too_many', f, most));
    if (!picked.every(known)) add('not_an_option', msg('not_an_option', f));
    return errs;
  }
  let missing = val === undefined || val === null;
  if (typeof val === 'string') {
    s = val;
    info = scan(s);
    if (info.nul) { add('type', msg('invalid', f)); return errs; }
    missing = info.blank;
  }
  if (missing) {
    if (f.required) add('required', msg('required', f));
    return errs;
  }
  if (f.widget === 'checkbox') {
    if (f.required && val !== true) add('required', msg('confirm', f));
    return errs;
  }
  if (s === null && !['int', 'decimal', 'bool'].includes(f.type)) { add('type', msg('type', f, ty.what)); return errs; }
  switch (f.type) {
    case 'int':
    case 'decimal': {
      let num;
      let isInt = false;
      if (typeof val === 'number') {
        if (f.type === 'int' && !Number.isInteger(val)) { add('type', msg('type', f, ty.what)); return errs; }
        num = val; isInt = Number.isInteger(val);
      } else if (typeof val === 'string' && f.type === 'decimal') {
        if (!decimalSyntax(s)) { add('type', msg('type', f, ty.what)); return errs; }
        if (s.length > 64) { add('too_long', msg('digits', f)); return errs; }
        num = parseFloat(s);
      } else { add('type', msg('type', f, ty.what)); return errs; }
      void isInt;
      if (f.min !== undefined && num < f.min) add('too_small', msg('too_small', f, fmtBound(f.min)));
      if (f.max !== undefined && num > f.max) add('too_large', msg('too_large', f, fmtBound(f.max)));
      break;
    }
    case 'bool':
      if (typeof val !== 'boolean') add('type', msg('type', f, ty.what));
      break;
    case 'date': {
      const d = dateParse(s);
      if (d === null) { add('invalid_date', msg('invalid_date', f)); break; }
      if (f.min && d < dateParse(f.min)) add('too_small', msg('date_small', f, f.min));
      if (f.max && d > dateParse(f.max)) add('too_large', msg('date_large', f, f.max));
      break;
    }
    case 'enum':
      if (!(f.options || []).some((o) => o.value === val)) add('not_an_option', msg('not_an_option', f));
      break;
    case 'id_number': {
      const st = idnumCheck(s, opts.today || todayNum());
      if (st !== 'ok') add('id_number', msg('id_number', f, ID_DETAIL[st]));
      break;
    }
    case 'credit_code': {
      const st = creditCheck(s);
      if (st !== 'ok') add('credit_code', msg('credit_code', f, CREDIT_DETAIL[st]));
      break;
    }
    case 'phone':
      if (!phoneValid(s)) add('phone', msg('phone', f));
      break;
    case 'email':
      if (!emailValid(s)) add('email', msg('email', f));
      break;
    case 'region':
      if (!/^[0-9]{6}$/.test(s)) add('region', msg('region', f));
      else if (opts.regions && opts.regions.length && !opts.regions.some((r) => r.code === s)) add('region', msg('region_unknown', f));
      break;
    default: { // string, text, address
      const multi = f.type === 'text';
      if (multi ? info.ctrl : info.ctrl || info.newline || info.tab) {
        add('type', msg(multi ? 'text_ctrl' : 'line_ctrl', f));
        break;
      }
      const max = f.max_len !== undefined ? f.max_len : ty.len;
      const tooLong = max !== undefined && info.chars > max;
      if (f.min_len !== undefined && info.chars < f.min_len) add('too_short', msg('too_short', f, f.min_len));
      if (tooLong) add('too_long', msg('too_long', f, max));
      if (f.pattern && !tooLong) {
        const re = posixRegExp(f.pattern);
        if (re && !re.test(bytes(s))) add('pattern', msg('pattern', f));
      }
    }
  }
  return errs;
}

/* Validates a whole form; returns [{field, code, message}] in field order. */
export function validate(schema, data, opts = {}) {
  const out = [];
  for (const f of schema.fields) {
    if (opts.only && !opts.only.includes(f.key)) continue;
    for (const e of checkField(f, data[f.key], opts)) out.push({ field: f.key, code: e.code, message: e.message });
  }
  return out;
}

/* ---- rendering ---- */

let seq = 0;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

function inputFor(f, id, value, opts) {
  const common = { id, name: f.key, 'aria-invalid': 'false' };
  if (f.required) common.required = true;
  const w = f.widget;
  if (w === 'checkbox') {
    const box = el('input', Object.assign({}, common, { type: 'checkbox', checked: value === true }));
    return { control: box, kind: 'checkbox' };
  }
  if (w === 'checkboxes') {
    const picked = Array.isArray(value) ? value.map(String) : [];
    const group = el('fieldset', { class: 'choices choices-cols', id, 'aria-invalid': 'false' });
    group.append(el('legend', { class: 'label' }, L(f.label),
      f.required ? el('span', { class: 'req', text: t('form.required') }) : null));
    (f.options || []).forEach((o, i) => {
      const oid = id + '-' + i, value = String(o.value);
      group.append(el('div', { class: 'choice' },
        el('input', { type: 'checkbox', id: oid, name: id, value, checked: picked.includes(value) }),
        el('label', { for: oid, text: L(o.label) })));
    });
    return { control: group, kind: 'checkboxes' };
  }
  if (f.type === 'enum' || f.type === 'bool' || w === 'radio') {
    const options = f.type === 'bool'
      ? [{ value: 'true', label: { zh: '是', en: 'Yes' } }, { value: 'false', label: { zh: '否', en: 'No' } }]
      : f.options || [];
    const cur = value === undefined || value === null ? '' : String(value);
    if (w === 'select' || (f.type === 'enum' && w !== 'radio' && options.length > 5)) {
      const sel = el('select', common, el('option', { value: '', text: t('form.choose') }));
      for (const o of options) sel.append(el('option', { value: o.value, selected: String(o.value) === cur, text: L(o.label) }));
      return { control: sel, kind: 'select' };
    }
    const group = el('fieldset', { class: 'choices', id, role: 'radiogroup', 'aria-invalid': 'false', 'aria-required': f.required ? 'true' : null });
    group.append(el('legend', { class: 'label' }, L(f.label), f.required ? el('span', { class: 'req', text: t('form.required') }) : null));
    options.forEach((o, i) => {
      const oid = id + '-' + i;
      group.append(el('div', { class: 'choice' },
        el('input', { type: 'radio', id: oid, name: id, value: String(o.value), checked: String(o.value) === cur }),
        el('label', { for: oid, text: L(o.label) })));
    });
    return { control: group, kind: 'radio' };
  }
  if (f.type === 'region' && opts.regions && opts.regions.length) {
    const sel = el('select', Object.assign({ autocomplete: 'off' }, common), el('option', { value: '', text: t('form.choose') }));
    for (const r of opts.regions) sel.append(el('option', { value: r.code, selected: r.code === value, text: L(r.name) + paren(r.code) }));
    return { control: sel, kind: 'select' };
  }
  if (f.type === 'text' || w === 'textarea') {
    const ta = el('textarea', Object.assign({ rows: f.rows || 4 }, common));
    ta.value = value === undefined || value === null ? '' : String(value);
    if (f.max_len) ta.setAttribute('maxlength', String(f.max_len + 50));
    return { control: ta, kind: 'text' };
  }
  const a = Object.assign({ type: 'text', autocomplete: f.autocomplete || 'off' }, common);
  if (w === 'password') a.type = 'password';
  if (f.type === 'date') { a.type = 'date'; if (f.min) a.min = f.min; if (f.max) a.max = f.max; }
  if (f.type === 'int' || f.type === 'decimal') a.inputmode = f.type === 'int' ? 'numeric' : 'decimal';
  if (f.type === 'phone') { a.inputmode = 'tel'; a.autocomplete = f.autocomplete || 'tel'; }
  if (f.type === 'email') { a.inputmode = 'email'; a.autocomplete = f.autocomplete || 'email'; }
  if (f.type === 'id_number' || f.type === 'credit_code') { a.class = 'mono'; a.spellcheck = 'false'; }
  if (f.type === 'int' || f.type === 'decimal' || f.type === 'id_number' || f.type === 'credit_code' || f.type === 'phone' || f.type === 'region') a.class = (a.class ? a.class + ' ' : '') + 'w-md';
  const inp = el('input', a);
  inp.value = value === undefined || value === null ? '' : String(value);
  return { control: inp, kind: 'input' };
}

/* Reads a control's value as the JSON the server expects. */
function readValue(f, item) {
  const c = item.control;
  if (item.kind === 'radio') {
    const r = c.querySelector('input:checked');
    if (!r) return undefined;
    return f.type === 'bool' ? r.value === 'true' : r.value;
  }
  if (item.kind === 'checkbox') return c.checked ? true : undefined;
  if (item.kind === 'checkboxes') {
    const picked = Array.from(c.querySelectorAll('input:checked'), (b) => b.value);
    return picked.length ? picked : undefined;
  }
  let v = c.value;
  if (f.type === 'bool') return v === '' ? undefined : v === 'true';
  if (v.trim() === '' && scan(v).blank) return undefined;
  if (['int', 'decimal', 'id_number', 'credit_code', 'phone', 'email', 'region', 'date'].includes(f.type)) v = v.trim();
  if (f.type === 'int' && /^-?[0-9]{1,15}$/.test(v)) return parseInt(v, 10);
  return v;
}

/* Renders a schema. Returns a controller:
 *   el, values(), validate(), showErrors(list, {summary}), clear(), idOf(key), focus(key) */
export function renderForm(schema, opts = {}) {
  const prefix = (opts.idPrefix || 'f') + (++seq);
  const values = opts.values || {};
  const items = new Map();
  const root = el('div', { class: 'form-fields' });
  const summarySlot = el('div', { class: 'summary-slot' });
  root.append(summarySlot);
  for (const f of schema.fields) {
    if (opts.only && !opts.only.includes(f.key)) continue;
    const id = prefix + '-' + f.key;
    /* 数据共享: the platform fills it at submission from the department's record, under the
     * matter's grant; nothing to type, and nothing of it is sent */
    if (f.source && String(f.source).startsWith('registry:')) {
      root.append(el('div', { class: 'field field-registry', 'data-key': f.key },
        el('p', { class: 'label', id }, L(f.label)),
        el('p', null, el('strong', { class: 'shared-note held-note', text: t('form.registry') })),
        f.help ? el('p', { class: 'hint', text: L(f.help) }) : null));
      continue;
    }
    const hintId = id + '-hint', errId = id + '-err';
    const item = inputFor(f, id, values[f.key], opts);
    const wrap = el('div', { class: 'field field-' + item.kind, 'data-key': f.key });
    const help = f.help ? el('p', { class: 'hint', id: hintId, text: L(f.help) }) : null;
    const err = el('p', { class: 'field-error', id: errId, hidden: true });
    const described = [help ? hintId : null, errId].filter(Boolean).join(' ');
    if (item.kind === 'radio' || item.kind === 'checkboxes') {
      item.control.setAttribute('aria-describedby', described);
      item.control.querySelector('legend').after(...[help, err].filter(Boolean));
      wrap.append(item.control);
    } else if (item.kind === 'checkbox') {
      item.control.setAttribute('aria-describedby', described);
      wrap.append(...[err, el('div', { class: 'choice' }, item.control, el('label', { for: id, class: 'label-inline' }, L(f.label))), help].filter(Boolean));
    } else {
      item.control.setAttribute('aria-describedby', described);
      wrap.append(...[el('label', { for: id, class: 'label' }, L(f.label), f.required ? el('span', { class: 'req', text: t('form.required') }) : null),
        help, err, item.control].filter(Boolean));
    }
    item.wrap = wrap; item.err = err; item.f = f; item.id = id;
    items.set(f.key, item);
    root.append(wrap);
    const recheck = () => { if (wrap.classList.contains('has-error')) ctl.validate({ only: [f.key], quiet: true }); };
    item.control.addEventListener('change', recheck);
    item.control.addEventListener('blur', recheck, true);
    /* A field put right loses its error as it is typed, not at the blur that
     * the next click causes: the layout then does not move under the pointer
     * between the press and the release, which lost the click (a button
     * pressed once did nothing). A new error still waits for the blur. */
    const clearIfFixed = () => {
      if (wrap.classList.contains('has-error') && !validate(schema, ctl.values(), { only: [f.key], regions: opts.regions }).length) recheck();
    };
    item.control.addEventListener('input', clearIfFixed);
  }

  const ctl = {
    el: root,
    schema,
    items,
    idOf(key) {
      const it = items.get(key);
      if (!it) return null;
      if (it.kind === 'radio' || it.kind === 'checkboxes') {
        const r = it.control.querySelector('input:checked') || it.control.querySelector('input');
        return r ? r.id : it.id;
      }
      return it.id;
    },
    values() {
      const out = {};
      for (const [k, it] of items) {
        const v = readValue(it.f, it);
        if (v !== undefined) out[k] = v;
      }
      return out;
    },
    setValue(key, v) {
      const it = items.get(key);
      if (!it) return;
      if (it.kind === 'radio') { for (const r of it.control.querySelectorAll('input')) r.checked = r.value === String(v); }
      else if (it.kind === 'checkboxes') {
        const picked = Array.isArray(v) ? v.map(String) : [];
        for (const b of it.control.querySelectorAll('input')) b.checked = picked.includes(b.value);
      }
      else if (it.kind === 'checkbox') it.control.checked = v === true;
      else it.control.value = v === undefined || v === null ? '' : String(v);
    },
    /* Client-side check; shows errors; returns the list. */
    validate(o = {}) {
      const data = ctl.values();
      const list = validate(schema, data, { only: o.only || opts.only, regions: opts.regions });
      if (o.only) {
        for (const k of o.only) ctl.setFieldError(k, list.filter((e) => e.field === k).map((e) => e.message));
        if (!o.quiet) ctl.summary(list);
        else ctl.refreshSummary();
      } else {
        ctl.showErrors(list, { summary: !o.quiet });
      }
      return list;
    },
    setFieldError(key, messages) {
      const it = items.get(key);
      if (!it) return false;
      const bad = messages.length > 0;
      it.err.hidden = !bad;
      it.err.textContent = '';
      if (bad) {
        it.err.append(el('span', { class: 'sr-only', text: t('form.error_prefix') }), messages.join('；'));
      }
      it.wrap.classList.toggle('has-error', bad);
      it.control.setAttribute('aria-invalid', bad ? 'true' : 'false');
      if (it.kind === 'radio' || it.kind === 'checkboxes') {
        for (const r of it.control.querySelectorAll('input')) r.setAttribute('aria-invalid', String(bad));
      }
      return true;
    },
    /* errors: [{field, message}]; field may carry a prefix ("form.x") and,
     * for an item of a list, its index ("co_bodies[1]"). */
    showErrors(list, o = {}) {
      const by = new Map();
      for (const e of list) {
        const k = ctl.keyOf(e.field);
        if (!k) continue;
        if (!by.has(k)) by.set(k, []);
        by.get(k).push(e.message);
      }
      for (const k of items.keys()) ctl.setFieldError(k, by.get(k) || []);
      if (o.summary !== false) ctl.summary(list);
      else summarySlot.textContent = '';
    },
    keyOf(field) {
      if (!field) return null;
      const k = String(field).replace(/^form\./, '').replace(/^applicant\./, '').replace(/\[[0-9]+\]$/, '');
      return items.has(k) ? k : null;
    },
    summary(list) {
      summarySlot.textContent = '';
      if (!list.length) return null;
      const box = errorSummary(list, (f) => { const k = ctl.keyOf(f); return k ? ctl.idOf(k) : null; });
      summarySlot.append(box);
      return box;
    },
    refreshSummary() {
      const box = summarySlot.querySelector('.error-summary');
      if (!box) return;
      const left = [];
      for (const [k, it] of items) if (!it.err.hidden) left.push({ field: k, message: it.err.textContent.replace(t('form.error_prefix'), '') });
      if (!left.length) summarySlot.textContent = '';
    },
    clear() { ctl.showErrors([], { summary: false }); },
    focus(key) { const id = ctl.idOf(key); if (id) focusById(id); },
    focusSummary() { const b = summarySlot.querySelector('.error-summary'); if (b) { b.focus(); b.scrollIntoView({ block: 'start' }); } },
  };
  return ctl;
}

/* "There are N problems" with a link to each field. */
export function errorSummary(list, idFor) {
  const box = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  box.append(el('h2', { class: 'error-summary-title', text: t('form.summary', { n: list.length }) }));
  const ul = el('ul');
  for (const e of list) {
    const id = idFor ? idFor(e.field) : null;
    const li = el('li');
    if (id) {
      const a = el('a', { href: '#' + id, text: e.message });
      a.addEventListener('click', (ev) => { ev.preventDefault(); focusById(id); });
      li.append(a);
    } else li.textContent = e.message;
    ul.append(li);
  }
  box.append(ul);
  return box;
}

/* A value as people read it, for review pages and case views. */
export function displayValue(f, v, regions) {
  if (v === undefined || v === null || v === '') return t('form.empty');
  if (f && f.type === 'bool') return v ? t('yes') : t('no');
  if (f && f.type === 'enum') { const o = (f.options || []).find((x) => x.value === v); return o ? L(o.label) : String(v); }
  if (f && f.type === 'region' && regions) { const r = regions.find((x) => x.code === v); return r ? L(r.name) + paren(v) : String(v); }
  return String(v);
}
