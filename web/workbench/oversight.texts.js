/* oversight.texts.js — texts of the supervisors' overview of overdue and warning cases; zh-CN first, English second. */
export default {
  'wo.intro': ['各部门承诺期限已过（红色）或进入预警期（黄色）的在办件。', 'Cases in progress in every department that are past their deadline (red) or close to it (yellow).'],
  'wo.colour': ['颜色', 'Colour'],
  'wo.both': ['红色和黄色', 'Red and yellow'],
  'wo.show': ['查看', 'Show'],
  'wo.by_dept': ['各部门', 'By department'],
  'wo.dept': ['部门', 'Department'],
  'wo.red': ['超期', 'Overdue'],
  'wo.yellow': ['预警', 'Warning'],
  'wo.cases': ['办件', 'Cases'],
  'wo.number': ['办件编号', 'Case number'],
  'wo.matter': ['事项', 'Service'],
  'wo.status': ['状态', 'Status'],
  'wo.deadline': ['承诺期限', 'Deadline'],
  'wo.count': ['共 {n} 件', '{n} cases', '{n} case'],
  'wo.none': ['没有超期或预警的办件。', 'No case is overdue or close to its deadline.'],
};
