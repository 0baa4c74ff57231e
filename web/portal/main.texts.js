/* main.texts.js — texts of the portal's navigation and page titles; zh-CN first, English second. */
export default {
  'nav.cases': ['我的办件', 'My applications'],
  'nav.appointments': ['我的预约', 'My appointments'],
  'nav.messages': ['我的消息', 'My messages'],
  'nav.progress': ['进度查询', 'Track an application'],
  'nav.complaints': ['12345 诉求', '12345 requests'],
  'progress.title': ['办件进度查询', 'Track an application'],
  'pub.title': ['政务公开', 'Public information'],
  'search.title': ['搜索事项', 'Search'],
  'guide.title': ['办事指南', 'Service guide'],
  'apply.title_short': ['在线申请', 'Apply online'],
  'appt.title': ['预约办事', 'Appointments'],
  'pi.title': ['双随机抽查结果公示', 'Random inspection results'],
  'pi.mine': ['我的检查', 'My inspections'],
  'pp.title': ['惠企政策', 'Business support policies'],
  'pp.mine': ['我的政策', 'Policies for me'],
};
