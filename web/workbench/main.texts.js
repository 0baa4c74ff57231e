/* main.texts.js — texts of the workbench's navigation, page titles and shared words; zh-CN first, English second. */
export default {
  'tasks.title': ['待办任务', 'Task queue'],
  'tasks.filter': ['筛选', 'Filter'],
  'tasks.actions': ['操作', 'Actions'],
  'wb.cases': ['办件查询', 'Cases'],
  'win.title': ['窗口受理', 'Window intake'],
  'wb.appt': ['预约签到', 'Appointments'],
  'wc.title': ['12345 诉求', '12345 requests'],
  'wc.rates': ['12345 三率', '12345 rates'],
  'wc.hotspots': ['12345 热点', '12345 hotspots'],
  'wi.title': ['双随机抽查', 'Random inspections'],
  'wp.title': ['惠企政策', 'Business support policies'],
  'wo.title': ['超期预警总览', 'Overdue and warning cases'],
  'wm.title': ['事项管理', 'Services catalogue'],
  'wk.title': ['工作日历', 'Working calendar'],
  'ws.title': ['工作人员与角色', 'Staff and roles'],
  'wa.title': ['审计日志', 'Audit log'],
};
