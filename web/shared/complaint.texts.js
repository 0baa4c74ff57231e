/* complaint.texts.js — the words of 12345 requests both applications use; zh-CN first, English second. */
export default {
  'kind.enquiry': ['咨询', 'Enquiry'],
  'kind.help': ['求助', 'Request for help'],
  'kind.complaint': ['投诉', 'Complaint'],
  'kind.report': ['举报', 'Report'],
  'kind.suggestion': ['建议', 'Suggestion'],
};
