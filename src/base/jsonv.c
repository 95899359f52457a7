/* jsonv.c — validation of JSON request bodies against declared fields. */
#include "base/jsonv.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

static const char *const type_zh[JV__MAX] = {"字符串", "整数", "布尔值", "对象", "数组"};
static const char *const type_en[JV__MAX] = {"a string", "an integer", "a boolean", "an object",
					     "an array"};

static bool type_ok(const json_t *v, enum jsonv_type t)
{
	switch (t) {
	case JV_STRING:
		return json_is_string(v);
	case JV_INT:
		return json_is_integer(v);
	case JV_BOOL:
		return json_is_boolean(v);
	case JV_OBJECT:
		return json_is_object(v);
	case JV_ARRAY:
		return json_is_array(v);
	default:
		return false;
	}
}

static const char *rule_of(const jsonv_field *f)
{
	return f->rule ? f->rule : "R-IO-1";
}

static int check_bounds(const json_t *v, const jsonv_field *f, sg_err *err)
{
	int64_t n;

	if (f->min == 0 && f->max == 0)
		return 0;
	switch (f->type) {
	case JV_STRING:
		n = (int64_t)utf8_count(json_string_value(v), json_string_length(v));
		if (n < f->min || n > f->max)
			return sg_err_setf(err, SG_EINVAL, f->name, rule_of(f),
					   "长度应为 %lld 至 %lld 个字符",
					   "must be %lld to %lld characters long",
					   (long long)f->min, (long long)f->max);
		return 0;
	case JV_INT:
		n = json_integer_value(v);
		if (n < f->min || n > f->max)
			return sg_err_setf(
			    err, SG_EINVAL, f->name, rule_of(f), "应在 %lld 至 %lld 之间",
			    "must be between %lld and %lld", (long long)f->min, (long long)f->max);
		return 0;
	case JV_ARRAY:
		n = (int64_t)json_array_size(v);
		if (n < f->min || n > f->max)
			return sg_err_setf(err, SG_EINVAL, f->name, rule_of(f),
					   "应包含 %lld 至 %lld 项", "must have %lld to %lld items",
					   (long long)f->min, (long long)f->max);
		return 0;
	default:
		return 0;
	}
}

int jsonv_check(const json_t *obj, const jsonv_field *fields, size_t n, sg_err *err)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return sg_err_set(err, SG_EINVAL, "", "R-IO-1", "请求体必须是 JSON 对象",
				  "the request body must be a JSON object");
	json_object_foreach((json_t *)obj, key, v)
	{
		const jsonv_field *f = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(fields[i].name, key) == 0)
				f = &fields[i];
		if (!f) {
			/* The key is client input: name it only if it is short
			 * and printable, so the error cannot carry a payload. */
			bool plain = strlen(key) <= 48;
			for (const char *c = key; plain && *c; c++)
				plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
					(*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
			return sg_err_set(err, SG_EINVAL, plain ? key : "?", "R-IO-1",
					  "不允许的字段", "field not allowed");
		}
		if (json_is_null(v) && !f->required)
			continue;
		if (!type_ok(v, f->type)) {
			char zh[64], en[64];
			snprintf(zh, sizeof zh, "应为%s", type_zh[f->type]);
			snprintf(en, sizeof en, "must be %s", type_en[f->type]);
			return sg_err_set(err, SG_EINVAL, f->name, rule_of(f), zh, en);
		}
		int rc = check_bounds(v, f, err);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *got = json_object_get(obj, fields[i].name);
		if (fields[i].required && (!got || json_is_null(got)))
			return sg_err_set(err, SG_EINVAL, fields[i].name, rule_of(&fields[i]),
					  "必填", "is required");
	}
	return 0;
}

int jsonv_parse_object(const char *body, size_t len, json_t **out, sg_err *err)
{
	json_error_t jerr;

	*out = NULL;
	if (!utf8_valid(body, len))
		return sg_err_set(err, SG_EINVAL, "", "R-IO-1", "请求体不是有效的 UTF-8 编码",
				  "the request body is not valid UTF-8");
	json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return sg_err_setf(err, SG_EINVAL, "", "R-IO-1",
				   "请求体不是有效的 JSON（第 %d 行第 %d 列）",
				   "the request body is not valid JSON (line %d, column %d)",
				   jerr.line, jerr.column);
	if (!json_is_object(v)) {
		json_decref(v);
		return sg_err_set(err, SG_EINVAL, "", "R-IO-1", "请求体必须是 JSON 对象",
				  "the request body must be a JSON object");
	}
	*out = v;
	return 0;
}

const char *jsonv_str(const json_t *obj, const char *key, const char *def)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : def;
}

int64_t jsonv_int(const json_t *obj, const char *key, int64_t def)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? json_integer_value(v) : def;
}

bool jsonv_bool(const json_t *obj, const char *key, bool def)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_boolean(v) ? json_is_true(v) : def;
}

bool jsonv_has(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return v && !json_is_null(v);
}
