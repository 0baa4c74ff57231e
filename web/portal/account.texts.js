/* account.texts.js — texts of registration; zh-CN first, English second. */
export default {
  'register.title': ['注册账户', 'Create an account'],
  'register.have': ['已有账户？', 'Already registered?'],
  'register.done': ['注册成功，您已登录', 'Your account is ready and you are logged in'],
  'forgot.title': ['忘记密码', 'Forgot password'],
  'forgot.intro': ['输入用户名和注册时填写的手机号码，我们会向该手机发送 6 位验证码（10 分钟内有效）。也可以携带身份证件到任一办事窗口，由工作人员核验后发给您 8 位验证码。',
    'Enter your username and the mobile number you registered; a 6-digit code is sent to that phone (valid 10 minutes). Or bring your ID card to any service window: the clerk checks it and gives you an 8-digit code.'],
  'forgot.send': ['发送验证码', 'Send the code'],
  'forgot.have_code': ['已有验证码？直接设置新密码', 'Have a code already? Set the new password'],
  'forgot.set_title': ['设置新密码', 'Set a new password'],
  'forgot.set': ['设置新密码', 'Set the password'],
  'forgot.done': ['密码已重设，请用新密码登录', 'Your password is set; log in with it'],
};
