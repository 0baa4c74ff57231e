/* problem.c — the registry itself (see problem.h). Keep titles short: the
 * detail and the field errors say the rest. */
#include "api/problem.h"
#include <string.h>

static const problem_info_t TABLE[E__COUNT] = {
    [E_OK] = {E_OK, "ok", 200, "成功", "OK", "请求已成功完成。", "The request succeeded."},
    [E_VALIDATION] =
	{E_VALIDATION, "validation", 422, "提交的内容有误", "The request has invalid fields",
	 "提交的内容有字段不符合规则，errors 列出了每个字段及原因。请按提示修改这些字段后重新提交。",
	 "Some fields break a rule; errors lists each field and why. Correct those fields and submit again."},
    [E_BAD_CREDENTIALS] = {E_BAD_CREDENTIALS, "bad-credentials", 401, "用户名或密码错误",
			   "Wrong username or password",
			   "用户名或密码不正确。请检查后重试；多次失败后需等待一段时间才能再次登录。",
			   "The username or password is wrong. Check them and retry; after repeated failures "
			   "you must wait before trying again."},
    [E_FORBIDDEN] = {E_FORBIDDEN, "forbidden", 403, "无权进行此操作", "You may not do this",
		     "您的角色、所属部门或身份不允许进行此操作。如确需办理，请联系有权限的工作人员或管理员。",
		     "Your role, department or account may not do this. If you need it done, ask staff or an "
		     "administrator who may."},
    [E_NOT_FOUND] = {E_NOT_FOUND, "not-found", 404, "未找到", "Not found",
		     "要找的事项、办件、文件或预约不存在，或您无权查看。请核对编号或链接。",
		     "The matter, case, file or appointment does not exist, or is not yours to see. Check "
		     "the number or link."},
    [E_CONFLICT] = {E_CONFLICT, "conflict", 409, "已存在", "Already exists",
		    "要创建的内容已经存在（例如用户名或编号已被使用）。请换一个值，或使用已有的那一个。",
		    "What you tried to create already exists (for example a username or code in use). Choose "
		    "another value or use the existing one."},
    [E_STALE] = {E_STALE, "stale-version", 409, "数据已被他人修改，请刷新后重试",
		 "The resource changed; reload and retry",
		 "您修改时所依据的版本已被他人更新（If-Match 不是当前版本）。请刷新获取最新内容后再修改。",
		 "Someone changed the resource since you read it (If-Match is not the current version). "
		 "Reload it, then make your change again."},
    [E_STATE] = {E_STATE, "invalid-state", 409, "当前状态下不能进行此操作",
		 "Not allowed in the current state",
		 "办件或任务的当前状态不允许此操作（例如已办结的办件不能再受理）。请刷新查看当前状态。",
		 "The case or task is in a state that does not allow this action (for example a closed case "
		 "cannot be accepted). Reload to see its state."},
    [E_THROTTLED] =
	{E_THROTTLED, "throttled", 429, "尝试次数过多，请稍后再试", "Too many attempts; try again later",
	 "短时间内尝试次数过多。请按 Retry-After 所示的秒数等待后再试。",
	 "Too many attempts in a short time. Wait the number of seconds Retry-After gives, then try again."},
    [E_IDEMPOTENCY_MISMATCH] =
	{E_IDEMPOTENCY_MISMATCH, "idempotency-mismatch", 422, "同一幂等键对应了不同的请求",
	 "The Idempotency-Key was used with another body",
	 "同一个 Idempotency-Key "
	 "已用于另一份不同的请求内容。重试时请发送完全相同的内容，新的请求请使用新的键。",
	 "This Idempotency-Key was already used with a different body. Retry with exactly the same body, or "
	 "use a new key for a new request."},
    [E_TASK_CLAIMED] = {E_TASK_CLAIMED, "task-claimed", 409, "该任务已由同事认领",
			"A colleague has claimed this task",
			"该任务已由同事认领，不能再认领或办理。请选择其他任务，或请负责人改派。",
			"A colleague has claimed this task, so you cannot claim or act on it. Pick another "
			"task or ask the head to reassign it."},
    [E_INTERNAL] = {E_INTERNAL, "internal", 500, "服务器内部错误", "Internal server error",
		    "服务器处理时发生意外错误，您的请求未被执行。请稍后重试；如持续出现，请把请求编号（reques"
		    "t_id）告知运维人员。",
		    "An unexpected error occurred on the server and the request was not carried out. Retry "
		    "later; if it persists, give the request_id to the operators."},
    [E_UNAVAILABLE] =
	{E_UNAVAILABLE, "unavailable", 503, "服务暂不可用", "Service unavailable",
	 "服务暂时不可用（例如数据库无法连接或正在停机）。请按 Retry-After "
	 "所示等待后重试，已确认的数据不会丢失。",
	 "The service is temporarily unavailable (for example the database does not answer, or it is "
	 "shutting down). Wait as Retry-After says and retry; nothing acknowledged is lost."},
    [E_SLOT_FULL] = {E_SLOT_FULL, "slot-full", 409, "该时段已约满", "This slot is fully booked",
		     "该预约时段已经约满。请选择同一天的其他时段或其他日期。",
		     "This appointment slot is fully booked. Choose another slot that day or another day."},
    [E_RATE_LIMITED] =
	{E_RATE_LIMITED, "too-many-requests", 429, "操作过于频繁，请稍后再试", "Too many requests; try again later",
	 "在一段时间内的同类操作已达上限（detail 指出是哪一项、上限多少）。请按 Retry-After 所示等待后再试；"
	 "如确有大量办理需要，请联系管理员。",
	 "The limit for this kind of request in the current period is reached (detail names which limit and "
	 "what it is). Wait as Retry-After says and try again; if you genuinely need more, ask the "
	 "administrators."},
    [E_OTP_REQUIRED] =
	{E_OTP_REQUIRED, "otp-required", 401, "请输入动态验证码", "A one-time code is required",
	 "工作人员登录须同时提交密码和身份验证器显示的 6 位动态验证码（otp 字段）。请打开身份验证器应用，"
	 "输入当前显示的验证码后重新登录。",
	 "Staff sign in with the password and the 6-digit one-time code their authenticator app shows "
	 "(field otp). Open the app and sign in again with the code it shows now."},
    [E_OTP_INVALID] =
	{E_OTP_INVALID, "otp-invalid", 401, "动态验证码错误", "Wrong one-time code",
	 "动态验证码不正确或已过期（每 30 秒更换一次）。请核对设备时间后输入身份验证器当前显示的验证码；"
	 "多次失败后需等待一段时间才能再次登录。",
	 "The one-time code is wrong or expired (it changes every 30 seconds). Check the device's clock and "
	 "enter the code the authenticator shows now; after repeated failures you must wait before trying "
	 "again."},
    [E_OTP_REUSED] =
	{E_OTP_REUSED, "otp-reused", 401, "该动态验证码已使用过", "This one-time code was already used",
	 "每个动态验证码只能使用一次。请等待身份验证器显示新的验证码（不超过 30 秒）后再登录。",
	 "Each one-time code is accepted once only. Wait for the authenticator to show a new code (at most "
	 "30 seconds) and sign in with it."},
    [E_OTP_NOT_ENROLLED] =
	{E_OTP_NOT_ENROLLED, "otp-not-enrolled", 403, "尚未设置动态验证码", "No second factor is set up",
	 "工作人员账户必须设置第二因素（动态验证码）才能登录，而该账户尚未设置。请联系安全管理员为您设置。",
	 "A staff account must have a second factor (one-time codes) to sign in, and this one has none. "
	 "Ask the security administrator to set it up for you."},
    [E_RESET_CODE] =
	{E_RESET_CODE, "reset-code-invalid", 400, "验证码无效或已过期", "The reset code is invalid or expired",
	 "重置密码的验证码不正确、已使用、已过期，或错误次数过多（每个验证码最多 5 次）。"
	 "为保护账户，此处不说明是哪一种。"
	 "请重新获取验证码：通过注册手机号申请，或携带身份证件到办事窗口办理。",
	 "The password reset code is wrong, used, expired, or was tried too often (5 tries per code); to "
	 "protect accounts the answer does not say which. Get a new code: ask again with your registered "
	 "phone, or at a service window with your ID card."},
    [E_CASES_IN_PROGRESS] =
	{E_CASES_IN_PROGRESS, "cases-in-progress", 409, "尚有办理中的办件，暂不能注销账户",
	 "Cases in progress: the account cannot be deleted yet",
	 "您有已提交、尚未办结的办件，政府部门仍需通过账户与您联系和送达结果，因此暂不能注销。"
	 "请等待办件办结，或先撤回办件，然后再申请注销。已办结的办件作为政务档案依法保存。",
	 "You have submitted cases that are not finished yet; the department still needs the account to "
	 "reach you and deliver the result, so it cannot be deleted now. Wait until they are finished, or "
	 "withdraw them, then ask again. Finished cases are kept as government records, as the law "
	 "requires."},
    [E_BAD_SIGNATURE] =
	{E_BAD_SIGNATURE, "signature-invalid", 403, "签名无效", "The signature does not verify",
	 "通知未带签名，或签名不是用约定的密钥对请求体原文所作（内容被改动过也是如此），因此未被处理，"
	 "什么也没有改变。请用约定的密钥对发送的请求体原文签名，并放在 X-Payment-Signature 请求头中（Base64）。",
	 "The notification carries no signature, or its signature was not made with the agreed key over the "
	 "exact body sent (a body changed on the way fails too), so nothing was done. Sign the exact body "
	 "with the agreed key and send the signature, Base64, in the X-Payment-Signature header."},
    [E_GONE] = {E_GONE, "gone", 410, "已失效", "No longer available",
		"您打开的链接曾经有效，但已过期或已被其所有者撤回，因此不再显示任何内容。请向给您链接的人索取新的链接。",
		"The link you opened was valid once but has expired or was withdrawn by its owner, so it "
		"shows nothing any more. Ask whoever gave it to you for a new one."},
    [E_BAD_REQUEST] = {E_BAD_REQUEST, "bad-request", 400, "请求格式有误", "Bad request",
		       "请求的格式有误（例如查询参数不是有效的 UTF-8 或取值不合法）。请按接口文档修正请求。",
		       "The request is malformed (for example a query parameter is not valid UTF-8 or has a "
		       "bad value). Correct it as the API documentation describes."},
    [E_MALFORMED_JSON] =
	{E_MALFORMED_JSON, "malformed-json", 400, "请求体不是有效的 JSON", "The body is not valid JSON",
	 "请求体不是有效的 JSON，detail 指出了出错的行和列。请修正 JSON 后重新发送。",
	 "The body is not valid JSON; detail names the line and column. Fix the JSON and send it again."},
    [E_TOO_DEEP] = {E_TOO_DEEP, "json-too-deep", 400, "JSON 嵌套层数过多", "JSON nesting is too deep",
		    "JSON 的嵌套层数超过了平台的上限。请减少嵌套后重新发送。",
		    "The JSON nests deeper than the platform allows. Flatten it and send it again."},
    [E_TOO_MANY_FIELDS] = {E_TOO_MANY_FIELDS, "json-too-many-fields", 400, "JSON 字段过多",
			   "The JSON has too many fields",
			   "JSON 中的字段数超过了平台的上限。请减少字段后重新发送。",
			   "The JSON has more members than the platform allows. Send fewer fields."},
    [E_BODY_TOO_LARGE] =
	{E_BODY_TOO_LARGE, "body-too-large", 413, "请求体过大", "The request body is too large",
	 "请求体超过了大小上限（detail 给出上限）。请缩小内容；材料文件请通过文件上传接口提交。",
	 "The request body is larger than the limit (detail gives it). Send less; upload material files "
	 "through the file upload endpoint."},
    [E_HEADERS_TOO_LARGE] =
	{E_HEADERS_TOO_LARGE, "headers-too-large", 431, "请求头过大", "The request headers are too large",
	 "请求头的总大小超过了上限，常见原因是过多或过大的 Cookie。请清除本站 Cookie 后重试。",
	 "The request headers are larger than the limit, often because of too many or too large cookies. "
	 "Clear this site's cookies and retry."},
    [E_UNSUPPORTED_MEDIA] = {E_UNSUPPORTED_MEDIA, "unsupported-media-type", 415, "不支持的内容类型",
			     "Unsupported content type",
			     "请求体的内容类型不受支持。JSON 请求须带 Content-Type: "
			     "application/json，文件上传须用 multipart/form-data。",
			     "The body's content type is not supported. Send JSON with Content-Type: "
			     "application/json, and uploads as multipart/form-data."},
    [E_UNAUTHORIZED] =
	{E_UNAUTHORIZED, "unauthorized", 401, "请先登录", "Authentication required",
	 "需要登录，或所带的登录凭证无效、已过期。请重新登录后再试。",
	 "You need to log in, or the credentials sent are invalid or expired. Log in again and retry."},
    [E_CSRF] = {E_CSRF, "csrf", 403, "缺少或错误的 CSRF 令牌", "Missing or wrong CSRF token",
		"通过浏览器 Cookie 登录时，修改类请求须带 X-CSRF-Token 请求头，其值为登录时返回的 "
		"csrf_token。请刷新页面后重试。",
		"With a browser session cookie, every write must carry the X-CSRF-Token header with the "
		"csrf_token returned at login. Reload the page and retry."},
    [E_NO_ROUTE] = {E_NO_ROUTE, "no-route", 404, "没有这个地址", "No such resource",
		    "没有这个地址。请核对网址或接口路径。",
		    "There is no such address. Check the URL or the API path."},
    [E_METHOD] =
	{E_METHOD, "method-not-allowed", 405, "不支持此请求方法", "Method not allowed",
	 "该地址不支持此请求方法，Allow 响应头列出了支持的方法。请改用其中之一。",
	 "This address does not accept this method; the Allow header lists those it does. Use one of them."},
    [E_PRECONDITION_REQUIRED] = {E_PRECONDITION_REQUIRED, "precondition-required", 428,
				 "缺少 If-Match 版本号", "If-Match is required",
				 "修改此资源须带 If-Match 请求头，其值为您读取时得到的 ETag "
				 "版本号，以免覆盖他人的修改。请先读取再修改。",
				 "Changing this resource requires an If-Match header with the ETag you read, "
				 "so that nobody's change is overwritten. Read it first, then change it."},
    [E_BAD_FRAMING] = {E_BAD_FRAMING, "bad-framing", 400, "请求体长度不明确",
		       "The body's length is ambiguous",
		       "请求体的长度不明确（例如同时带有 Content-Length 与 Transfer-Encoding，或不同的 "
		       "Content-Length），连接已被关闭。请检查客户端或代理的配置。",
		       "The body's length is ambiguous (for example both Content-Length and "
		       "Transfer-Encoding, or two different Content-Length values), and the connection was "
		       "closed. Check the client's or proxy's configuration."},
    [E_NUL_BYTE] = {E_NUL_BYTE, "nul-byte", 400, "请求中含有空字符", "The request contains a NUL byte",
		    "请求的路径、查询参数或请求头中含有空字符（NUL），已被拒绝。请去掉这些字符后重试。",
		    "The path, a query parameter or a header contains a NUL character, and the request was "
		    "refused. Remove it and retry."},
};

const problem_info_t *problem_info(int code)
{
	if (code < 0 || code >= E__COUNT)
		code = E_INTERNAL;
	return &TABLE[code];
}

const problem_info_t *problem_table(void) { return TABLE; }

const problem_info_t *problem_by_slug(const char *slug)
{
	for (int i = 0; i < E__COUNT; i++)
		if (TABLE[i].status >= 400 && strcmp(TABLE[i].slug, slug) == 0)
			return &TABLE[i];
	return NULL;
}
