/* datasets.c — shared data (domain/sharing/dataset.h):
 *   GET  /api/v1/datasets                   the catalogue with its grants (staff)
 *   POST /api/v1/cases/{id}/registry-reads  the handling department reads a dataset's
 *                                           record about the case's applicant, under
 *                                           the grant of the case's matter; recorded,
 *                                           done or refused */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/cases/case.h"
#include "domain/sharing/dataset.h"
#include <string.h>

void api_datasets_list(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	reply_json(r, 200, dataset_catalogue(store_reader(r->store)));
}

static const struct {
	const char *code, *zh, *en;
} WHY[] = {
    {"no_grant", "该事项未获授权读取此数据集，已记录",
     "The matter has no grant to read this dataset; recorded"},
    {"field_not_granted", "所读字段超出授权范围，已记录", "A field is outside the matter's grant; recorded"},
    {"other_purpose", "用途不是本办件的事项，已记录", "The purpose is not this case's matter; recorded"},
    {"unknown_dataset", "没有这个数据集，已记录", "No such dataset; recorded"},
};

void api_case_registry_read(req_t *r)
{
	const char *dataset = NULL, *purpose = NULL;
	const json_t *fields = NULL;
	jfield_t spec[] = {
	    {"dataset", JF_STRING, true, 1, 40, &dataset, NULL},
	    {"fields", JF_ARRAY, true, 1, 20, &fields, NULL},
	    {"purpose", JF_STRING, true, 1, 16, &purpose, NULL},
	    JF_END,
	};
	const char *id = req_param(r, "id");
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (strlen(id) > 64 || !case_owner_dept(store_reader(r->store), id, r->actor.id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return;
	}
	if (!authz_resource(r, owner, dept, true) || !req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	const char *why = NULL;
	errcode_t ec =
	    dataset_read_for_case(r->store, &r->actor, id, dataset, fields, purpose, &e, &out, &why);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_FORBIDDEN) {
		const char *zh = "读取被拒绝，已记录", *en = "The read is refused; recorded";
		for (size_t i = 0; i < sizeof WHY / sizeof WHY[0]; i++)
			if (why && !strcmp(why, WHY[i].code)) {
				zh = WHY[i].zh;
				en = WHY[i].en;
			}
		errs_add(&e, "dataset", why ? why : "refused", zh, en);
		reply_problem(r, ec, zh, en, &e);
	} else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
