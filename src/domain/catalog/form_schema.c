/* form_schema.c — checking a form schema (see form.h), and the one walk over
 * a schema that form_validate.c also uses to load it (form_schema.h).
 *
 * Error codes of form_schema_check (paths "<prefix>.fields[i].<member>"):
 *   type             a member, field or the schema has the wrong JSON type; or
 *                    a label/help/option text holds line breaks or control
 *                    characters where they are not allowed
 *   required         "fields", a field's "key" or "type", an option's
 *                    "value", or help zh/en is missing (or blank)
 *   unknown_member   a member the format does not define (schema, field,
 *                    label, help, option)
 *   invalid_key      key not [a-z][a-z0-9_]{0,63}
 *   duplicate_key    a key used by an earlier field
 *   missing_label    label, label.zh or label.en missing or blank (also for
 *                    option labels)
 *   unknown_type     type not one of the thirteen in form.h
 *   not_an_option    binds other than "applicant.credit_code"
 *   not_applicable   a member that does not belong to the field's type:
 *                    options on non-enum; pattern, min_len, max_len on
 *                    anything but string/text/address; min, max on anything
 *                    but int/decimal/date; binds on anything but credit_code
 *   invalid_range    min > max, min_len > max_len, a length below 0 or above
 *                    100000, or min_len above the type's default max_len
 *   invalid_date     a date bound that is not a real "YYYY-MM-DD" date
 *   invalid_pattern  a pattern that does not compile, or uses a
 *                    back-reference (\1..\9, refused because glibc matches
 *                    them by backtracking, exponential in the worst case)
 *   missing_options  an enum without options, or with an empty list
 *   duplicate_option an option value used by an earlier option
 *   invalid_de       de not DE.<seg>(.<seg>)* with seg [a-z][a-z0-9_]*,
 *                    at most 128 characters
 *   too_long         more than 200 fields or 1000 options; a pattern over
 *                    512 bytes; label over 100, help over 1000, option value
 *                    over 200 characters
 *
 * form_validate uses the codes listed in form.h, plus "invalid_schema" (at
 * the prefix path) when handed a schema that form_schema_check refuses. */
#include "domain/catalog/form.h"
#include "domain/catalog/form_schema.h"
#include "base/mem.h"

#include <locale.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/idcheck.h"
#include "base/textcheck.h"
#include "base/utf8.h"

/* clang-format off */
static const struct type_info TYPES[] = {
	{"string",      FT_STRING,      M_LEN | M_PATTERN, 200,  "文字", "text"},
	{"text",        FT_TEXT,        M_LEN | M_PATTERN, 4000, "文字", "text"},
	{"int",         FT_INT,         M_RANGE,           0,    "整数", "a whole number"},
	{"decimal",     FT_DECIMAL,     M_RANGE,           0,    "数字", "a number"},
	{"date",        FT_DATE,        M_RANGE,           0,    "日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"},
	{"enum",        FT_ENUM,        M_OPTIONS,         0,    "选项之一", "one of the options"},
	{"bool",        FT_BOOL,        0,                 0,    "“是”或“否”", "yes or no"},
	{"id_number",   FT_ID_NUMBER,   0,                 0,    "身份证号码", "an ID number"},
	{"credit_code", FT_CREDIT_CODE, 0,                 0,    "统一社会信用代码", "a unified social credit code"},
	{"phone",       FT_PHONE,       0,                 0,    "电话号码", "a phone number"},
	{"email",       FT_EMAIL,       0,                 0,    "电子邮箱地址", "an email address"},
	{"address",     FT_ADDRESS,     M_LEN | M_PATTERN, 200,  "文字", "text"},
	{"region",      FT_REGION,      0,                 0,    "行政区划代码", "an administrative division code"},
};
/* clang-format on */

static const char *const FIELD_MEMBERS[] = {
    "key", "label",   "type",    "required", "min_len", "max_len", "min",
    "max", "pattern", "options", "help",     "de",      "binds",   "source",
};

/* A field's source: registry:DATASET.FIELD, each name 1-40 of [a-z0-9_]
 * (数据共享: filled by the platform at submission from the dataset's record
 * about the applicant, under the matter's grant; domain/sharing/dataset.h). */
static bool source_shaped(const char *v)
{
	if (strncmp(v, "registry:", 9) != 0)
		return false;
	const char *p = v + 9, *dot = strchr(p, '.');
	if (!dot || dot == p || dot - p > 40 || !dot[1] || strlen(dot + 1) > 40 || strchr(dot + 1, '.'))
		return false;
	for (const char *q = p; *q; q++)
		if (q != dot && !((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'))
			return false;
	return true;
}

char *form_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	int m = vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (m != n)
		abort();
	return s;
}

char *form_path_join(const char *base, const char *tail)
{
	if (base && *base)
		return tail ? form_msg("%s.%s", base, tail) : form_msg("%s", base);
	return form_msg("%s", tail ? tail : "");
}

/* Takes ownership of zh and en. A NULL errs only counts. */
void form_report(errs_t *errs, const char *base, const char *member, const char *code, char *zh, char *en)
{
	if (errs) {
		char *path = form_path_join(base, member);
		errs_add(errs, path, code, zh, en);
		free(path);
	}
	free(zh);
	free(en);
}

/* ---- text ---- */

bool form_text_scan(const char *s, size_t n, struct text_info *ti)
{
	memset(ti, 0, sizeof *ti);
	ti->blank = true;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		if (!utf8_next((const unsigned char *)s, n, &i, &cp))
			return false;
		ti->chars++;
		if (cp == 0)
			ti->nul = true;
		else if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
			ti->newline = true;
		else if (cp == '\t')
			ti->tab = true;
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			ti->ctrl = true;
		else if (text_invisible_cp(cp))
			ti->invisible = true;
		if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000))
			ti->blank = false;
	}
	return true;
}

/* Whether a piece of input is safe and short enough to quote in a message. */
bool form_echo_ok(const char *s)
{
	size_t n = strlen(s);
	struct text_info ti;
	return n > 0 && n <= FORM_MAX_ECHO_BYTES && form_text_scan(s, n, &ti) && !ti.newline && !ti.tab &&
	       !ti.ctrl;
}

bool form_is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static bool key_valid(const char *s, size_t n)
{
	if (n < 1 || n > 64 || !is_lower(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_lower(s[i]) && !form_is_digit(s[i]) && s[i] != '_')
			return false;
	return true;
}

static bool de_valid(const char *s, size_t n)
{
	if (n > FORM_MAX_DE_BYTES || n < 4 || memcmp(s, "DE.", 3) != 0)
		return false;
	bool seg_start = true;
	for (size_t i = 3; i < n; i++) {
		char c = s[i];
		if (seg_start) {
			if (!is_lower(c))
				return false;
			seg_start = false;
		} else if (c == '.') {
			seg_start = true;
		} else if (!is_lower(c) && !form_is_digit(c) && c != '_') {
			return false;
		}
	}
	return !seg_start;
}

/* strtod reads the locale's decimal point; we are handed '.' always. */
double form_decimal_to_double(const char *s, size_t n)
{
	char buf[FORM_MAX_DECIMAL_CHARS + 1];
	const char *dp = localeconv()->decimal_point;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (dp && dp[0] && !dp[1])
		for (size_t i = 0; i < n; i++)
			if (buf[i] == '.')
				buf[i] = dp[0];
	return strtod(buf, NULL);
}

void form_format_bound(const struct bound *b, char *out, size_t cap)
{
	int r;
	if (b->text)
		r = snprintf(out, cap, "%s", b->text);
	else if (b->is_int)
		r = snprintf(out, cap, "%lld", b->i);
	else
		r = snprintf(out, cap, "%.15g", b->d);
	if (r < 0 || (size_t)r >= cap) {
		snprintf(out, cap, "?");
		return;
	}
	const char *dp = localeconv()->decimal_point;
	if (!b->text && !b->is_int && dp && dp[0] && !dp[1])
		for (char *p = out; *p; p++)
			if (*p == dp[0])
				*p = '.';
}

/* ---- schema walk ---- */

struct ck {
	errs_t *errs;	  /* NULL: load silently */
	const char *base; /* path of the object being checked */
	bool bad;
	char who_zh[96], who_en[96]; /* "字段 shop_name" / "Field #3", for messages */
};

/* Names what is being checked in messages: the schema (idx SIZE_MAX), a
 * field by its key once the key is known good, else by its position. */
static void ck_name(struct ck *c, const char *key, size_t idx)
{
	int rz, re;
	if (idx == SIZE_MAX) {
		rz = snprintf(c->who_zh, sizeof c->who_zh, "表单定义");
		re = snprintf(c->who_en, sizeof c->who_en, "The form schema");
	} else if (key) {
		rz = snprintf(c->who_zh, sizeof c->who_zh, "字段 %s ", key);
		re = snprintf(c->who_en, sizeof c->who_en, "Field %s", key);
	} else {
		rz = snprintf(c->who_zh, sizeof c->who_zh, "第 %zu 个字段", idx + 1);
		re = snprintf(c->who_en, sizeof c->who_en, "Field #%zu", idx + 1);
	}
	/* a valid key has at most 64 bytes, so these always fit */
	if (rz < 0 || (size_t)rz >= sizeof c->who_zh || re < 0 || (size_t)re >= sizeof c->who_en)
		abort();
}

static void ck_err(struct ck *c, const char *member, const char *code, char *zh, char *en)
{
	c->bad = true;
	form_report(c->errs, c->base, member, code, zh, en);
}

static void ck_type(struct ck *c, const char *member, const char *what_zh, const char *what_en)
{
	ck_err(c, member, "type", form_msg("%s的 %s 应为%s", c->who_zh, member, what_zh),
	       form_msg("%s: \"%s\" must be %s", c->who_en, member, what_en));
}

static void ck_unknown_members(struct ck *c, const char *within, const json_t *obj, const char *const *known,
			       size_t nknown)
{
	const char *name;
	const json_t *v;
	json_object_foreach ((json_t *)obj, name, v) {
		bool found = false;
		for (size_t k = 0; k < nknown && !found; k++)
			found = strcmp(name, known[k]) == 0;
		if (found)
			continue;
		char *member = within ? form_msg("%s.%s", within, name) : form_msg("%s", name);
		bool echo = form_echo_ok(name);
		ck_err(c, member, "unknown_member",
		       echo ? form_msg("%s含有未知成员 %s", c->who_zh, name)
			    : form_msg("%s含有未知成员", c->who_zh),
		       echo ? form_msg("%s has an unknown member \"%s\"", c->who_en, name)
			    : form_msg("%s has an unknown member", c->who_en));
		free(member);
	}
}

/* A {"zh": ..., "en": ...} pair: label, help or option label. */
struct pair_rule {
	bool required;
	const char *missing_code;
	size_t max_chars;
	bool multiline;
};

static void ck_pair(struct ck *c, const char *member, const json_t *v, const struct pair_rule *r,
		    const char **zh_out, const char **en_out)
{
	static const char *const LANGS[] = {"zh", "en"};
	const char **outs[] = {zh_out, en_out};
	if (!v) {
		if (r->required)
			ck_err(c, member, r->missing_code,
			       form_msg("%s缺少 %s（须有中文 zh 和英文 en）", c->who_zh, member),
			       form_msg("%s has no \"%s\" (zh and en are both needed)", c->who_en, member));
		return;
	}
	if (!json_is_object(v)) {
		ck_type(c, member, "含 zh 和 en 的对象", "an object with zh and en");
		return;
	}
	ck_unknown_members(c, member, v, LANGS, 2);
	for (size_t k = 0; k < 2; k++) {
		const json_t *s = json_object_get(v, LANGS[k]);
		char *sub = form_msg("%s.%s", member, LANGS[k]);
		struct text_info ti;
		if (s && !json_is_string(s)) {
			ck_type(c, sub, "字符串", "a string");
		} else if (!s || !form_text_scan(json_string_value(s), json_string_length(s), &ti) ||
			   ti.nul || ti.blank) {
			/* invalid UTF-8 can only come from a json_t built without checks */
			ck_err(c, sub, r->missing_code, form_msg("%s缺少 %s 的文字", c->who_zh, sub),
			       form_msg("%s: \"%s\" is missing or empty", c->who_en, sub));
		} else if (ti.ctrl || (!r->multiline && (ti.newline || ti.tab))) {
			ck_err(c, sub, "type",
			       form_msg("%s的 %s 不能包含%s控制字符", c->who_zh, sub,
					r->multiline ? "" : "换行或"),
			       form_msg("%s: \"%s\" must not contain %scontrol characters", c->who_en, sub,
					r->multiline ? "" : "line breaks or "));
		} else if (ti.chars > r->max_chars) {
			ck_err(c, sub, "too_long",
			       form_msg("%s的 %s 最多 %zu 个字符", c->who_zh, sub, r->max_chars),
			       form_msg("%s: \"%s\" must have at most %zu characters", c->who_en, sub,
					r->max_chars));
		} else if (outs[k]) {
			*outs[k] = json_string_value(s);
		}
		free(sub);
	}
}

/* min_len / max_len; returns -1 when absent or unusable. */
static long long ck_len(struct ck *c, const json_t *f, const char *member, const struct type_info *ti)
{
	const json_t *v = json_object_get(f, member);
	if (!v)
		return -1;
	if (!json_is_integer(v)) {
		ck_type(c, member, "整数", "an integer");
		return -1;
	}
	long long n = json_integer_value(v);
	if (n < 0 || n > FORM_MAX_LEN_LIMIT) {
		ck_err(
		    c, member, "invalid_range",
		    form_msg("%s的 %s 应在 0 到 %lld 之间", c->who_zh, member, FORM_MAX_LEN_LIMIT),
		    form_msg("%s: \"%s\" must be between 0 and %lld", c->who_en, member, FORM_MAX_LEN_LIMIT));
		return -1;
	}
	if (ti && !(ti->members & M_LEN)) {
		ck_err(c, member, "not_applicable",
		       form_msg("%s是 %s 类型，不能设置 %s", c->who_zh, ti->name, member),
		       form_msg("%s is of type %s, which takes no \"%s\"", c->who_en, ti->name, member));
		return -1;
	}
	return n;
}

static void ck_bound(struct ck *c, const json_t *f, const char *member, const struct type_info *ti,
		     struct bound *b)
{
	const json_t *v = json_object_get(f, member);
	if (!v || !ti)
		return; /* an unknown type is reported already; its bounds mean nothing */
	if (!(ti->members & M_RANGE)) {
		ck_err(c, member, "not_applicable",
		       form_msg("%s是 %s 类型，不能设置 %s", c->who_zh, ti->name, member),
		       form_msg("%s is of type %s, which takes no \"%s\"", c->who_en, ti->name, member));
		return;
	}
	if (ti->t == FT_INT) {
		if (!json_is_integer(v)) {
			ck_type(c, member, "整数", "an integer");
			return;
		}
		b->is_int = true;
		b->i = json_integer_value(v);
		b->d = (double)b->i;
	} else if (ti->t == FT_DECIMAL) {
		if (json_is_integer(v)) {
			b->is_int = true;
			b->i = json_integer_value(v);
			b->d = (double)b->i;
		} else if (json_is_real(v)) {
			b->d = json_real_value(v);
		} else {
			ck_type(c, member, "数字", "a number");
			return;
		}
	} else {
		if (!json_is_string(v)) {
			ck_type(c, member, "日期字符串（YYYY-MM-DD）", "a date string (YYYY-MM-DD)");
			return;
		}
		if (!date_parse_n(json_string_value(v), json_string_length(v), &b->day)) {
			ck_err(c, member, "invalid_date",
			       form_msg("%s的 %s 不是有效日期（YYYY-MM-DD）", c->who_zh, member),
			       form_msg("%s: \"%s\" is not a valid date (YYYY-MM-DD)", c->who_en, member));
			return;
		}
		b->text = json_string_value(v);
	}
	b->set = true;
}

/* Back-references are the one ERE extension that makes glibc backtrack. An
 * escaped backslash is skipped as a pair, so "\\\\1" (a literal \ then 1) is
 * fine; inside a bracket expression \1 would be literal, and is refused too:
 * nobody needs it there. */
static bool pattern_has_backref(const char *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] >= '1' && p[i + 1] <= '9')
			return true;
		i++;
	}
	return false;
}

/* glibc's regcomp builds an automaton whose size multiplies along nested
 * repetitions: "(((a{1,75}){1,75}){1,75})" takes hundreds of megabytes. A
 * form pattern never needs that, so patterns are limited before they are
 * compiled: a counted repeat may not exceed MAX_REPEAT, and a group repeated
 * by *, + or {m,n} may not itself contain a repetition (an optional one may).
 * Returns true when the pattern is too complex. */
#define MAX_REPEAT 100
static bool pattern_too_complex(const char *p, size_t n)
{
	bool inner[64] = {false}; /* per open group: contains a repetition */
	int depth = 0;
	bool last_group_rep = false; /* the atom just closed was a group with a repetition inside */
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		bool quant = false;
		if (ch == '\\') {
			i++;
			last_group_rep = false;
			continue;
		}
		if (ch == '[') {
			/* a bracket expression: skip to its closing ']'
			 * ("[]...]" and "[^]...]" start with a literal ']') */
			size_t j = i + 1;
			if (j < n && p[j] == '^')
				j++;
			if (j < n && p[j] == ']')
				j++;
			while (j < n && p[j] != ']')
				j++;
			i = j;
			last_group_rep = false;
			continue;
		}
		if (ch == '(') {
			if (depth == 63)
				return true;
			inner[++depth] = false;
			last_group_rep = false;
			continue;
		}
		if (ch == ')') {
			last_group_rep = depth > 0 && inner[depth];
			bool had = last_group_rep;
			if (depth > 0)
				depth--;
			if (had && depth > 0)
				inner[depth] = true;
			continue;
		}
		if (ch == '*' || ch == '+' || ch == '?')
			quant = true;
		else if (ch == '{') {
			long lo = 0, hi = 0;
			size_t j = i + 1;
			while (j < n && p[j] >= '0' && p[j] <= '9' && lo <= MAX_REPEAT)
				lo = lo * 10 + (p[j++] - '0');
			hi = lo;
			if (j < n && p[j] == ',') {
				j++;
				hi = 0;
				bool digits = false;
				while (j < n && p[j] >= '0' && p[j] <= '9' && hi <= MAX_REPEAT) {
					hi = hi * 10 + (p[j++] - '0');
					digits = true;
				}
				if (!digits)
					hi = lo;
			}
			if (lo > MAX_REPEAT || hi > MAX_REPEAT)
				return true;
			quant = true;
		}
		if (quant) {
			/* "?" at most doubles the automaton: an optional group may repeat inside */
			if (last_group_rep && ch != '?')
				return true; /* a repetition of a group that repeats inside */
			if (depth > 0)
				inner[depth] = true;
		}
		if (ch != ')')
			last_group_rep = false;
	}
	return false;
}

static void ck_pattern(struct ck *c, const json_t *f, const struct type_info *ti, struct field *out)
{
	const json_t *v = json_object_get(f, "pattern");
	if (!v)
		return;
	if (!json_is_string(v)) {
		ck_type(c, "pattern", "字符串", "a string");
		return;
	}
	if (ti && !(ti->members & M_PATTERN)) {
		ck_err(c, "pattern", "not_applicable",
		       form_msg("%s是 %s 类型，不能设置 pattern（仅 string、text、address 可以）", c->who_zh,
				ti->name),
		       form_msg("%s is of type %s, which takes no pattern (only string, text and address do)",
				c->who_en, ti->name));
		return;
	}
	const char *p = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > FORM_MAX_PATTERN_BYTES) {
		ck_err(
		    c, "pattern", "too_long",
		    form_msg("%s的 pattern 最多 %d 字节", c->who_zh, FORM_MAX_PATTERN_BYTES),
		    form_msg("%s: the pattern must be at most %d bytes", c->who_en, FORM_MAX_PATTERN_BYTES));
		return;
	}
	if (strlen(p) != n || pattern_has_backref(p, n)) {
		ck_err(c, "pattern", "invalid_pattern",
		       form_msg("%s的 pattern 不能包含空字符或反向引用（\\1 到 \\9）", c->who_zh),
		       form_msg("%s: the pattern must not contain NUL or back-references (\\1 to \\9)",
				c->who_en));
		return;
	}
	if (pattern_too_complex(p, n)) {
		ck_err(
		    c, "pattern", "invalid_pattern",
		    form_msg("%s的 pattern 过于复杂：重复次数不能超过 %d，也不能对本身含重复的分组再重复",
			     c->who_zh, MAX_REPEAT),
		    form_msg(
			"%s: the pattern is too complex: repeats are limited to %d "
			"and a repeated group may not repeat inside",
			c->who_en, MAX_REPEAT));
		return;
	}
	if (!ti)
		return; /* the type is already wrong: no need to compile */
	regex_t re;
	int rc = regcomp(&re, p, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[160];
		regerror(rc, &re, why,
			 sizeof why); /* a library message: shortening it loses nothing of the input */
		ck_err(c, "pattern", "invalid_pattern",
		       form_msg("%s的 pattern 不是有效的 POSIX 扩展正则表达式（%s）", c->who_zh, why),
		       form_msg("%s: the pattern is not a valid POSIX extended regular expression (%s)",
				c->who_en, why));
		return;
	}
	if (out) {
		out->re = re;
		out->has_re = true;
	} else {
		regfree(&re);
	}
}

static void ck_options(struct ck *c, const json_t *f, const struct type_info *ti, struct field *out)
{
	static const char *const OPTION_MEMBERS[] = {"value", "label"};
	static const struct pair_rule LABEL = {true, "missing_label", FORM_MAX_LABEL_CHARS, false};
	const json_t *v = json_object_get(f, "options");
	if (!ti)
		return;
	if (ti->t != FT_ENUM) {
		if (v)
			ck_err(
			    c, "options", "not_applicable",
			    form_msg("%s是 %s 类型，只有 enum 类型可以设置 options", c->who_zh, ti->name),
			    form_msg("%s is of type %s; only enum fields take options", c->who_en, ti->name));
		return;
	}
	if (v && !json_is_array(v)) {
		ck_type(c, "options", "数组", "an array");
		return;
	}
	size_t n = v ? json_array_size(v) : 0;
	if (n == 0) {
		ck_err(c, "options", "missing_options",
		       form_msg("%s是 enum 类型，须至少有一个选项（options）", c->who_zh),
		       form_msg("%s is an enum and needs at least one option", c->who_en));
		return;
	}
	if (n > FORM_MAX_OPTIONS) {
		ck_err(
		    c, "options", "too_long",
		    form_msg("%s最多 %d 个选项，现有 %zu 个", c->who_zh, FORM_MAX_OPTIONS, n),
		    form_msg("%s may have at most %d options; it has %zu", c->who_en, FORM_MAX_OPTIONS, n));
		return;
	}
	for (size_t j = 0; j < n; j++) {
		const json_t *o = json_array_get(v, j);
		char *at = form_msg("options[%zu]", j);
		char *at_value = form_msg("%s.value", at);
		char *at_label = form_msg("%s.label", at);
		if (!json_is_object(o)) {
			ck_type(c, at, "对象", "an object");
			goto next;
		}
		ck_unknown_members(c, at, o, OPTION_MEMBERS, 2);
		const json_t *val = json_object_get(o, "value");
		struct text_info tv;
		if (val && !json_is_string(val)) {
			ck_type(c, at_value, "字符串", "a string");
		} else if (!val || !form_text_scan(json_string_value(val), json_string_length(val), &tv) ||
			   tv.nul || tv.blank) {
			ck_err(c, at_value, "required",
			       form_msg("%s的第 %zu 个选项缺少 value", c->who_zh, j + 1),
			       form_msg("%s: option #%zu has no value", c->who_en, j + 1));
		} else if (tv.newline || tv.tab || tv.ctrl) {
			ck_err(
			    c, at_value, "type",
			    form_msg("%s的第 %zu 个选项的 value 不能包含换行或控制字符", c->who_zh, j + 1),
			    form_msg(
				"%s: the value of option #%zu must not contain "
				"line breaks or control characters",
				c->who_en, j + 1));
		} else if (tv.chars > FORM_MAX_OPTION_CHARS) {
			ck_err(c, at_value, "too_long",
			       form_msg("%s的第 %zu 个选项的 value 最多 %d 个字符", c->who_zh, j + 1,
					FORM_MAX_OPTION_CHARS),
			       form_msg("%s: the value of option #%zu must have at most %d characters",
					c->who_en, j + 1, FORM_MAX_OPTION_CHARS));
		} else {
			for (size_t k = 0; k < j; k++) {
				const json_t *prev = json_object_get(json_array_get(v, k), "value");
				if (json_is_string(prev) && json_equal((json_t *)prev, (json_t *)val)) {
					bool echo = form_echo_ok(json_string_value(val));
					ck_err(c, at_value, "duplicate_option",
					       echo ? form_msg("%s的选项值 %s 重复", c->who_zh,
							       json_string_value(val))
						    : form_msg("%s的第 %zu 个选项值重复", c->who_zh, j + 1),
					       echo ? form_msg("%s: the option value \"%s\" is used twice",
							       c->who_en, json_string_value(val))
						    : form_msg("%s: the value of option #%zu is used twice",
							       c->who_en, j + 1));
					break;
				}
			}
		}
		ck_pair(c, at_label, json_object_get(o, "label"), &LABEL, NULL, NULL);
	next:
		free(at);
		free(at_value);
		free(at_label);
	}
	if (out)
		out->options = v;
}

/* Checks one field and, when it is sound, fills out (which the caller
 * releases with field_release whatever the result). */
static bool field_parse(struct ck *c, const json_t *f, size_t idx, struct field *out)
{
	static const struct pair_rule LABEL = {true, "missing_label", FORM_MAX_LABEL_CHARS, false};
	static const struct pair_rule HELP = {false, "required", FORM_MAX_HELP_CHARS, true};

	memset(out, 0, sizeof *out);
	out->min_len = out->max_len = -1;
	ck_name(c, NULL, idx);
	if (!json_is_object(f)) {
		ck_err(c, NULL, "type", form_msg("%s应为 JSON 对象", c->who_zh),
		       form_msg("%s must be a JSON object", c->who_en));
		return false;
	}

	const json_t *key = json_object_get(f, "key");
	if (!key) {
		ck_err(c, "key", "required", form_msg("%s缺少 key", c->who_zh),
		       form_msg("%s has no key", c->who_en));
	} else if (!json_is_string(key)) {
		ck_type(c, "key", "字符串", "a string");
	} else if (!key_valid(json_string_value(key), json_string_length(key))) {
		ck_err(
		    c, "key", "invalid_key",
		    form_msg("%s的 key 应以小写字母开头，只含小写字母、数字和下划线，最多 64 个字符",
			     c->who_zh),
		    form_msg("%s: the key must start with a lower-case letter and hold only a-z, 0-9 and _, "
			     "at most 64 characters",
			     c->who_en));
	} else {
		/* from here on the field is named by its key, which is safe to echo */
		out->key = json_string_value(key);
		ck_name(c, out->key, idx);
	}

	ck_unknown_members(c, NULL, f, FIELD_MEMBERS, sizeof FIELD_MEMBERS / sizeof FIELD_MEMBERS[0]);
	ck_pair(c, "label", json_object_get(f, "label"), &LABEL, &out->zh, &out->en);

	const json_t *type = json_object_get(f, "type");
	if (!type) {
		ck_err(c, "type", "required", form_msg("%s缺少 type", c->who_zh),
		       form_msg("%s has no type", c->who_en));
	} else if (!json_is_string(type)) {
		ck_type(c, "type", "字符串", "a string");
	} else {
		for (size_t k = 0; k < sizeof TYPES / sizeof TYPES[0]; k++)
			if (strcmp(json_string_value(type), TYPES[k].name) == 0 &&
			    strlen(TYPES[k].name) == json_string_length(type))
				out->ti = &TYPES[k];
		if (!out->ti) {
			bool echo = form_echo_ok(json_string_value(type));
			ck_err(c, "type", "unknown_type",
			       echo ? form_msg("%s的类型 %s 不受支持", c->who_zh, json_string_value(type))
				    : form_msg("%s的类型不受支持", c->who_zh),
			       echo ? form_msg("%s has an unknown type \"%s\"", c->who_en,
					       json_string_value(type))
				    : form_msg("%s has an unknown type", c->who_en));
		}
	}
	const struct type_info *ti = out->ti;

	const json_t *req = json_object_get(f, "required");
	if (req && !json_is_boolean(req))
		ck_type(c, "required", "布尔值 true 或 false", "true or false");
	out->required = json_is_true(req);
	const json_t *src = json_object_get(f, "source");
	if (src && (!json_is_string(src) || !source_shaped(json_string_value(src))))
		ck_err(c, "source", "invalid_source", form_msg("%s的 source 应为 registry:数据集.字段", c->who_zh),
		       form_msg("%s: source is registry:DATASET.FIELD", c->who_en));
	else if (src)
		out->required = false; /* the platform fills it at submission, not the applicant */

	out->min_len = ck_len(c, f, "min_len", ti);
	out->max_len = ck_len(c, f, "max_len", ti);
	if (out->min_len >= 0 && out->max_len >= 0 && out->min_len > out->max_len) {
		ck_err(c, "min_len", "invalid_range",
		       form_msg("%s的 min_len（%lld）大于 max_len（%lld）", c->who_zh, out->min_len,
				out->max_len),
		       form_msg("%s: min_len (%lld) is greater than max_len (%lld)", c->who_en, out->min_len,
				out->max_len));
	} else if (ti && ti->default_max_len && out->max_len < 0 && out->min_len > ti->default_max_len) {
		ck_err(c, "min_len", "invalid_range",
		       form_msg("%s的 min_len（%lld）大于 %s 类型默认的最大长度 %lld", c->who_zh,
				out->min_len, ti->name, ti->default_max_len),
		       form_msg("%s: min_len (%lld) is greater than the default max_len %lld of type %s",
				c->who_en, out->min_len, ti->default_max_len, ti->name));
	}
	if (ti && ti->default_max_len && out->max_len < 0 && !json_object_get(f, "max_len"))
		out->max_len = ti->default_max_len;

	ck_bound(c, f, "min", ti, &out->min);
	ck_bound(c, f, "max", ti, &out->max);
	if (out->min.set && out->max.set) {
		bool inverted = ti->t == FT_DATE		       ? out->min.day > out->max.day
				: (out->min.is_int && out->max.is_int) ? out->min.i > out->max.i
								       : out->min.d > out->max.d;
		if (inverted) {
			char lo[64], hi[64];
			form_format_bound(&out->min, lo, sizeof lo);
			form_format_bound(&out->max, hi, sizeof hi);
			ck_err(c, "min", "invalid_range",
			       form_msg("%s的 min（%s）大于 max（%s）", c->who_zh, lo, hi),
			       form_msg("%s: min (%s) is greater than max (%s)", c->who_en, lo, hi));
		}
	}

	ck_pattern(c, f, ti, out);
	ck_options(c, f, ti, out);
	ck_pair(c, "help", json_object_get(f, "help"), &HELP, NULL, NULL);

	const json_t *de = json_object_get(f, "de");
	if (de && !json_is_string(de)) {
		ck_type(c, "de", "字符串", "a string");
	} else if (de && !de_valid(json_string_value(de), json_string_length(de))) {
		ck_err(
		    c, "de", "invalid_de",
		    form_msg("%s的数据元编码 de 应形如 "
			     "DE.enterprise.name（各段以小写字母开头，只含小写字母、数字和下划线）",
			     c->who_zh),
		    form_msg(
			"%s: the data element code must look like DE.enterprise.name (segments start with a "
			"lower-case letter and hold only a-z, 0-9 and _)",
			c->who_en));
	} else if (de) {
		size_t n = json_string_length(de);
		out->is_name = n > 5 && strcmp(json_string_value(de) + n - 5, ".name") == 0;
	}
	/* "binds": the value must be the applicant's own (form.h) */
	const json_t *binds = json_object_get(f, "binds");
	if (binds && !json_is_string(binds)) {
		ck_type(c, "binds", "字符串", "a string");
	} else if (binds && strcmp(json_string_value(binds), "applicant.credit_code") != 0) {
		ck_err(c, "binds", "not_an_option",
		       form_msg("%s的 binds 只能是 applicant.credit_code", c->who_zh),
		       form_msg("%s: binds may only be applicant.credit_code", c->who_en));
	} else if (binds && ti && ti->t != FT_CREDIT_CODE) {
		ck_err(c, "binds", "not_applicable",
		       form_msg("%s是 %s 类型，只有 credit_code 类型可以绑定申请人的统一社会信用代码",
				c->who_zh, ti->name),
		       form_msg("%s is of type %s; only credit_code fields bind the applicant's credit code",
				c->who_en, ti->name));
	} else if (binds) {
		out->binds_applicant = true;
	}
	return !c->bad;
}

static void field_release(struct field *f)
{
	if (f->has_re)
		regfree(&f->re);
	f->has_re = false;
}

void form_fields_free(struct field *fs, size_t n)
{
	if (!fs)
		return;
	for (size_t i = 0; i < n; i++)
		field_release(&fs[i]);
	free(fs);
}

/* The one walk over a schema. errs NULL: report nothing. out NULL: keep
 * nothing. On success *out (when asked) holds the loaded fields. */
bool form_schema_walk(const json_t *schema, const char *prefix, errs_t *errs, struct field **out,
		      size_t *nout)
{
	static const char *const SCHEMA_MEMBERS[] = {"fields"};
	struct ck top = {.errs = errs, .base = prefix ? prefix : ""};
	struct field *fs = NULL;
	size_t n = 0;
	ck_name(&top, NULL, SIZE_MAX);

	if (out) {
		*out = NULL;
		*nout = 0;
	}
	if (!json_is_object(schema)) {
		ck_err(&top, NULL, "type", form_msg("表单定义应为 JSON 对象"),
		       form_msg("The form schema must be a JSON object"));
		return false;
	}
	ck_unknown_members(&top, NULL, schema, SCHEMA_MEMBERS, 1);
	const json_t *fields = json_object_get(schema, "fields");
	if (!fields) {
		ck_err(&top, "fields", "required", form_msg("表单定义缺少 fields 数组"),
		       form_msg("The form schema has no \"fields\" array"));
		return false;
	}
	if (!json_is_array(fields)) {
		ck_type(&top, "fields", "数组", "an array");
		return false;
	}
	n = json_array_size(fields);
	if (n > FORM_MAX_FIELDS) {
		/* Not checked one by one: the limit exists to bound this work. */
		ck_err(&top, "fields", "too_long",
		       form_msg("一个表单最多 %d 个字段，此表单有 %zu 个", FORM_MAX_FIELDS, n),
		       form_msg("A form may have at most %d fields; this one has %zu", FORM_MAX_FIELDS, n));
		return false;
	}
	fs = xcalloc(n ? n : 1, sizeof *fs);
	bool ok = !top.bad;
	for (size_t i = 0; i < n; i++) {
		char *at = form_msg("fields[%zu]", i);
		char *base = form_path_join(prefix, at);
		struct ck c = {.errs = errs, .base = base};
		field_parse(&c, json_array_get(fields, i), i, &fs[i]);
		for (size_t k = 0; fs[i].key && k < i; k++) {
			if (fs[k].key && strcmp(fs[k].key, fs[i].key) == 0) {
				ck_err(
				    &c, "key", "duplicate_key",
				    form_msg("字段 key %s 与第 %zu 个字段重复", fs[i].key, k + 1),
				    form_msg("The key %s is already used by field #%zu", fs[i].key, k + 1));
				break;
			}
		}
		if (c.bad)
			ok = false;
		free(at);
		free(base);
	}
	if (ok && out) {
		*out = fs;
		*nout = n;
	} else {
		form_fields_free(fs, n);
	}
	return ok;
}

bool form_schema_check(const json_t *schema, const char *prefix, errs_t *errs)
{
	return form_schema_walk(schema, prefix, errs, NULL, NULL);
}
