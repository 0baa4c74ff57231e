/* cases.texts.js — texts of the cases list; zh-CN first, English second. */
export default {
  'cases.none_dept': ['本部门暂无办件。', 'Your department has no cases.'],
  'csq.title': ['办件查询', 'Find cases'],
  'csq.number': ['办件编号', 'Case number'],
  'csq.applicant': ['申请人', 'Applicant'],
  'csq.matter': ['事项', 'Matter'],
  'csq.status': ['状态', 'Status'],
  'csq.from': ['提交日期自', 'Submitted from'],
  'csq.to': ['至', 'to'],
  'csq.search': ['查询', 'Search'],
  'csq.count': ['共 {n} 件', '{n} cases', '{n} case'],
  'csq.none': ['没有符合条件的办件。', 'No case matches.'],
};
