/* staff.texts.js — texts of the security administrator's staff accounts and roles; zh-CN first, English second. */
export default {
  'ws.dept': ['部门', 'Department'],
  'ws.all': ['全部部门', 'All departments'],
  'ws.show': ['查看', 'Show'],
  'ws.name': ['姓名', 'Name'],
  'ws.username': ['用户名', 'Username'],
  'ws.roles': ['角色', 'Roles'],
  'ws.count': ['共 {n} 人', '{n} people', '{n} person'],
  'ws.none': ['该部门没有在职工作人员。', 'No staff in this department.'],
  'ws.edit': ['修改角色', 'Change roles'],
  'ws.edit.title': ['修改 {name} 的角色', 'Change the roles of {name}'],
  'ws.roles.help': ['系统管理员、安全管理员、审计管理员三者只能选其一；不能取消自己的管理员角色。', 'Choose at most one of system, security and audit administrator; you cannot remove your own administrator role.'],
  'ws.save': ['保存', 'Save'],
  'ws.back': ['返回工作人员列表', 'Back to the staff list'],
  'ws.saved': ['已保存 {name} 的角色', 'Roles of {name} saved'],
  'ws.missing': ['没有该在职工作人员账户。', 'No active staff account has this id.'],
  'role.operator': ['话务员', 'Call operator'],
};
