/* rating.texts.js — texts of the rating panel (好差评) of a finished case or bundle case; zh-CN first, English second. */
export default {
  'rt.title': ['评价办理服务（好差评）', 'Rate the service'],
  'rt.intro': ['已办结，欢迎评价：您的评价会送达办理部门，“不满意”会启动整改并回访您。',
    'It is finished: please rate the service. Your rating reaches the department; a dissatisfied rating starts a rectification and a call back to you.'],
  'rt.rerate_intro': ['办理部门已完成整改，您可以再评价一次。', 'The department has fixed the cause: you may rate it once more.'],
  'rt.level': ['满意程度', 'How satisfied are you?'],
  'rt.tags': ['您满意或不满意的方面（可选）', 'What it was about (optional)'],
  'rt.comment': ['意见（可选）', 'Comment (optional)'],
  'rt.send': ['提交评价', 'Send my rating'],
  'rt.thanks': ['谢谢，您的评价已记录。', 'Thank you: your rating is recorded.'],
  'rt.yours': ['您的评价', 'Your rating'],
  'rt.again': ['整改后的再评价', 'Your rating after the rectification'],
};
