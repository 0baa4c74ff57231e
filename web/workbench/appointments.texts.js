/* appointments.texts.js — texts of appointment check-in and slots; zh-CN first, English second. */
export default {
  'wb.appt.date': ['日期', 'Date'],
  'wb.appt.show': ['查看', 'Show'],
  'wb.appt.on': ['{day} 的预约', 'Appointments on {day}'],
  'wb.appt.none': ['当天没有预约。', 'No appointments that day.'],
  'wb.appt.time': ['时段', 'Time'],
  'wb.appt.who': ['预约人', 'Who'],
  'wb.appt.matter': ['事项', 'Service'],
  'wb.appt.status': ['状态', 'Status'],
  'wb.appt.checkin': ['签到', 'Check in'],
  'wb.appt.on_its_day': ['预约当天可签到', 'Checked in on the day'],
  'wb.appt.checked': ['{name} 已签到', '{name} checked in'],
  'wb.appt.q': ['姓名或身份证号', 'Name or ID number'],
  'wb.appt.intake': ['开始受理', 'Start intake'],
  'wb.slots.manage': ['管理本周的预约号源 →', 'Manage this week’s appointment slots →'],
};
