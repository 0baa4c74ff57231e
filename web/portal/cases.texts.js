/* cases.texts.js — texts of my cases: withdrawing and answering a correction notice; zh-CN first, English second. */
export default {
  'cases.none': ['您还没有办件。', 'You have no applications yet.'],
  'cases.find': ['查找要办的事项', 'Find a service to apply for'],
  'corr.answer': ['提交补正', 'Send the corrections'],
  'corr.answer.intro': ['只需修改下列被指出的内容，其他内容无需重新填写。', 'Change only the items below; nothing else needs doing again.'],
  'corr.reason': ['补正原因', 'Why'],
  'corr.send': ['提交补正材料', 'Send the corrections'],
  'corr.sent': ['补正已提交，等待受理', 'Corrections sent; awaiting intake'],
  'withdraw.intro': ['作出决定前，您可以撤回申请。撤回后如需办理，须重新申请。', 'You may withdraw before a decision. To go on afterwards you must apply again.'],
  'withdraw.button': ['撤回申请', 'Withdraw the application'],
  'withdraw.confirm': ['确定撤回此申请？', 'Withdraw this application?'],
  'notices.title': ['办理文书', 'Notices and decisions'],
  'notices.intro': ['受理通知书、决定书等文书由办理部门电子签名签发，可下载打印，他人可凭核验地址查验真伪。', 'Notices of acceptance and decision letters are signed electronically by the department: download and print them; anyone can check one at its verify address.'],
  'notices.pdf': ['下载PDF', 'Download PDF'],
  'notices.verify': ['核验', 'Verify'],
  'withdraw.done': ['申请已撤回', 'The application is withdrawn'],
};
