/* messages.texts.js — texts of my messages; zh-CN first, English second. */
export default {
  'msg.none': ['暂无消息。', 'No messages.'],
  'msg.unread': ['未读', 'Unread'],
};
