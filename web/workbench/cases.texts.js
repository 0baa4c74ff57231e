/* cases.texts.js — texts of the cases list; zh-CN first, English second. */
export default {
  'cases.none_dept': ['本部门暂无办件。', 'Your department has no cases.'],
};
