/* inspection_plan_form.js — a supervisor's new 双随机 plan: its title (and
 * English title), the items — of one department or of several, a joint
 * inspection —, which firms of the target register it draws from (industries,
 * districts, only those complained about or with past non-compliant
 * findings), the sampling ratio per risk level (and for flagged firms), the
 * inspectors per target and the inspection period. The API's field errors
 * land beside the fields they name; the plan is then a draft whose page
 * carries the actions (commit, draw, reveal, start, publish). */
import { h, t, L, go, announce, departments, regions } from '../shared/frame.js';
import { api, ApiError } from '../shared/api.js';
import { onSubmit } from '../shared/action.js';
import { renderForm } from '../shared/form.js';
import { addTexts } from '../shared/i18n.js';
import { lbl } from './common.js';
import TEXTS from './inspections.texts.js';

addTexts(TEXTS);

const RISKS = ['high', 'medium', 'low', 'flagged'];
const FLAGS = ['with_complaints', 'with_findings'];
const uniqueSorted = (xs) => [...new Set(xs.filter(Boolean))].sort();

/* The API names filter.industries, filter.with_findings, ratios, items.CODE …: the form's keys. */
function formKey(field) {
  const f = String(field || '');
  if (f.startsWith('filter.')) return f.slice(7);
  if (f === 'filter') return 'industries';
  if (f.startsWith('ratios')) return 'ratio_high';
  if (f.startsWith('items.')) return 'items';
  return f;
}

function schema(items, depts, targets, regs) {
  const deptName = (code) => {
    const d = depts.find((x) => x.code === code);
    return { zh: d ? L(d.name, 'zh') : code, en: d ? L(d.name, 'en') : code };
  };
  const region = (code) => {
    const r = regs.find((x) => x.code === code);
    return { zh: (r ? L(r.name, 'zh') : '') + '（' + code + '）', en: (r ? L(r.name, 'en') : '') + ' (' + code + ')' };
  };
  const ratio = (k) => ({ key: 'ratio_' + k, type: 'int', min: 0, max: 1000, label: lbl('wi.ratio.' + k),
    help: lbl(k === 'flagged' ? 'wi.ratio.flagged.help' : 'wi.ratio.help') });
  return { fields: [
    { key: 'title', type: 'string', required: true, max_len: 80, label: lbl('wi.f.title') },
    { key: 'title_en', type: 'string', max_len: 160, label: lbl('wi.f.title_en'), help: lbl('wi.f.title_en.help') },
    { key: 'items', type: 'enum', widget: 'checkboxes', required: true, max_items: 20, label: lbl('wi.f.items'),
      help: lbl('wi.f.items.help'),
      options: items.map((i) => {
        const d = deptName(i.department);
        return { value: i.code, label: { zh: `${i.title}（${d.zh}）`, en: `${i.title_en || i.title} (${d.en})` } };
      }) },
    { key: 'industries', type: 'enum', widget: 'checkboxes', label: lbl('wi.f.industries'), help: lbl('wi.f.any'),
      options: uniqueSorted(targets.map((x) => x.industry)).map((v) => ({ value: v, label: v })) },
    { key: 'districts', type: 'enum', widget: 'checkboxes', label: lbl('wi.f.districts'), help: lbl('wi.f.any'),
      options: uniqueSorted(targets.map((x) => x.district)).map((v) => ({ value: v, label: region(v) })) },
    ...FLAGS.map((k) => ({ key: k, type: 'bool', widget: 'checkbox', label: lbl('wi.f.' + k) })),
    ...RISKS.map(ratio),
    { key: 'inspectors_per_target', type: 'int', required: true, min: 2, max: 20, label: lbl('wi.f.inspectors_per_target'),
      help: lbl('wi.f.inspectors_per_target.help') },
    { key: 'period_start', type: 'date', required: true, label: lbl('wi.f.period_start') },
    { key: 'period_end', type: 'date', required: true, label: lbl('wi.f.period_end') },
  ] };
}

function body(v) {
  const filter = {};
  for (const k of ['industries', 'districts']) if (v[k]) filter[k] = v[k];
  for (const k of FLAGS) if (v[k]) filter[k] = true;
  const ratios = {};
  for (const k of RISKS) if (v['ratio_' + k] !== undefined) ratios[k] = v['ratio_' + k];
  const out = { title: v.title, items: v.items || [], filter, ratios, inspectors_per_target: v.inspectors_per_target,
    period_start: v.period_start, period_end: v.period_end };
  if (v.title_en) out.title_en = v.title_en;
  return out;
}

export async function pagePlanNew(page) {
  page.append(h('nav', { class: 'crumbs', 'aria-label': t('crumbs') }, h('a', { href: '#/inspections' }, t('wi.title')), ' › ', t('wi.new')),
    h('h1', null, t('wi.new')), h('p', { class: 'hint' }, t('wi.new.intro')));
  const [items, depts, targets, regs] = await Promise.all([api('/inspection-items'), departments(),
    api('/inspection-targets'), regions()]);
  const ctl = renderForm(schema(items.items, depts, targets.items, regs),
    { idPrefix: 'wi-plan', values: { inspectors_per_target: 2 } });
  // an industry is named as the register has it
  for (const l of ctl.items.get('industries').control.querySelectorAll('.choice label')) l.setAttribute('data-keep', 'data');
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wi.create'));
  const form = h('form', { novalidate: true, 'aria-label': t('wi.new') }, ctl.el, out, h('div', { class: 'actions' }, button));
  onSubmit(form, { out, form: ctl, button }, async () => {
    let plan;
    try {
      plan = await api('/inspection-plans', { method: 'POST', body: body(ctl.values()) });
    } catch (e) {
      if (e instanceof ApiError) for (const fe of e.errors) fe.field = formKey(fe.field);
      throw e;
    }
    announce(t('wi.created'));
    go('#/inspections/' + plan.id);
  });
  page.append(form);
}
