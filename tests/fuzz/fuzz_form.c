/* fuzz_form.c — form schemas and submitted forms (src/domain/form.h).
 *
 * Two uses of one input:
 *   1. split in half: the first half is a schema attempt (an administrator
 *      editing a matter), the second a form submitted against it;
 *   2. whole: a form an applicant submits against two real schemas from
 *      data/demo/matters.json, the food business licence (食品经营许可,
 *      XK00103000) and the unemployment insurance claim (失业保险金申领,
 *      JF00101000), which between them use every value type but int and email
 *      (the split half-and-half inputs of the seed corpus cover those).
 *
 * Besides not crashing, it checks what form.h promises: each function
 * returns true exactly when it added no error, every error has a path, a
 * code and both messages; form_validate agrees with form_schema_check about
 * which schemas are valid (one "invalid_schema" at the prefix, nothing
 * else); and a form that passes has every required field and no unknown
 * one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog/form.h"

#include "check.h"

/* data/demo/matters.json, XK00103000 食品经营许可, "form". */
static const char FOOD_LICENCE[] =
	"{\"fields\":["
	"{\"key\":\"enterprise_name\",\"label\":{\"zh\":\"企业名称\",\"en\":\"Enterprise name\"},\"type\":\"string\",\"required\":true,\"min_len\":2,\"max_len\":100,\"de\":\"DE.enterprise.name\"},"
	"{\"key\":\"credit_code\",\"label\":{\"zh\":\"统一社会信用代码\",\"en\":\"Unified social credit code\"},\"type\":\"credit_code\",\"required\":true,\"de\":\"DE.enterprise.credit_code\"},"
	"{\"key\":\"shop_name\",\"label\":{\"zh\":\"经营场所名称（店招）\",\"en\":\"Shop or venue name\"},\"type\":\"string\",\"required\":true,\"min_len\":2,\"max_len\":100,\"de\":\"DE.shop.name\"},"
	"{\"key\":\"shop_address\",\"label\":{\"zh\":\"经营场所地址\",\"en\":\"Shop or venue address\"},\"type\":\"address\",\"required\":true,\"max_len\":200,\"de\":\"DE.shop.address\"},"
	"{\"key\":\"shop_area\",\"label\":{\"zh\":\"经营场所面积（平方米）\",\"en\":\"Floor area (m²)\"},\"type\":\"decimal\",\"required\":true,\"min\":1,\"max\":1000000,\"de\":\"DE.shop.area\"},"
	"{\"key\":\"food_business_form\",\"label\":{\"zh\":\"主体业态\",\"en\":\"Type of food business\"},\"type\":\"enum\",\"required\":true,\"options\":[{\"value\":\"retail\",\"label\":{\"zh\":\"食品销售经营者\",\"en\":\"Food retailer\"}},{\"value\":\"catering\",\"label\":{\"zh\":\"餐饮服务经营者\",\"en\":\"Catering service\"}},{\"value\":\"canteen\",\"label\":{\"zh\":\"单位食堂\",\"en\":\"Institutional canteen\"}}],\"de\":\"DE.food.business_form\"},"
	"{\"key\":\"food_items\",\"label\":{\"zh\":\"经营项目\",\"en\":\"Business items\"},\"type\":\"text\",\"required\":true,\"max_len\":500,\"help\":{\"zh\":\"如：热食类食品制售、冷食类食品制售、自制饮品制售\",\"en\":\"e.g. hot food, cold food, home-made drinks\"}},"
	"{\"key\":\"online_sales\",\"label\":{\"zh\":\"是否通过网络经营\",\"en\":\"Sells online\"},\"type\":\"bool\",\"required\":true},"
	"{\"key\":\"food_safety_manager\",\"label\":{\"zh\":\"食品安全管理人员姓名\",\"en\":\"Food safety manager\"},\"type\":\"string\",\"required\":true,\"min_len\":2,\"max_len\":50},"
	"{\"key\":\"applicant_phone\",\"label\":{\"zh\":\"联系电话\",\"en\":\"Contact phone\"},\"type\":\"phone\",\"required\":true,\"de\":\"DE.person.phone\"}"
	"]}";

/* data/demo/matters.json, JF00101000 失业保险金申领, "form". */
static const char UNEMPLOYMENT[] =
	"{\"fields\":["
	"{\"key\":\"applicant_name\",\"label\":{\"zh\":\"申请人（经办人）姓名\",\"en\":\"Applicant's name\"},\"type\":\"string\",\"required\":true,\"min_len\":2,\"max_len\":50,\"de\":\"DE.person.name\"},"
	"{\"key\":\"applicant_id_number\",\"label\":{\"zh\":\"申请人身份证号码\",\"en\":\"Applicant's ID number\"},\"type\":\"id_number\",\"required\":true,\"de\":\"DE.person.id_number\"},"
	"{\"key\":\"applicant_phone\",\"label\":{\"zh\":\"联系电话\",\"en\":\"Contact phone\"},\"type\":\"phone\",\"required\":true,\"de\":\"DE.person.phone\"},"
	"{\"key\":\"last_employer\",\"label\":{\"zh\":\"原工作单位\",\"en\":\"Last employer\"},\"type\":\"string\",\"required\":true,\"max_len\":100,\"de\":\"DE.person.last_employer.name\"},"
	"{\"key\":\"separation_date\",\"label\":{\"zh\":\"劳动关系终止日期\",\"en\":\"Employment ended on\"},\"type\":\"date\",\"required\":true,\"min\":\"2000-01-01\",\"max\":\"2099-12-31\"},"
	"{\"key\":\"separation_reason\",\"label\":{\"zh\":\"失业原因\",\"en\":\"Reason for unemployment\"},\"type\":\"enum\",\"required\":true,\"options\":[{\"value\":\"contract_expired\",\"label\":{\"zh\":\"劳动合同期满终止\",\"en\":\"Contract expired\"}},{\"value\":\"dismissed_by_employer\",\"label\":{\"zh\":\"用人单位解除劳动合同\",\"en\":\"Dismissed by the employer\"}},{\"value\":\"employer_fault\",\"label\":{\"zh\":\"因用人单位过错由本人解除\",\"en\":\"Quit because of the employer's fault\"}},{\"value\":\"employer_closed\",\"label\":{\"zh\":\"用人单位破产、撤销、解散\",\"en\":\"Employer closed\"}},{\"value\":\"other\",\"label\":{\"zh\":\"其他非本人意愿中断就业\",\"en\":\"Other involuntary loss of job\"}}]},"
	"{\"key\":\"residence_region\",\"label\":{\"zh\":\"居住地所在区\",\"en\":\"District of residence\"},\"type\":\"region\",\"required\":true,\"de\":\"DE.person.residence_region\"},"
	"{\"key\":\"person_bank_account\",\"label\":{\"zh\":\"本人银行账号（社会保障卡金融账户）\",\"en\":\"Own bank account (social security card)\"},\"type\":\"string\",\"required\":true,\"min_len\":8,\"max_len\":30,\"pattern\":\"^[0-9]{8,30}$\",\"de\":\"DE.person.bank.account\"}"
	"]}";

static json_t *fixed[2];

/* Shanghai's districts, as the demo's region table would answer. */
static bool region_exists(const char *code, void *ctx)
{
	(void)ctx;
	return strncmp(code, "3101", 4) == 0;
}

static const form_opts_t OPTS = {
	.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23, .region_exists = region_exists,
};

static void check_errors(const errs_t *e, size_t from)
{
	for (size_t i = from; i < e->n; i++) {
		const field_error_t *fe = &e->v[i];
		CHECK(fe->field && fe->code && fe->zh && fe->en);
		CHECK(fe->code[0] && fe->zh[0] && fe->en[0]);
	}
}

/* A value the validator counts as given: not null, not a blank string. The
 * blank rule (spaces, tabs, line breaks, U+3000) is form.h's. */
static bool given(const json_t *v)
{
	if (!v || json_is_null(v))
		return false;
	if (!json_is_string(v))
		return true;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++;
		} else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
			i += 3;
		} else {
			return true;
		}
	}
	return false;
}

static void validate(const json_t *schema, bool schema_ok, const json_t *data)
{
	errs_t e = ERRS_INIT;
	bool ok = form_validate(schema, data, &OPTS, &e);
	CHECK(ok == (e.n == 0));
	check_errors(&e, 0);
	if (!schema_ok) {
		CHECK(e.n == 1 && strcmp(e.v[0].code, "invalid_schema") == 0 && strcmp(e.v[0].field, "form") == 0);
	} else {
		for (size_t i = 0; i < e.n; i++)
			CHECK(strcmp(e.v[i].code, "invalid_schema") != 0);
	}
	if (ok) {
		const json_t *fields = json_object_get(schema, "fields");
		CHECK(json_is_object(data));
		size_t i;
		const json_t *f;
		json_array_foreach(fields, i, f) {
			const char *key = json_string_value(json_object_get(f, "key"));
			if (json_is_true(json_object_get(f, "required")))
				CHECK(given(json_object_get(data, key)));
		}
		const char *key;
		const json_t *v;
		json_object_foreach((json_t *)data, key, v) {
			bool known = false;
			json_array_foreach(fields, i, f)
				known |= strcmp(key, json_string_value(json_object_get(f, "key"))) == 0;
			CHECK(known);
		}
	}
	errs_clear(&e);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *src[2] = {FOOD_LICENCE, UNEMPLOYMENT};
	for (int i = 0; i < 2; i++) {
		json_error_t je;
		errs_t e = ERRS_INIT;
		fixed[i] = json_loads(src[i], JSON_REJECT_DUPLICATES, &je);
		CHECK(fixed[i] && form_schema_check(fixed[i], "schema", &e) && e.n == 0);
		errs_clear(&e);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	size_t half = size / 2;

	json_t *schema = json_loadb((const char *)data, half, JSON_REJECT_DUPLICATES, &je);
	if (schema) {
		errs_t e = ERRS_INIT;
		bool schema_ok = form_schema_check(schema, "schema", &e);
		CHECK(schema_ok == (e.n == 0));
		check_errors(&e, 0);
		errs_clear(&e);
		json_t *form = json_loadb((const char *)data + half, size - half, JSON_REJECT_DUPLICATES, &je);
		if (form)
			validate(schema, schema_ok, form);
		json_decref(form);
		json_decref(schema);
	}

	json_t *form = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (form) {
		validate(fixed[0], true, form);
		validate(fixed[1], true, form);
		json_decref(form);
	}
	return 0;
}
