/* form.c — checks form schemas and validates submitted forms (see form.h).
 *
 * One walk over a schema serves both entry points: form_schema_check runs it
 * reporting every problem, form_validate runs it silently to load the fields
 * (and compile their patterns once) before checking the submitted values, so
 * the two can never disagree about what a valid schema is.
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
 *   not_applicable   a member that does not belong to the field's type:
 *                    options on non-enum; pattern, min_len, max_len on
 *                    anything but string/text/address; min, max on anything
 *                    but int/decimal/date
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

#define MAX_FIELDS 200
#define MAX_OPTIONS 1000
#define MAX_LEN_LIMIT 100000LL
#define MAX_PATTERN_BYTES 512
#define MAX_DE_BYTES 128
#define MAX_LABEL_CHARS 100
#define MAX_HELP_CHARS 1000
#define MAX_OPTION_CHARS 200
#define MAX_DECIMAL_CHARS 64
#define MAX_ECHO_BYTES 64

/* Which optional members a type accepts. */
enum {
	M_LEN = 1,      /* min_len, max_len */
	M_PATTERN = 2,
	M_RANGE = 4,    /* min, max */
	M_OPTIONS = 8,
};

typedef enum {
	FT_STRING, FT_TEXT, FT_INT, FT_DECIMAL, FT_DATE, FT_ENUM, FT_BOOL,
	FT_ID_NUMBER, FT_CREDIT_CODE, FT_PHONE, FT_EMAIL, FT_ADDRESS, FT_REGION,
} ftype_t;

struct type_info {
	const char *name;
	ftype_t t;
	unsigned members;
	long long default_max_len;  /* 0: no length rules */
	const char *what_zh, *what_en;  /* "must be ..." in type errors */
};

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

static const char *const FIELD_MEMBERS[] = {
	"key", "label", "type", "required", "min_len", "max_len",
	"min", "max", "pattern", "options", "help", "de",
};

struct bound {
	bool set;
	bool is_int;        /* written as a JSON integer: exact comparison and printing */
	long long i;
	double d;
	day_t day;
	const char *text;   /* date bounds as written, for messages */
};

/* A field as loaded from the schema; strings point into the schema. */
struct field {
	const char *key;
	const char *zh, *en;
	const struct type_info *ti;
	bool required;
	long long min_len, max_len;     /* -1: no rule */
	struct bound min, max;
	const json_t *options;
	bool has_re;
	regex_t re;
};

/* Paths and messages are allocated to fit rather than written into fixed
 * buffers, so neither is ever cut short, whatever length of input they quote. */
static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	char *s = malloc((size_t)n + 1);
	if (!s)
		abort();  /* as errs.c: out of memory is not a validation result */
	va_start(ap, fmt);
	int m = vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (m != n)
		abort();
	return s;
}

static char *path_join(const char *base, const char *tail)
{
	if (base && *base)
		return tail ? msg("%s.%s", base, tail) : msg("%s", base);
	return msg("%s", tail ? tail : "");
}

/* Takes ownership of zh and en. A NULL errs only counts. */
static void report(errs_t *errs, const char *base, const char *member, const char *code, char *zh, char *en)
{
	if (errs) {
		char *path = path_join(base, member);
		errs_add(errs, path, code, zh, en);
		free(path);
	}
	free(zh);
	free(en);
}

/* ---- text ---- */

struct text_info {
	size_t chars;
	bool nul, newline, tab, ctrl;
	bool blank;     /* only spaces, tabs, line breaks, U+3000 (or empty) */
};

static bool text_scan(const char *s, size_t n, struct text_info *ti)
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
		if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000))
			ti->blank = false;
	}
	return true;
}

/* Whether a piece of input is safe and short enough to quote in a message. */
static bool echo_ok(const char *s)
{
	size_t n = strlen(s);
	struct text_info ti;
	return n > 0 && n <= MAX_ECHO_BYTES && text_scan(s, n, &ti) && !ti.newline && !ti.tab && !ti.ctrl;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static bool key_valid(const char *s, size_t n)
{
	if (n < 1 || n > 64 || !is_lower(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_lower(s[i]) && !is_digit(s[i]) && s[i] != '_')
			return false;
	return true;
}

static bool de_valid(const char *s, size_t n)
{
	if (n > MAX_DE_BYTES || n < 4 || memcmp(s, "DE.", 3) != 0)
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
		} else if (!is_lower(c) && !is_digit(c) && c != '_') {
			return false;
		}
	}
	return !seg_start;
}

/* strtod reads the locale's decimal point; we are handed '.' always. */
static double decimal_to_double(const char *s, size_t n)
{
	char buf[MAX_DECIMAL_CHARS + 1];
	const char *dp = localeconv()->decimal_point;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (dp && dp[0] && !dp[1])
		for (size_t i = 0; i < n; i++)
			if (buf[i] == '.')
				buf[i] = dp[0];
	return strtod(buf, NULL);
}

static void format_bound(const struct bound *b, char *out, size_t cap)
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
	errs_t *errs;       /* NULL: load silently */
	const char *base;   /* path of the object being checked */
	bool bad;
	char who_zh[96], who_en[96];  /* "字段 shop_name" / "Field #3", for messages */
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
	report(c->errs, c->base, member, code, zh, en);
}

static void ck_type(struct ck *c, const char *member, const char *what_zh, const char *what_en)
{
	ck_err(c, member, "type",
	       msg("%s的 %s 应为%s", c->who_zh, member, what_zh),
	       msg("%s: \"%s\" must be %s", c->who_en, member, what_en));
}

static void ck_unknown_members(struct ck *c, const char *within, const json_t *obj,
			       const char *const *known, size_t nknown)
{
	const char *name;
	const json_t *v;
	json_object_foreach((json_t *)obj, name, v) {
		bool found = false;
		for (size_t k = 0; k < nknown && !found; k++)
			found = strcmp(name, known[k]) == 0;
		if (found)
			continue;
		char *member = within ? msg("%s.%s", within, name) : msg("%s", name);
		bool echo = echo_ok(name);
		ck_err(c, member, "unknown_member",
		       echo ? msg("%s含有未知成员 %s", c->who_zh, name) : msg("%s含有未知成员", c->who_zh),
		       echo ? msg("%s has an unknown member \"%s\"", c->who_en, name)
			    : msg("%s has an unknown member", c->who_en));
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
			       msg("%s缺少 %s（须有中文 zh 和英文 en）", c->who_zh, member),
			       msg("%s has no \"%s\" (zh and en are both needed)", c->who_en, member));
		return;
	}
	if (!json_is_object(v)) {
		ck_type(c, member, "含 zh 和 en 的对象", "an object with zh and en");
		return;
	}
	ck_unknown_members(c, member, v, LANGS, 2);
	for (size_t k = 0; k < 2; k++) {
		const json_t *s = json_object_get(v, LANGS[k]);
		char *sub = msg("%s.%s", member, LANGS[k]);
		struct text_info ti;
		if (s && !json_is_string(s)) {
			ck_type(c, sub, "字符串", "a string");
		} else if (!s || !text_scan(json_string_value(s), json_string_length(s), &ti) || ti.nul || ti.blank) {
			/* invalid UTF-8 can only come from a json_t built without checks */
			ck_err(c, sub, r->missing_code,
			       msg("%s缺少 %s 的文字", c->who_zh, sub),
			       msg("%s: \"%s\" is missing or empty", c->who_en, sub));
		} else if (ti.ctrl || (!r->multiline && (ti.newline || ti.tab))) {
			ck_err(c, sub, "type",
			       msg("%s的 %s 不能包含%s控制字符", c->who_zh, sub, r->multiline ? "" : "换行或"),
			       msg("%s: \"%s\" must not contain %scontrol characters", c->who_en, sub,
				   r->multiline ? "" : "line breaks or "));
		} else if (ti.chars > r->max_chars) {
			ck_err(c, sub, "too_long",
			       msg("%s的 %s 最多 %zu 个字符", c->who_zh, sub, r->max_chars),
			       msg("%s: \"%s\" must have at most %zu characters", c->who_en, sub, r->max_chars));
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
	if (n < 0 || n > MAX_LEN_LIMIT) {
		ck_err(c, member, "invalid_range",
		       msg("%s的 %s 应在 0 到 %lld 之间", c->who_zh, member, MAX_LEN_LIMIT),
		       msg("%s: \"%s\" must be between 0 and %lld", c->who_en, member, MAX_LEN_LIMIT));
		return -1;
	}
	if (ti && !(ti->members & M_LEN)) {
		ck_err(c, member, "not_applicable",
		       msg("%s是 %s 类型，不能设置 %s", c->who_zh, ti->name, member),
		       msg("%s is of type %s, which takes no \"%s\"", c->who_en, ti->name, member));
		return -1;
	}
	return n;
}

static void ck_bound(struct ck *c, const json_t *f, const char *member, const struct type_info *ti, struct bound *b)
{
	const json_t *v = json_object_get(f, member);
	if (!v || !ti)
		return;  /* an unknown type is reported already; its bounds mean nothing */
	if (!(ti->members & M_RANGE)) {
		ck_err(c, member, "not_applicable",
		       msg("%s是 %s 类型，不能设置 %s", c->who_zh, ti->name, member),
		       msg("%s is of type %s, which takes no \"%s\"", c->who_en, ti->name, member));
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
			       msg("%s的 %s 不是有效日期（YYYY-MM-DD）", c->who_zh, member),
			       msg("%s: \"%s\" is not a valid date (YYYY-MM-DD)", c->who_en, member));
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
 * by *, + or {m,n} may not itself contain a repetition (an optional one may). Returns true when the pattern is too
 * complex. */
#define MAX_REPEAT 100
static bool pattern_too_complex(const char *p, size_t n)
{
	bool inner[64] = {false};   /* per open group: contains a repetition */
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
			/* a bracket expression: skip to its closing ']' ("[]...]" and "[^]...]" start with a literal ']') */
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
				return true;   /* a repetition of a group that repeats inside */
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
		       msg("%s是 %s 类型，不能设置 pattern（仅 string、text、address 可以）", c->who_zh, ti->name),
		       msg("%s is of type %s, which takes no pattern (only string, text and address do)",
			   c->who_en, ti->name));
		return;
	}
	const char *p = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > MAX_PATTERN_BYTES) {
		ck_err(c, "pattern", "too_long",
		       msg("%s的 pattern 最多 %d 字节", c->who_zh, MAX_PATTERN_BYTES),
		       msg("%s: the pattern must be at most %d bytes", c->who_en, MAX_PATTERN_BYTES));
		return;
	}
	if (strlen(p) != n || pattern_has_backref(p, n)) {
		ck_err(c, "pattern", "invalid_pattern",
		       msg("%s的 pattern 不能包含空字符或反向引用（\\1 到 \\9）", c->who_zh),
		       msg("%s: the pattern must not contain NUL or back-references (\\1 to \\9)", c->who_en));
		return;
	}
	if (pattern_too_complex(p, n)) {
		ck_err(c, "pattern", "invalid_pattern",
		       msg("%s的 pattern 过于复杂：重复次数不能超过 %d，也不能对本身含重复的分组再重复", c->who_zh, MAX_REPEAT),
		       msg("%s: the pattern is too complex: repeats are limited to %d and a repeated group may not repeat inside",
			   c->who_en, MAX_REPEAT));
		return;
	}
	if (!ti)
		return;   /* the type is already wrong: no need to compile */
	regex_t re;
	int rc = regcomp(&re, p, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[160];
		regerror(rc, &re, why, sizeof why);  /* a library message: shortening it loses nothing of the input */
		ck_err(c, "pattern", "invalid_pattern",
		       msg("%s的 pattern 不是有效的 POSIX 扩展正则表达式（%s）", c->who_zh, why),
		       msg("%s: the pattern is not a valid POSIX extended regular expression (%s)", c->who_en, why));
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
	static const struct pair_rule LABEL = {true, "missing_label", MAX_LABEL_CHARS, false};
	const json_t *v = json_object_get(f, "options");
	if (!ti)
		return;
	if (ti->t != FT_ENUM) {
		if (v)
			ck_err(c, "options", "not_applicable",
			       msg("%s是 %s 类型，只有 enum 类型可以设置 options", c->who_zh, ti->name),
			       msg("%s is of type %s; only enum fields take options", c->who_en, ti->name));
		return;
	}
	if (v && !json_is_array(v)) {
		ck_type(c, "options", "数组", "an array");
		return;
	}
	size_t n = v ? json_array_size(v) : 0;
	if (n == 0) {
		ck_err(c, "options", "missing_options",
		       msg("%s是 enum 类型，须至少有一个选项（options）", c->who_zh),
		       msg("%s is an enum and needs at least one option", c->who_en));
		return;
	}
	if (n > MAX_OPTIONS) {
		ck_err(c, "options", "too_long",
		       msg("%s最多 %d 个选项，现有 %zu 个", c->who_zh, MAX_OPTIONS, n),
		       msg("%s may have at most %d options; it has %zu", c->who_en, MAX_OPTIONS, n));
		return;
	}
	for (size_t j = 0; j < n; j++) {
		const json_t *o = json_array_get(v, j);
		char *at = msg("options[%zu]", j);
		char *at_value = msg("%s.value", at);
		char *at_label = msg("%s.label", at);
		if (!json_is_object(o)) {
			ck_type(c, at, "对象", "an object");
			goto next;
		}
		ck_unknown_members(c, at, o, OPTION_MEMBERS, 2);
		const json_t *val = json_object_get(o, "value");
		struct text_info tv;
		if (val && !json_is_string(val)) {
			ck_type(c, at_value, "字符串", "a string");
		} else if (!val || !text_scan(json_string_value(val), json_string_length(val), &tv) || tv.nul
			   || tv.blank) {
			ck_err(c, at_value, "required",
			       msg("%s的第 %zu 个选项缺少 value", c->who_zh, j + 1),
			       msg("%s: option #%zu has no value", c->who_en, j + 1));
		} else if (tv.newline || tv.tab || tv.ctrl) {
			ck_err(c, at_value, "type",
			       msg("%s的第 %zu 个选项的 value 不能包含换行或控制字符", c->who_zh, j + 1),
			       msg("%s: the value of option #%zu must not contain line breaks or control characters",
				   c->who_en, j + 1));
		} else if (tv.chars > MAX_OPTION_CHARS) {
			ck_err(c, at_value, "too_long",
			       msg("%s的第 %zu 个选项的 value 最多 %d 个字符", c->who_zh, j + 1, MAX_OPTION_CHARS),
			       msg("%s: the value of option #%zu must have at most %d characters",
				   c->who_en, j + 1, MAX_OPTION_CHARS));
		} else {
			for (size_t k = 0; k < j; k++) {
				const json_t *prev = json_object_get(json_array_get(v, k), "value");
				if (json_is_string(prev) && json_equal((json_t *)prev, (json_t *)val)) {
					bool echo = echo_ok(json_string_value(val));
					ck_err(c, at_value, "duplicate_option",
					       echo ? msg("%s的选项值 %s 重复", c->who_zh, json_string_value(val))
						    : msg("%s的第 %zu 个选项值重复", c->who_zh, j + 1),
					       echo ? msg("%s: the option value \"%s\" is used twice", c->who_en,
							  json_string_value(val))
						    : msg("%s: the value of option #%zu is used twice", c->who_en, j + 1));
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
	static const struct pair_rule LABEL = {true, "missing_label", MAX_LABEL_CHARS, false};
	static const struct pair_rule HELP = {false, "required", MAX_HELP_CHARS, true};

	memset(out, 0, sizeof *out);
	out->min_len = out->max_len = -1;
	ck_name(c, NULL, idx);
	if (!json_is_object(f)) {
		ck_err(c, NULL, "type",
		       msg("%s应为 JSON 对象", c->who_zh),
		       msg("%s must be a JSON object", c->who_en));
		return false;
	}

	const json_t *key = json_object_get(f, "key");
	if (!key) {
		ck_err(c, "key", "required", msg("%s缺少 key", c->who_zh), msg("%s has no key", c->who_en));
	} else if (!json_is_string(key)) {
		ck_type(c, "key", "字符串", "a string");
	} else if (!key_valid(json_string_value(key), json_string_length(key))) {
		ck_err(c, "key", "invalid_key",
		       msg("%s的 key 应以小写字母开头，只含小写字母、数字和下划线，最多 64 个字符", c->who_zh),
		       msg("%s: the key must start with a lower-case letter and hold only a-z, 0-9 and _, "
			   "at most 64 characters", c->who_en));
	} else {
		/* from here on the field is named by its key, which is safe to echo */
		out->key = json_string_value(key);
		ck_name(c, out->key, idx);
	}

	ck_unknown_members(c, NULL, f, FIELD_MEMBERS, sizeof FIELD_MEMBERS / sizeof FIELD_MEMBERS[0]);
	ck_pair(c, "label", json_object_get(f, "label"), &LABEL, &out->zh, &out->en);

	const json_t *type = json_object_get(f, "type");
	if (!type) {
		ck_err(c, "type", "required", msg("%s缺少 type", c->who_zh), msg("%s has no type", c->who_en));
	} else if (!json_is_string(type)) {
		ck_type(c, "type", "字符串", "a string");
	} else {
		for (size_t k = 0; k < sizeof TYPES / sizeof TYPES[0]; k++)
			if (strcmp(json_string_value(type), TYPES[k].name) == 0 && strlen(TYPES[k].name) == json_string_length(type))
				out->ti = &TYPES[k];
		if (!out->ti) {
			bool echo = echo_ok(json_string_value(type));
			ck_err(c, "type", "unknown_type",
			       echo ? msg("%s的类型 %s 不受支持", c->who_zh, json_string_value(type))
				    : msg("%s的类型不受支持", c->who_zh),
			       echo ? msg("%s has an unknown type \"%s\"", c->who_en, json_string_value(type))
				    : msg("%s has an unknown type", c->who_en));
		}
	}
	const struct type_info *ti = out->ti;

	const json_t *req = json_object_get(f, "required");
	if (req && !json_is_boolean(req))
		ck_type(c, "required", "布尔值 true 或 false", "true or false");
	out->required = json_is_true(req);

	out->min_len = ck_len(c, f, "min_len", ti);
	out->max_len = ck_len(c, f, "max_len", ti);
	if (out->min_len >= 0 && out->max_len >= 0 && out->min_len > out->max_len) {
		ck_err(c, "min_len", "invalid_range",
		       msg("%s的 min_len（%lld）大于 max_len（%lld）", c->who_zh, out->min_len, out->max_len),
		       msg("%s: min_len (%lld) is greater than max_len (%lld)", c->who_en, out->min_len, out->max_len));
	} else if (ti && ti->default_max_len && out->max_len < 0 && out->min_len > ti->default_max_len) {
		ck_err(c, "min_len", "invalid_range",
		       msg("%s的 min_len（%lld）大于 %s 类型默认的最大长度 %lld", c->who_zh, out->min_len,
			   ti->name, ti->default_max_len),
		       msg("%s: min_len (%lld) is greater than the default max_len %lld of type %s", c->who_en,
			   out->min_len, ti->default_max_len, ti->name));
	}
	if (ti && ti->default_max_len && out->max_len < 0 && !json_object_get(f, "max_len"))
		out->max_len = ti->default_max_len;

	ck_bound(c, f, "min", ti, &out->min);
	ck_bound(c, f, "max", ti, &out->max);
	if (out->min.set && out->max.set) {
		bool inverted = ti->t == FT_DATE ? out->min.day > out->max.day
			: (out->min.is_int && out->max.is_int) ? out->min.i > out->max.i
			: out->min.d > out->max.d;
		if (inverted) {
			char lo[64], hi[64];
			format_bound(&out->min, lo, sizeof lo);
			format_bound(&out->max, hi, sizeof hi);
			ck_err(c, "min", "invalid_range",
			       msg("%s的 min（%s）大于 max（%s）", c->who_zh, lo, hi),
			       msg("%s: min (%s) is greater than max (%s)", c->who_en, lo, hi));
		}
	}

	ck_pattern(c, f, ti, out);
	ck_options(c, f, ti, out);
	ck_pair(c, "help", json_object_get(f, "help"), &HELP, NULL, NULL);

	const json_t *de = json_object_get(f, "de");
	if (de && !json_is_string(de)) {
		ck_type(c, "de", "字符串", "a string");
	} else if (de && !de_valid(json_string_value(de), json_string_length(de))) {
		ck_err(c, "de", "invalid_de",
		       msg("%s的数据元编码 de 应形如 DE.enterprise.name（各段以小写字母开头，只含小写字母、数字和下划线）",
			   c->who_zh),
		       msg("%s: the data element code must look like DE.enterprise.name (segments start with a "
			   "lower-case letter and hold only a-z, 0-9 and _)", c->who_en));
	}
	return !c->bad;
}

static void field_release(struct field *f)
{
	if (f->has_re)
		regfree(&f->re);
	f->has_re = false;
}

static void fields_free(struct field *fs, size_t n)
{
	if (!fs)
		return;
	for (size_t i = 0; i < n; i++)
		field_release(&fs[i]);
	free(fs);
}

/* The one walk over a schema. errs NULL: report nothing. out NULL: keep
 * nothing. On success *out (when asked) holds the loaded fields. */
static bool schema_walk(const json_t *schema, const char *prefix, errs_t *errs, struct field **out, size_t *nout)
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
		ck_err(&top, NULL, "type", msg("表单定义应为 JSON 对象"), msg("The form schema must be a JSON object"));
		return false;
	}
	ck_unknown_members(&top, NULL, schema, SCHEMA_MEMBERS, 1);
	const json_t *fields = json_object_get(schema, "fields");
	if (!fields) {
		ck_err(&top, "fields", "required", msg("表单定义缺少 fields 数组"),
		       msg("The form schema has no \"fields\" array"));
		return false;
	}
	if (!json_is_array(fields)) {
		ck_type(&top, "fields", "数组", "an array");
		return false;
	}
	n = json_array_size(fields);
	if (n > MAX_FIELDS) {
		/* Not checked one by one: the limit exists to bound this work. */
		ck_err(&top, "fields", "too_long",
		       msg("一个表单最多 %d 个字段，此表单有 %zu 个", MAX_FIELDS, n),
		       msg("A form may have at most %d fields; this one has %zu", MAX_FIELDS, n));
		return false;
	}
	fs = calloc(n ? n : 1, sizeof *fs);
	if (!fs)
		abort();
	bool ok = !top.bad;
	for (size_t i = 0; i < n; i++) {
		char *at = msg("fields[%zu]", i);
		char *base = path_join(prefix, at);
		struct ck c = {.errs = errs, .base = base};
		field_parse(&c, json_array_get(fields, i), i, &fs[i]);
		for (size_t k = 0; fs[i].key && k < i; k++) {
			if (fs[k].key && strcmp(fs[k].key, fs[i].key) == 0) {
				ck_err(&c, "key", "duplicate_key",
				       msg("字段 key %s 与第 %zu 个字段重复", fs[i].key, k + 1),
				       msg("The key %s is already used by field #%zu", fs[i].key, k + 1));
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
		fields_free(fs, n);
	}
	return ok;
}

bool form_schema_check(const json_t *schema, const char *prefix, errs_t *errs)
{
	return schema_walk(schema, prefix, errs, NULL, NULL);
}

/* ---- values ---- */

struct vctx {
	errs_t *errs;
	const char *prefix;
	int ty, tm, td;
	form_region_exists_fn region_exists;
	void *region_ctx;
};

static void verr(struct vctx *v, const struct field *f, const char *code, char *zh, char *en)
{
	report(v->errs, v->prefix, f->key, code, zh, en);
}

static void verr_type(struct vctx *v, const struct field *f)
{
	verr(v, f, "type", msg("「%s」应填写%s", f->zh, f->ti->what_zh), msg("%s must be %s", f->en, f->ti->what_en));
}

static bool decimal_syntax(const char *s, size_t n)
{
	size_t i = 0, int_digits = 0, frac_digits = 0;
	while (i < n && is_digit(s[i])) {
		i++;
		int_digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i])) {
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
	case IDNUM_LENGTH: return "身份证号码应为 18 位（或 15 位旧号码）";
	case IDNUM_CHARSET: return "身份证号码只能包含数字，最后一位可以是 X";
	case IDNUM_REGION: return "身份证号码的前两位不是有效的省级行政区划代码";
	case IDNUM_BIRTHDATE: return "身份证号码中的出生日期不存在或晚于今天";
	case IDNUM_CHECK_DIGIT: return "身份证号码的校验位不正确，请核对";
	default: return "不是有效的身份证号码";
	}
}

static const char *idnum_detail_en(idnum_status_t st)
{
	switch (st) {
	case IDNUM_LENGTH: return "an ID number has 18 characters (or 15 for an old one)";
	case IDNUM_CHARSET: return "an ID number has only digits, and X as the last character";
	case IDNUM_REGION: return "the first two digits of the ID number are not a province code";
	case IDNUM_BIRTHDATE: return "the birth date in the ID number does not exist or is in the future";
	case IDNUM_CHECK_DIGIT: return "the check digit of the ID number is wrong; please check it";
	default: return "it is not a valid ID number";
	}
}

static const char *credit_detail_zh(credit_status_t st)
{
	switch (st) {
	case CREDIT_LENGTH: return "统一社会信用代码应为 18 位";
	case CREDIT_CHARSET: return "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）";
	case CREDIT_CHECK_DIGIT: return "统一社会信用代码的校验位不正确，请核对";
	default: return "不是有效的统一社会信用代码";
	}
}

static const char *credit_detail_en(credit_status_t st)
{
	switch (st) {
	case CREDIT_LENGTH: return "a unified social credit code has 18 characters";
	case CREDIT_CHARSET: return "a unified social credit code has only digits and capital letters other than I, O, S, V and Z";
	case CREDIT_CHECK_DIGIT: return "the check character of the unified social credit code is wrong; please check it";
	default: return "it is not a valid unified social credit code";
	}
}

static void check_text(struct vctx *v, const struct field *f, const char *s, size_t n, const struct text_info *ti)
{
	if (f->ti->t == FT_TEXT ? ti->ctrl : (ti->ctrl || ti->newline || ti->tab)) {
		if (f->ti->t == FT_TEXT)
			verr(v, f, "type", msg("「%s」不能包含控制字符", f->zh),
			     msg("%s must not contain control characters", f->en));
		else
			verr(v, f, "type", msg("「%s」只能填写一行文字，不能包含换行、制表符或控制字符", f->zh),
			     msg("%s must be a single line without line breaks, tabs or control characters", f->en));
		return;
	}
	long long chars = (long long)ti->chars;
	bool too_long = f->max_len >= 0 && chars > f->max_len;
	if (f->min_len >= 0 && chars < f->min_len)
		verr(v, f, "too_short", msg("「%s」至少需要 %lld 个字符", f->zh, f->min_len),
		     msg("%s must have at least %lld characters", f->en, f->min_len));
	if (too_long)
		verr(v, f, "too_long", msg("「%s」最多 %lld 个字符", f->zh, f->max_len),
		     msg("%s must have at most %lld characters", f->en, f->max_len));
	/* An over-long value is refused already; matching it would only cost time. */
	if (f->has_re && !too_long && strlen(s) == n && regexec(&f->re, s, 0, NULL, 0) != 0)
		verr(v, f, "pattern", msg("「%s」的格式不正确", f->zh), msg("%s is not in the required format", f->en));
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
		if (n > MAX_DECIMAL_CHARS) {
			verr(v, f, "too_long", msg("「%s」的数字位数过多（最多 %d 个字符）", f->zh, MAX_DECIMAL_CHARS),
			     msg("%s has too many digits (at most %d characters)", f->en, MAX_DECIMAL_CHARS));
			return;
		}
		dv = decimal_to_double(s, n);
	} else {
		verr_type(v, f);
		return;
	}
	/* Integers compare exactly; anything with a fraction in double precision,
	 * which never refuses a value within bounds (rounding is monotonic). */
	char b[64];
	if (f->min.set && (is_int && f->min.is_int ? iv < f->min.i : dv < f->min.d)) {
		format_bound(&f->min, b, sizeof b);
		verr(v, f, "too_small", msg("「%s」不能小于 %s", f->zh, b), msg("%s must be at least %s", f->en, b));
	}
	if (f->max.set && (is_int && f->max.is_int ? iv > f->max.i : dv > f->max.d)) {
		format_bound(&f->max, b, sizeof b);
		verr(v, f, "too_large", msg("「%s」不能大于 %s", f->zh, b), msg("%s must be at most %s", f->en, b));
	}
}

static void check_date(struct vctx *v, const struct field *f, const char *s, size_t n)
{
	day_t day;
	if (!date_parse_n(s, n, &day)) {
		verr(v, f, "invalid_date", msg("「%s」不是有效日期，请按 YYYY-MM-DD 填写", f->zh),
		     msg("%s is not a valid date; use YYYY-MM-DD", f->en));
		return;
	}
	if (f->min.set && day < f->min.day)
		verr(v, f, "too_small", msg("「%s」不能早于 %s", f->zh, f->min.text),
		     msg("%s must be on or after %s", f->en, f->min.text));
	if (f->max.set && day > f->max.day)
		verr(v, f, "too_large", msg("「%s」不能晚于 %s", f->zh, f->max.text),
		     msg("%s must be on or before %s", f->en, f->max.text));
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
		if (!text_scan(s, n, &ti) || ti.nul) {
			verr(v, f, "type", msg("「%s」包含无效字符", f->zh), msg("%s contains invalid characters", f->en));
			return;
		}
		missing = ti.blank;
	}
	if (missing) {
		if (f->required)
			verr(v, f, "required", msg("「%s」为必填项", f->zh), msg("%s is required", f->en));
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
			found = json_equal(json_object_get(json_array_get(f->options, k), "value"), (json_t *)val);
		if (!found)
			verr(v, f, "not_an_option", msg("「%s」不是可选的选项，请从列表中选择", f->zh),
			     msg("%s is not one of the options; please choose from the list", f->en));
		break;
	}
	case FT_BOOL:
		if (!json_is_boolean(val))
			verr_type(v, f);
		break;
	case FT_ID_NUMBER: {
		idnum_status_t st = idnum_check(s, v->ty, v->tm, v->td, NULL);
		if (st != IDNUM_OK)
			verr(v, f, "id_number", msg("「%s」填写有误：%s", f->zh, idnum_detail_zh(st)),
			     msg("%s is not valid: %s", f->en, idnum_detail_en(st)));
		break;
	}
	case FT_CREDIT_CODE: {
		credit_status_t st = credit_code_check(s);
		if (st != CREDIT_OK)
			verr(v, f, "credit_code",
			     msg("「%s」填写有误：%s", f->zh, credit_detail_zh(st)),
			     msg("%s is not valid: %s", f->en, credit_detail_en(st)));
		break;
	}
	case FT_PHONE:
		if (!phone_ok_n(s, n))
			verr(v, f, "phone",
			     msg("「%s」不是有效的电话号码（手机号 11 位，固定电话如 010-12345678）", f->zh),
			     msg("%s is not a valid phone number (mobile: 11 digits; landline e.g. 010-12345678)", f->en));
		break;
	case FT_EMAIL:
		if (!email_ok_n(s, n))
			verr(v, f, "email", msg("「%s」不是有效的电子邮箱地址", f->zh),
			     msg("%s is not a valid email address", f->en));
		break;
	case FT_REGION: {
		bool digits = n == 6;
		for (size_t k = 0; k < n && digits; k++)
			digits = is_digit(s[k]);
		if (!digits)
			verr(v, f, "region", msg("「%s」应为 6 位数字的行政区划代码", f->zh),
			     msg("%s must be a 6-digit administrative division code", f->en));
		else if (v->region_exists && !v->region_exists(s, v->region_ctx))
			verr(v, f, "region", msg("「%s」的行政区划代码不存在", f->zh),
			     msg("%s is not a known administrative division code", f->en));
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

	if (!schema_walk(schema, NULL, NULL, &fs, &nf)) {
		report(errs, v.prefix, NULL, "invalid_schema",
		       msg("表单定义有误，暂时无法提交，请联系办理部门"),
		       msg("The form definition is faulty, so the form cannot be submitted; please contact the department"));
		goto out;
	}
	if (!json_is_object(data)) {
		report(errs, v.prefix, NULL, "type", msg("表单内容应为 JSON 对象"), msg("The form must be a JSON object"));
		goto out;
	}
	for (size_t i = 0; i < nf; i++)
		check_field(&v, &fs[i], json_object_get(data, fs[i].key));

	const char *key;
	const json_t *val;
	json_object_foreach((json_t *)data, key, val) {
		bool known = false;
		for (size_t i = 0; i < nf && !known; i++)
			known = strcmp(fs[i].key, key) == 0;
		if (known)
			continue;
		bool echo = echo_ok(key);
		char *path = path_join(v.prefix, key);
		char *zh = echo ? msg("本表单没有“%s”这一项", key) : msg("表单中有本表单未定义的项");
		char *en = echo ? msg("This form has no field \"%s\"", key) : msg("The form contains a field it does not define");
		errs_add(errs, path, "unknown_field", zh, en);
		free(path);
		free(zh);
		free(en);
	}
out:
	fields_free(fs, nf);
	return errs->n == n0;
}
