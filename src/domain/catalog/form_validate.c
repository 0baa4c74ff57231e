/* form_validate.c — validating a submitted form against its schema (see
 * form.h): every value checked by its field's type and rules, every error
 * reported at once. The schema is loaded by the walk in form_schema.c, so a
 * schema the check refuses is never used to judge values. */
#include "domain/catalog/form.h"
#include "domain/catalog/form_schema.h"

#include <locale.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/idcheck.h"
#include "base/textcheck.h"
#include "base/utf8.h"

/* ---- values ---- */

struct vctx {
	errs_t *errs;
	const char *prefix;
	int ty, tm, td;
	form_region_exists_fn region_exists;
	void *region_ctx;
	bool check_binds;
	const char *applicant_credit_code;
};

static void verr(struct vctx *v, const struct field *f, const char *code, char *zh, char *en)
{
	form_report(v->errs, v->prefix, f->key, code, zh, en);
}

static void verr_type(struct vctx *v, const struct field *f)
{
	verr(v, f, "type", form_msg("「%s」应填写%s", f->zh, f->ti->what_zh),
	     form_msg("%s must be %s", f->en, f->ti->what_en));
}

static bool decimal_syntax(const char *s, size_t n)
{
	size_t i = 0, int_digits = 0, frac_digits = 0;
	while (i < n && form_is_digit(s[i])) {
		i++;
		int_digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && form_is_digit(s[i])) {
			i++;
			frac_digits++;
		}
		if (frac_digits == 0)
			return false;
	}
	return i == n && int_digits > 0;
}

static const char *idnum_detail_zh(idnum_status_t st)
{
	switch (st) {
	case IDNUM_LENGTH:
		return "身份证号码应为 18 位（或 15 位旧号码）";
	case IDNUM_CHARSET:
		return "身份证号码只能包含数字，最后一位可以是 X";
	case IDNUM_REGION:
		return "身份证号码的前两位不是有效的省级行政区划代码";
	case IDNUM_BIRTHDATE:
		return "身份证号码中的出生日期不存在或晚于今天";
	case IDNUM_CHECK_DIGIT:
		return "身份证号码的校验位不正确，请核对";
	default:
		return "不是有效的身份证号码";
	}
}

static const char *idnum_detail_en(idnum_status_t st)
{
	switch (st) {
	case IDNUM_LENGTH:
		return "an ID number has 18 characters (or 15 for an old one)";
	case IDNUM_CHARSET:
		return "an ID number has only digits, and X as the last character";
	case IDNUM_REGION:
		return "the first two digits of the ID number are not a province code";
	case IDNUM_BIRTHDATE:
		return "the birth date in the ID number does not exist or is in the future";
	case IDNUM_CHECK_DIGIT:
		return "the check digit of the ID number is wrong; please check it";
	default:
		return "it is not a valid ID number";
	}
}

static const char *credit_detail_zh(credit_status_t st)
{
	switch (st) {
	case CREDIT_LENGTH:
		return "统一社会信用代码应为 18 位";
	case CREDIT_CHARSET:
		return "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）";
	case CREDIT_CHECK_DIGIT:
		return "统一社会信用代码的校验位不正确，请核对";
	default:
		return "不是有效的统一社会信用代码";
	}
}

static const char *credit_detail_en(credit_status_t st)
{
	switch (st) {
	case CREDIT_LENGTH:
		return "a unified social credit code has 18 characters";
	case CREDIT_CHARSET:
		return "a unified social credit code has only digits and capital letters "
		       "other than I, O, S, V and Z";
	case CREDIT_CHECK_DIGIT:
		return "the check character of the unified social credit code is wrong; please check it";
	default:
		return "it is not a valid unified social credit code";
	}
}

static void check_text(struct vctx *v, const struct field *f, const char *s, size_t n,
		       const struct text_info *ti)
{
	if (f->ti->t == FT_TEXT ? ti->ctrl : (ti->ctrl || ti->newline || ti->tab)) {
		if (f->ti->t == FT_TEXT)
			verr(v, f, "type", form_msg("「%s」不能包含控制字符", f->zh),
			     form_msg("%s must not contain control characters", f->en));
		else
			verr(v, f, "type",
			     form_msg("「%s」只能填写一行文字，不能包含换行、制表符或控制字符", f->zh),
			     form_msg(
				 "%s must be a single line without line breaks, tabs or control characters",
				 f->en));
		return;
	}
	/* A name (its data element says so) is shown to others as written: no
	 * character may reverse or hide part of it. */
	if (f->is_name && ti->invisible) {
		verr(v, f, "invisible_chars", form_msg("「%s」不能包含不可见字符或文字方向控制字符", f->zh),
		     form_msg("%s must not contain invisible or bidirectional control characters", f->en));
		return;
	}
	long long chars = (long long)ti->chars;
	bool too_long = f->max_len >= 0 && chars > f->max_len;
	if (f->min_len >= 0 && chars < f->min_len)
		verr(v, f, "too_short", form_msg("「%s」至少需要 %lld 个字符", f->zh, f->min_len),
		     form_msg("%s must have at least %lld characters", f->en, f->min_len));
	if (too_long)
		verr(v, f, "too_long", form_msg("「%s」最多 %lld 个字符", f->zh, f->max_len),
		     form_msg("%s must have at most %lld characters", f->en, f->max_len));
	/* An over-long value is refused already; matching it would only cost time. */
	if (f->has_re && !too_long && strlen(s) == n && regexec(&f->re, s, 0, NULL, 0) != 0)
		verr(v, f, "pattern", form_msg("「%s」的格式不正确", f->zh),
		     form_msg("%s is not in the required format", f->en));
}

static void check_number(struct vctx *v, const struct field *f, const json_t *val)
{
	bool is_int = false;
	long long iv = 0;
	double dv;
	if (f->ti->t == FT_INT) {
		if (!json_is_integer(val)) {
			verr_type(v, f);
			return;
		}
		is_int = true;
		iv = json_integer_value(val);
		dv = (double)iv;
	} else if (json_is_integer(val)) {
		is_int = true;
		iv = json_integer_value(val);
		dv = (double)iv;
	} else if (json_is_real(val)) {
		dv = json_real_value(val);
	} else if (json_is_string(val)) {
		const char *s = json_string_value(val);
		size_t n = json_string_length(val);
		if (!decimal_syntax(s, n)) {
			verr_type(v, f);
			return;
		}
		if (n > FORM_MAX_DECIMAL_CHARS) {
			verr(
			    v, f, "too_long",
			    form_msg("「%s」的数字位数过多（最多 %d 个字符）", f->zh, FORM_MAX_DECIMAL_CHARS),
			    form_msg("%s has too many digits (at most %d characters)", f->en,
				     FORM_MAX_DECIMAL_CHARS));
			return;
		}
		dv = form_decimal_to_double(s, n);
	} else {
		verr_type(v, f);
		return;
	}
	/* Integers compare exactly; anything with a fraction in double precision,
	 * which never refuses a value within bounds (rounding is monotonic). */
	char b[64];
	if (f->min.set && (is_int && f->min.is_int ? iv < f->min.i : dv < f->min.d)) {
		form_format_bound(&f->min, b, sizeof b);
		verr(v, f, "too_small", form_msg("「%s」不能小于 %s", f->zh, b),
		     form_msg("%s must be at least %s", f->en, b));
	}
	if (f->max.set && (is_int && f->max.is_int ? iv > f->max.i : dv > f->max.d)) {
		form_format_bound(&f->max, b, sizeof b);
		verr(v, f, "too_large", form_msg("「%s」不能大于 %s", f->zh, b),
		     form_msg("%s must be at most %s", f->en, b));
	}
}

static void check_date(struct vctx *v, const struct field *f, const char *s, size_t n)
{
	day_t day;
	if (!date_parse_n(s, n, &day)) {
		verr(v, f, "invalid_date", form_msg("「%s」不是有效日期，请按 YYYY-MM-DD 填写", f->zh),
		     form_msg("%s is not a valid date; use YYYY-MM-DD", f->en));
		return;
	}
	if (f->min.set && day < f->min.day)
		verr(v, f, "too_small", form_msg("「%s」不能早于 %s", f->zh, f->min.text),
		     form_msg("%s must be on or after %s", f->en, f->min.text));
	if (f->max.set && day > f->max.day)
		verr(v, f, "too_large", form_msg("「%s」不能晚于 %s", f->zh, f->max.text),
		     form_msg("%s must be on or before %s", f->en, f->max.text));
}

static void check_field(struct vctx *v, const struct field *f, const json_t *val)
{
	const char *s = NULL;
	size_t n = 0;
	struct text_info ti = {0};
	bool missing = !val || json_is_null(val);
	if (json_is_string(val)) {
		s = json_string_value(val);
		n = json_string_length(val);
		if (!form_text_scan(s, n, &ti) || ti.nul) {
			verr(v, f, "type", form_msg("「%s」包含无效字符", f->zh),
			     form_msg("%s contains invalid characters", f->en));
			return;
		}
		missing = ti.blank;
	}
	if (missing) {
		if (f->required)
			verr(v, f, "required", form_msg("「%s」为必填项", f->zh),
			     form_msg("%s is required", f->en));
		return;
	}
	if (!s && f->ti->t != FT_INT && f->ti->t != FT_DECIMAL && f->ti->t != FT_BOOL) {
		verr_type(v, f);
		return;
	}

	switch (f->ti->t) {
	case FT_STRING:
	case FT_TEXT:
	case FT_ADDRESS:
		check_text(v, f, s, n, &ti);
		break;
	case FT_INT:
	case FT_DECIMAL:
		check_number(v, f, val);
		break;
	case FT_DATE:
		check_date(v, f, s, n);
		break;
	case FT_ENUM: {
		bool found = false;
		for (size_t k = 0; k < json_array_size(f->options) && !found; k++)
			found = json_equal(json_object_get(json_array_get(f->options, k), "value"),
					   (json_t *)val);
		if (!found)
			verr(v, f, "not_an_option", form_msg("「%s」不是可选的选项，请从列表中选择", f->zh),
			     form_msg("%s is not one of the options; please choose from the list", f->en));
		break;
	}
	case FT_BOOL:
		if (!json_is_boolean(val))
			verr_type(v, f);
		break;
	case FT_ID_NUMBER: {
		idnum_status_t st = idnum_check(s, v->ty, v->tm, v->td, NULL);
		if (st != IDNUM_OK)
			verr(v, f, "id_number", form_msg("「%s」填写有误：%s", f->zh, idnum_detail_zh(st)),
			     form_msg("%s is not valid: %s", f->en, idnum_detail_en(st)));
		break;
	}
	case FT_CREDIT_CODE: {
		credit_status_t st = credit_code_check(s);
		if (st != CREDIT_OK)
			verr(v, f, "credit_code", form_msg("「%s」填写有误：%s", f->zh, credit_detail_zh(st)),
			     form_msg("%s is not valid: %s", f->en, credit_detail_en(st)));
		else if (f->binds_applicant && v->check_binds &&
			 (!v->applicant_credit_code || strcmp(s, v->applicant_credit_code) != 0))
			verr(v, f, "not_yours",
			     form_msg("「%"
				      "s」须为申请人本单位的统一社会信用代码；代其他单位办理须由经办人持授权"
				      "委托书到窗口办理",
				      f->zh),
			     form_msg(
				 "%s must be the applicant's own unified social credit code; to apply for "
				 "another organisation, its authorised agent applies at a window",
				 f->en));
		break;
	}
	case FT_PHONE:
		if (!phone_ok_n(s, n))
			verr(v, f, "phone",
			     form_msg("「%s」不是有效的电话号码（手机号 11 位，固定电话如 010-12345678）",
				      f->zh),
			     form_msg("%s is not a valid phone number "
				      "(mobile: 11 digits; landline e.g. 010-12345678)",
				      f->en));
		break;
	case FT_EMAIL:
		if (!email_ok_n(s, n))
			verr(v, f, "email", form_msg("「%s」不是有效的电子邮箱地址", f->zh),
			     form_msg("%s is not a valid email address", f->en));
		break;
	case FT_REGION: {
		bool digits = n == 6;
		for (size_t k = 0; k < n && digits; k++)
			digits = form_is_digit(s[k]);
		if (!digits)
			verr(v, f, "region", form_msg("「%s」应为 6 位数字的行政区划代码", f->zh),
			     form_msg("%s must be a 6-digit administrative division code", f->en));
		else if (v->region_exists && !v->region_exists(s, v->region_ctx))
			verr(v, f, "region", form_msg("「%s」的行政区划代码不存在", f->zh),
			     form_msg("%s is not a known administrative division code", f->en));
		break;
	}
	}
}

bool form_validate(const json_t *schema, const json_t *data, const form_opts_t *opts, errs_t *errs)
{
	size_t n0 = errs->n;
	struct field *fs = NULL;
	size_t nf = 0;
	struct vctx v = {.errs = errs};
	if (opts) {
		v.prefix = opts->prefix;
		v.region_exists = opts->region_exists;
		v.region_ctx = opts->region_ctx;
		v.check_binds = opts->check_binds;
		v.applicant_credit_code = opts->applicant_credit_code;
	}
	if (opts && date_valid_ymd(opts->today_y, opts->today_m, opts->today_d)) {
		v.ty = opts->today_y;
		v.tm = opts->today_m;
		v.td = opts->today_d;
	} else {
		/* no today given: a birth date is only checked to be real */
		v.ty = 9999;
		v.tm = 12;
		v.td = 31;
	}

	const form_loaded_t *kept = NULL;
	bool loaded = opts && opts->shared_schema && schema
			  ? (kept = form_loaded_get(schema, &fs, &nf)) != NULL
			  : form_schema_walk(schema, NULL, NULL, &fs, &nf);
	if (!loaded) {
		fs = NULL;
		nf = 0;
		form_report(
		    errs, v.prefix, NULL, "invalid_schema",
		    form_msg("表单定义有误，暂时无法提交，请联系办理部门"),
		    form_msg(
			"The form definition is faulty, so the form cannot be submitted; "
			"please contact the department"));
		goto out;
	}
	if (!json_is_object(data)) {
		form_report(errs, v.prefix, NULL, "type", form_msg("表单内容应为 JSON 对象"),
			    form_msg("The form must be a JSON object"));
		goto out;
	}
	for (size_t i = 0; i < nf; i++)
		check_field(&v, &fs[i], json_object_get(data, fs[i].key));

	const char *key;
	const json_t *val;
	json_object_foreach ((json_t *)data, key, val) {
		bool known = false;
		for (size_t i = 0; i < nf && !known; i++)
			known = strcmp(fs[i].key, key) == 0;
		if (known)
			continue;
		bool echo = form_echo_ok(key);
		char *path = form_path_join(v.prefix, key);
		char *zh =
		    echo ? form_msg("本表单没有“%s”这一项", key) : form_msg("表单中有本表单未定义的项");
		char *en = echo ? form_msg("This form has no field \"%s\"", key)
				: form_msg("The form contains a field it does not define");
		errs_add(errs, path, "unknown_field", zh, en);
		free(path);
		free(zh);
		free(en);
	}
out:
	if (kept)
		form_loaded_put(kept);
	else
		form_fields_free(fs, nf);
	return errs->n == n0;
}
