/* account.texts.js — texts of registration; zh-CN first, English second. */
export default {
  'register.title': ['注册账户', 'Create an account'],
  'register.have': ['已有账户？', 'Already registered?'],
  'register.done': ['注册成功，您已登录', 'Your account is ready and you are logged in'],
};
