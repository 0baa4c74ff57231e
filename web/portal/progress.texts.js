/* progress.texts.js — texts of 进度查询; zh-CN first, English second. */
export default {
  'progress.intro': ['无需登录：输入办件编号和申请人的身份证号、统一社会信用代码或手机号，即可查看办理状态和期限。登录后可在“我的办件”查看全部详情。',
    "No login needed: enter the case number and the applicant's ID number, credit code or mobile phone to see the status and deadlines. Log in and open My applications for every detail."],
  'progress.ask': ['查询', 'Look it up'],
  'progress.matter': ['事项', 'Service'],
  'progress.department': ['办理部门', 'Department'],
  'progress.submitted': ['提交日期', 'Submitted'],
  'progress.accepted': ['受理日期', 'Accepted'],
  'progress.not_yet': ['尚未受理', 'Not yet'],
  'progress.due': ['法定办结期限', 'Statutory deadline'],
  'progress.suspended': ['计时', 'Clock'],
  'progress.suspended_yes': ['已中止（特别程序期间不计时）', 'Stopped (a special procedure does not count)'],
  'progress.finished': ['办结日期', 'Finished'],
  'progress.more': ['详情（材料、意见、结果）请登录后在“我的办件”查看。', 'For the materials, opinions and result, log in and open My applications.'],
  'progress.found': ['已查到：{status}', 'Found: {status}'],
};
