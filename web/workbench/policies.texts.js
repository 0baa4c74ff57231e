/* policies.texts.js — texts of the workbench's 惠企政策 page; zh-CN first, English second. */
export default {
  'wp.intro': ['本部门已发布的惠企政策，以及每项政策匹配到的企业和匹配理由。企业信息变化时会自动重新匹配。',
    "Your department's published policies, with the enterprises each matches and why. When an enterprise's data changes it is matched again."],
  'wp.none': ['本部门还没有发布政策。', 'Your department has published no policy yet.'],
  'wp.period': ['有效期', 'Valid'],
  'wp.benefit': ['扶持内容', 'Benefit'],
  'wp.matches': ['匹配的企业', 'Matched enterprises'],
  'wp.matched_n': ['{n} 家企业', '{n} enterprises', '{n} enterprise'],
  'wp.no_matches': ['还没有匹配的企业。', 'No enterprise matches yet.'],
  'wp.enterprise': ['企业', 'Enterprise'],
  'wp.amount': ['金额', 'Amount'],
  'wp.why': ['匹配理由', 'Why it matches'],
  'wp.status': ['办理情况', 'Status'],
  'wp.granted_auto': ['已免申即享', 'Granted without application'],
  'wp.granted': ['已发放', 'Granted'],
  'wp.applied': ['已申请', 'Applied for'],
  'wp.not_yet': ['未申请', 'Not applied for'],
};
