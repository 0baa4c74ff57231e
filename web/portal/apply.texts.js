/* apply.texts.js — texts of applying online; zh-CN first, English second. */
export default {
  'apply.title': ['申请：{name}', 'Apply: {name}'],
  'apply.applicants_only': ['在线申请需要使用个人或企业账户登录。工作人员请使用工作台的窗口受理。', 'Applying online needs a person or enterprise account. Staff: use window mode in the workbench.'],
  'apply.done': ['申请已提交', 'Application submitted'],
  'apply.done.next': ['我们会在受理后通知您；您可随时在“我的办件”查看进度。', 'We will tell you when it is accepted; follow it any time in “My applications”.'],
};
