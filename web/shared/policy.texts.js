/* policy.texts.js — how a policy's match is read, in the portal and the workbench; zh-CN first, English second. */
export default {
  'pol.row': ['第 {n} 行条件', 'Row {n}'],
  'pol.every': ['所有企业', 'every enterprise'],
  'pol.attr.industry': ['行业', 'industry'],
  'pol.attr.size': ['规模', 'size'],
  'pol.attr.district': ['区县', 'district'],
  'pol.attr.tax_credit': ['纳税信用等级', 'tax credit level'],
  'pol.attr.employees': ['从业人数', 'employees'],
  'pol.attr.founded': ['成立日期', 'founded'],
  'pol.auto': ['免申即享', 'Granted without application'],
  'pol.needs_apply': ['需申请', 'Apply to receive'],
};
