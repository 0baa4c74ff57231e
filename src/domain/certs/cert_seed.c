/* cert_seed.c — the demo's holdings (cert_seed_demo in cert.h): the demo
 * person 张三 holds a resident ID card from 公安 and the demo enterprise
 * 上海小吃餐饮管理有限公司 a business licence from 市场监管, so that
 * verification and the wallet can be tried on a fresh `make run`. Issued
 * once, through the same cert_issue as a case's certificates; idempotent. */
#include "domain/certs/cert.h"
#include "domain/certs/cert_store.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/log.h"
#include <string.h>

static const struct {
	const char *kind,
	    *holder; /* person by ID number, enterprise by credit code (data/demo/accounts.json) */
	const char *department, *type, *title_zh, *title_en, *number, *fields;
} HOLDINGS[] = {
    {"person", "310101198503120030", "psb", "id_card", "居民身份证", "Resident Identity Card", NULL,
     "{\"签发机关\": \"上海市公安局黄浦分局\"}"},
    {"enterprise", "91310101MA1FPX0Q1Y", "amr", "business_licence", "营业执照", "Business licence",
     "91310101MA1FPX0Q1Y",
     "{\"类型\": \"有限责任公司（自然人独资）\", \"法定代表人\": \"王五\", \"注册资本\": \"50万元\", "
     "\"住所\": \"上海市黄浦区南京东路100号\"}"},
};

struct seed_ctx {
	int added;
};

static int seed_write(dbc_t *c, void *p)
{
	struct seed_ctx *x = p;
	x->added = 0;
	actor_t system;
	actor_system(&system, "seed");
	for (size_t i = 0; i < sizeof HOLDINGS / sizeof HOLDINGS[0]; i++) {
		char account[ACCOUNT_ID_LEN];
		bool found = !strcmp(HOLDINGS[i].kind, "person")
				 ? account_find_active_by_id_number(c, HOLDINGS[i].holder, account)
				 : account_find_active_by_credit_code(c, HOLDINGS[i].holder, account);
		if (!found || cert_store_holds(c, account, HOLDINGS[i].type))
			continue;
		json_t *title = json_pack("{ss ss}", "zh", HOLDINGS[i].title_zh, "en", HOLDINGS[i].title_en);
		json_t *fields = json_loads(HOLDINGS[i].fields, 0, NULL);
		cert_issue_t in = {.department = HOLDINGS[i].department,
				   .region = "310000",
				   .type = HOLDINGS[i].type,
				   .title = title,
				   .holder_account = account,
				   .fields = fields,
				   .number = HOLDINGS[i].number,
				   .now = clock_now_ms()};
		int rc = cert_issue(c, &system, &in);
		json_decref(title);
		json_decref(fields);
		if (rc != 0)
			return rc;
		x->added++;
	}
	return 0;
}

int cert_seed_demo(store_t *st)
{
	struct seed_ctx x = {0};
	int rc = store_write(st, seed_write, &x);
	if (rc != 0)
		return -1;
	if (x.added)
		log_info("seed: %d demo certificates issued", x.added);
	return 0;
}
