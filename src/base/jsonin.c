/* jsonin.c — see jsonin.h. */
#include "base/jsonin.h"
#include <stdio.h>
#include <string.h>

/* "Fields" are the members of objects and the elements of arrays, one per
 * value in a container: the first after a non-empty opening bracket, then
 * one per comma ({"a":1,"b":2} is 2, [1,2,3] is 3; a member's ':' is not
 * counted again). A closing bracket never takes the depth below zero, so
 * stray ones cannot buy extra nesting. */
prescan_t json_prescan(const char *buf, size_t len, int max_depth, long max_fields)
{
	int depth = 0;
	long fields = 0;
	bool in_str = false, esc = false;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"': in_str = true; break;
		case '{': case '[': {
			if (++depth > max_depth)
				return PRESCAN_TOO_DEEP;
			size_t j = i + 1;
			while (j < len &&
			       (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\n' || buf[j] == '\r'))
				j++;
			/* a non-empty container: its first member or element */
			if (j < len && buf[j] != '}' && buf[j] != ']' && ++fields > max_fields)
				return PRESCAN_TOO_MANY_FIELDS;
			break;
		}
		case '}': case ']':
			if (depth > 0)
				depth--;
			break;
		case ',':
			if (depth > 0 && ++fields > max_fields)
				return PRESCAN_TOO_MANY_FIELDS;
			break;
		default: break;
		}
	}
	return PRESCAN_OK;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool has_control_chars(const char *s, bool allow_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F) {
			if (allow_newlines && (c == '\n' || c == '\t' || c == '\r'))
				continue;
			return true;
		}
	}
	return false;
}

static void field_path(char *out, size_t n, const char *prefix, const char *name)
{
	errs_path(out, n, prefix, name);
}

static void check_one(const jfield_t *f, json_t *v, const char *path, errs_t *e)
{
	switch (f->type) {
	case JF_STRING:
	case JF_TEXT: {
		if (!json_is_string(v)) {
			errs_add(e, path, "type", "应为文本", "must be a string");
			return;
		}
		const char *s = json_string_value(v);
		if (strlen(s) != json_string_length(v) || has_control_chars(s, f->type == JF_TEXT)) {
			errs_add(e, path, "control_chars", "含有不允许的控制字符", "contains control characters");
			return;
		}
		long long lo = f->min, hi = f->max;
		if (lo == 0 && hi == 0) {
			lo = f->type == JF_STRING ? 1 : 0;
			hi = f->type == JF_STRING ? 200 : 4000;
		}
		long long n = (long long)utf8_len(s);
		if (n < lo) {
			if (n == 0)
				errs_add(e, path, "required", "不能为空", "must not be empty");
			else
				errs_addi(e, path, "too_short", "至少 %lld 个字符",
					  "must be at least %lld characters", lo);
			return;
		}
		if (n > hi) {
			errs_addi(e, path, "too_long", "最多 %lld 个字符", "must be at most %lld characters", hi);
			return;
		}
		if (f->out)
			*(const char **)f->out = s;
		break;
	}
	case JF_INT: {
		if (!json_is_integer(v)) {
			errs_add(e, path, "type", "应为整数", "must be an integer");
			return;
		}
		long long x = json_integer_value(v);
		if ((f->min || f->max) && x < f->min) {
			errs_addi(e, path, "too_small", "不能小于 %lld", "must be at least %lld", f->min);
			return;
		}
		if ((f->min || f->max) && x > f->max) {
			errs_addi(e, path, "too_large", "不能大于 %lld", "must be at most %lld", f->max);
			return;
		}
		if (f->out)
			*(long long *)f->out = x;
		break;
	}
	case JF_BOOL:
		if (!json_is_boolean(v)) {
			errs_add(e, path, "type", "应为 true 或 false", "must be true or false");
			return;
		}
		if (f->out)
			*(bool *)f->out = json_is_true(v);
		break;
	case JF_OBJECT:
		if (!json_is_object(v)) {
			errs_add(e, path, "type", "应为对象", "must be an object");
			return;
		}
		if (f->out)
			*(json_t **)f->out = v;
		break;
	case JF_ARRAY:
		if (!json_is_array(v)) {
			errs_add(e, path, "type", "应为数组", "must be an array");
			return;
		}
		if ((f->min || f->max) && (long long)json_array_size(v) < f->min) {
			errs_addi(e, path, "too_short", "至少 %lld 项", "must have at least %lld items", f->min);
			return;
		}
		if ((f->min || f->max) && (long long)json_array_size(v) > f->max) {
			errs_addi(e, path, "too_long", "最多 %lld 项", "must have at most %lld items", f->max);
			return;
		}
		if (f->out)
			*(json_t **)f->out = v;
		break;
	case JF_ANY:
		if (f->out)
			*(json_t **)f->out = v;
		break;
	}
	if (f->present)
		*f->present = true;
}

bool json_spec_parse(const json_t *obj, const jfield_t *spec, const char *prefix, errs_t *e)
{
	size_t before = e->n;
	char path[256];
	if (!json_is_object(obj)) {
		errs_add(e, prefix ? prefix : "", "type", "请求体应为 JSON 对象", "the body must be a JSON object");
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		bool known = false;
		for (const jfield_t *f = spec; f->name; f++)
			if (strcmp(f->name, key) == 0) {
				known = true;
				break;
			}
		if (!known) {
			field_path(path, sizeof path, prefix, key);
			errs_add(e, path, "unknown_field", "不认识的字段", "unknown field");
		}
	}
	for (const jfield_t *f = spec; f->name; f++) {
		field_path(path, sizeof path, prefix, f->name);
		v = json_object_get(obj, f->name);
		if (!v || json_is_null(v)) {
			if (f->required)
				errs_add(e, path, "required", "必填", "is required");
			continue;
		}
		check_one(f, v, path, e);
	}
	return e->n == before;
}
