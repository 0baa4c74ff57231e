/* messages.texts.js — texts of my messages; zh-CN first, English second. */
export default {
  'msg.none': ['暂无消息。', 'No messages.'],
  'msg.unread': ['未读', 'Unread'],
  'msg.settings': ['通知方式：短信、电子邮件', 'How you are notified: SMS, email'],
};
