/* rating.js — the applicant's rating panel (好差评) of a finished case or
 * bundle case: the rating given (and the re-rating after a rectification),
 * or the form when the API says the caller may rate now (may_rate): the five
 * levels, the tags of the service's channel, a comment. `path` is the
 * rating's resource, e.g. /bundle-cases/{id}/rating. */
import { h, t, L, announce, go } from '../shared/frame.js';
import { addTexts, colon } from '../shared/i18n.js';
import { api } from '../shared/api.js';
import { submit } from '../shared/action.js';
import TEXTS from './rating.texts.js';

addTexts(TEXTS);

const LEVELS = [[5, '非常满意', 'Very satisfied'], [4, '满意', 'Satisfied'], [3, '基本满意', 'Fairly satisfied'],
  [2, '不满意', 'Dissatisfied'], [1, '非常不满意', 'Very dissatisfied']];
const lbl = (key) => ({ zh: t(key, null, key, 'zh'), en: t(key, null, key, 'en') });

const given = (r, key) => h('p', { class: 'rating-given' }, t(key), colon(), h('strong', null, L({ zh: r.level_zh, en: r.level_en })),
  r.tags && r.tags.length ? ' · ' + r.tags.map((x) => L(x)).join(' · ') : '', r.comment ? h('span', { 'data-keep': 'data' }, ' · ' + r.comment) : '');

export async function ratingPanel(path, back) {
  const r = await api(path);
  if (!r.completed) return null;
  const sec = h('section', { class: 'panel rating-panel', 'aria-labelledby': 'rt-h' }, h('h2', { id: 'rt-h' }, t('rt.title')));
  if (r.rating) sec.append(given(r.rating, 'rt.yours'));
  if (r.rerating) sec.append(given(r.rerating, 'rt.again'));
  if (!r.may_rate) return r.rating ? sec : null;
  const { renderForm } = await import('../shared/form.js');
  const fields = [{ key: 'level', type: 'enum', required: true, widget: 'radio', label: lbl('rt.level'),
    options: LEVELS.map(([v, zh, en]) => ({ value: String(v), label: { zh, en } })) }];
  if ((r.tags_offered || []).length) {
    fields.push({ key: 'tags', type: 'enum', widget: 'checkboxes', label: lbl('rt.tags'),
      options: r.tags_offered.map((x) => ({ value: x.code, label: { zh: x.zh, en: x.en } })) });
  }
  fields.push({ key: 'comment', type: 'text', max_len: 500, label: lbl('rt.comment') });
  const ctl = renderForm({ fields }, { idPrefix: 'rt' });
  const out = h('div');
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('rt.send'));
  const f = h('form', { novalidate: true }, ctl.el, out, h('div', { class: 'actions' }, button));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit({ out, form: ctl, button }, async () => {
      const v = ctl.values();
      const body = { level: Number(v.level) };
      if (Array.isArray(v.tags) && v.tags.length) body.tags = v.tags;
      if (v.comment) body.comment = v.comment;
      await api(path, { method: 'POST', body });
      announce(t('rt.thanks'));
      go(back);
    });
  });
  sec.append(h('p', { class: 'hint' }, t(r.rating ? 'rt.rerate_intro' : 'rt.intro')), f);
  return sec;
}
