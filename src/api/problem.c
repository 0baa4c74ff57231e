/* problem.c — the registry itself (see problem.h). Keep titles short: the
 * detail and the field errors say the rest. */
#include "api/problem.h"

static const problem_info_t TABLE[E__COUNT] = {
    [E_OK] = {E_OK, "ok", 200, "成功", "OK"},
    [E_VALIDATION] = {E_VALIDATION, "validation", 422, "提交的内容有误", "The request has invalid fields"},
    [E_BAD_CREDENTIALS] = {E_BAD_CREDENTIALS, "bad-credentials", 401, "用户名或密码错误",
			   "Wrong username or password"},
    [E_FORBIDDEN] = {E_FORBIDDEN, "forbidden", 403, "无权进行此操作", "You may not do this"},
    [E_NOT_FOUND] = {E_NOT_FOUND, "not-found", 404, "未找到", "Not found"},
    [E_CONFLICT] = {E_CONFLICT, "conflict", 409, "已存在", "Already exists"},
    [E_STALE] = {E_STALE, "stale-version", 409, "数据已被他人修改，请刷新后重试",
		 "The resource changed; reload and retry"},
    [E_STATE] = {E_STATE, "invalid-state", 409, "当前状态下不能进行此操作",
		 "Not allowed in the current state"},
    [E_THROTTLED] = {E_THROTTLED, "throttled", 429, "尝试次数过多，请稍后再试",
		     "Too many attempts; try again later"},
    [E_IDEMPOTENCY_MISMATCH] = {E_IDEMPOTENCY_MISMATCH, "idempotency-mismatch", 422,
				"同一幂等键对应了不同的请求",
				"The Idempotency-Key was used with another body"},
    [E_TASK_CLAIMED] = {E_TASK_CLAIMED, "task-claimed", 409, "该任务已由同事认领",
			"A colleague has claimed this task"},
    [E_INTERNAL] = {E_INTERNAL, "internal", 500, "服务器内部错误", "Internal server error"},
    [E_UNAVAILABLE] = {E_UNAVAILABLE, "unavailable", 503, "服务暂不可用", "Service unavailable"},
    [E_SLOT_FULL] = {E_SLOT_FULL, "slot-full", 409, "该时段已约满", "This slot is fully booked"},
    [E_RATE_LIMITED] = {E_RATE_LIMITED, "too-many-requests", 429, "操作过于频繁，请稍后再试",
			"Too many requests; try again later"},
    [E_BAD_REQUEST] = {E_BAD_REQUEST, "bad-request", 400, "请求格式有误", "Bad request"},
    [E_MALFORMED_JSON] = {E_MALFORMED_JSON, "malformed-json", 400, "请求体不是有效的 JSON",
			  "The body is not valid JSON"},
    [E_TOO_DEEP] = {E_TOO_DEEP, "json-too-deep", 400, "JSON 嵌套层数过多", "JSON nesting is too deep"},
    [E_TOO_MANY_FIELDS] = {E_TOO_MANY_FIELDS, "json-too-many-fields", 400, "JSON 字段过多",
			   "The JSON has too many fields"},
    [E_BODY_TOO_LARGE] = {E_BODY_TOO_LARGE, "body-too-large", 413, "请求体过大",
			  "The request body is too large"},
    [E_HEADERS_TOO_LARGE] = {E_HEADERS_TOO_LARGE, "headers-too-large", 431, "请求头过大",
			     "The request headers are too large"},
    [E_UNSUPPORTED_MEDIA] = {E_UNSUPPORTED_MEDIA, "unsupported-media-type", 415, "不支持的内容类型",
			     "Unsupported content type"},
    [E_UNAUTHORIZED] = {E_UNAUTHORIZED, "unauthorized", 401, "请先登录", "Authentication required"},
    [E_CSRF] = {E_CSRF, "csrf", 403, "缺少或错误的 CSRF 令牌", "Missing or wrong CSRF token"},
    [E_NO_ROUTE] = {E_NO_ROUTE, "no-route", 404, "没有这个地址", "No such resource"},
    [E_METHOD] = {E_METHOD, "method-not-allowed", 405, "不支持此请求方法", "Method not allowed"},
    [E_PRECONDITION_REQUIRED] = {E_PRECONDITION_REQUIRED, "precondition-required", 428,
				 "缺少 If-Match 版本号", "If-Match is required"},
    [E_BAD_FRAMING] = {E_BAD_FRAMING, "bad-framing", 400, "请求体长度不明确",
		       "The body's length is ambiguous"},
    [E_NUL_BYTE] = {E_NUL_BYTE, "nul-byte", 400, "请求中含有空字符", "The request contains a NUL byte"},
};

const problem_info_t *problem_info(int code)
{
	if (code < 0 || code >= E__COUNT)
		code = E_INTERNAL;
	return &TABLE[code];
}

const problem_info_t *problem_table(void) { return TABLE; }
