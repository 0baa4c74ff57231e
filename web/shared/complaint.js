/* complaint.js — what the portal and the workbench share about 12345
 * requests: the request form (in the server's schema format: type,
 * category from the category tree, district and subdistrict, text, the
 * organisation concerned, anonymity, and a phone when the caller has no
 * account or calls the hotline), the body it sends, and the labels the
 * server gives as name_zh / name_en. */
import { t, L, lang, fmtTime } from './frame.js';
import { addTexts } from './i18n.js';
import TEXTS from './complaint.texts.js';

addTexts(TEXTS);

export const KINDS = ['complaint', 'help', 'enquiry', 'report', 'suggestion'];
/* The departments that handle requests (派单 goes to one of these kinds). */
export const BODY_KINDS = ['street_office', 'district_government', 'agency'];
/* a field of the server's answer that comes as name_zh / name_en */
export const Lz = (o, key) => (lang() === 'en' ? o[key + '_en'] : o[key + '_zh']) || o[key + '_zh'] || o[key] || '';
export const when = (ms) => (ms ? fmtTime(new Date(ms).toISOString()) : '');

export function label(zh, en) { return { zh, en }; }

/* The category tree as options, each named with its parent ("城市管理 · 噪音扰民"). */
export function categoryOptions(items, prefix = null, out = []) {
  for (const c of items) {
    const name = prefix ? { zh: prefix.zh + ' · ' + c.zh, en: prefix.en + ' · ' + c.en } : { zh: c.zh, en: c.en };
    out.push({ value: c.code, label: name });
    if (c.children && c.children.length) categoryOptions(c.children, { zh: c.zh, en: c.en }, out);
  }
  return out;
}

export function requestSchema(cats, regs, { phone = false } = {}) {
  const districts = regs.filter((r) => r.level === 'district');
  const name = (code) => (regs.find((r) => r.code === code) || { name: {} }).name;
  const streets = regs.filter((r) => r.level === 'street').map((r) => ({
    value: r.code, label: { zh: L(name(r.parent), 'zh') + ' · ' + L(r.name, 'zh'), en: L(name(r.parent), 'en') + ' · ' + L(r.name, 'en') } }));
  const fields = [
    { key: 'kind', type: 'enum', required: true, widget: 'radio', label: label('诉求类型', 'Type of request'),
      options: KINDS.map((k) => ({ value: k, label: label(t('kind.' + k, null, k, 'zh'), t('kind.' + k, null, k, 'en')) })) },
    { key: 'category', type: 'enum', required: true, widget: 'select', label: label('问题分类', 'Category'),
      options: categoryOptions(cats) },
    { key: 'district', type: 'enum', required: true, widget: 'select', label: label('发生在哪个区', 'District where it happens'),
      options: districts.map((r) => ({ value: r.code, label: r.name })) },
    { key: 'street', type: 'enum', widget: 'select', label: label('街道（可选，选了派单更准）', 'Subdistrict (optional: it helps send it to the right office)'),
      options: streets },
    { key: 'address', type: 'string', max_len: 200, label: label('具体地点（可选）', 'Exact place (optional)') },
    { key: 'text', type: 'text', required: true, max_len: 4000, label: label('诉求内容', 'Your request'),
      help: label('写清楚什么事、在哪里、什么时间，以及希望怎样解决。', 'Say what happens, where and when, and what you would like done.') },
    { key: 'subject_name', type: 'string', max_len: 200, label: label('被投诉或举报的单位（可选）', 'Organisation complained about or reported (optional)') },
    { key: 'anonymous', type: 'bool', widget: 'checkbox', label: label('对承办单位匿名（不向承办单位显示我的姓名和电话）', "Stay anonymous to the office (it does not see my name or phone)") },
  ];
  if (phone) {
    fields.push({ key: 'phone', type: 'phone', required: true, label: label('联系电话', 'Phone'),
      help: label('用于答复和回访，只有热线和承办单位能看到。', 'For the answer and the callback; only the hotline and the office see it.') });
  }
  return { fields };
}

export function requestBody(v, { phone = false, channel = 'web' } = {}) {
  const b = { kind: v.kind, category: v.category, district: v.district, text: v.text, channel, anonymous: !!v.anonymous };
  if (v.street) b.street = v.street;
  if (v.address) b.address = v.address;
  if (v.subject_name) b.subject = { name: v.subject_name };
  if (phone) b.phone = v.phone;
  return b;
}

