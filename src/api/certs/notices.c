/* notices.c — the sealed notices (文书) of cases (domain/certs/notice.h):
 *   GET  /api/v1/notices/{id}          the notice with its signed form
 *   GET  /api/v1/notices/{id}/pdf      its printable PDF
 *   GET  /api/v1/notices/{id}/verify   whether it was issued (public)
 *   POST /api/v1/notices/verify        whether a signed notice holds (public)
 * A notice is its applicant's document, served on them, and the handling
 * department's, which issued it: those two read it. Supervisors see that a
 * case has notices in the case view, and verify them like anyone. */
#include "api/api.h"
#include "api/app.h"
#include "base/jsonin.h"
#include "domain/certs/notice.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The applicant and the staff of the issuing department; the rest as the
 * route's scope answers for a write (overseers read the case, not its letters). */
static bool access(req_t *r, const char *id)
{
	char owner[64], dept[16];
	if (!notice_owner_dept(store_reader(r->store), id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这份文书", "no such notice", NULL);
		return false;
	}
	return authz_resource(r, owner, dept, true);
}

void api_notice_get(req_t *r)
{
	static const char *const none[] = {NULL};
	const char *id = req_param(r, "id");
	if (!req_query_only(r, none) || !access(r, id))
		return;
	json_t *out = notice_get(store_reader(r->store), id);
	if (!out) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, out);
}

void api_notice_pdf(req_t *r)
{
	static const char *const none[] = {NULL};
	const char *id = req_param(r, "id");
	if (!req_query_only(r, none) || !access(r, id))
		return;
	char base[CONFIG_PATH_LEN + 80];
	api_public_base(r, base, sizeof base);
	unsigned char *pdf = NULL;
	size_t len = 0;
	errcode_t ec = notice_pdf(store_reader(r->store), id, base, &pdf, &len);
	if (ec == E_UNAVAILABLE) {
		reply_problem(r, ec, "服务器未安装中文字体，暂不能生成PDF",
			      "No Chinese font is installed on the server: the PDF cannot be made", NULL);
		return;
	}
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"notice-%s.pdf\"", id);
	reply_header(r, "Content-Disposition", disp);
	reply_raw(r, 200, "application/pdf", pdf, len);
	free(pdf);
}

void api_notice_verify_id(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	reply_json(r, 200, notice_verify_id(store_reader(r->store), req_param(r, "id")));
}

void api_notices_verify(req_t *r)
{
	const json_t *notice = NULL, *signature = NULL;
	jfield_t spec[] = {
	    {"notice", JF_OBJECT, true, 0, 0, &notice, NULL},
	    {"signature", JF_OBJECT, true, 0, 0, &signature, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	reply_json(r, 200, notice_verify_signed(store_reader(r->store), r->body));
}
