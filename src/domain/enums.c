/* enums.c — allowed values and their labels (enums.h). */
#include "domain/enums.h"

#include <assert.h>
#include <string.h>

int enum_index(const struct enum_def *e, const char *v)
{
	for (size_t i = 0; v && i < e->n; i++)
		if (strcmp(e->values[i].value, v) == 0)
			return (int)i;
	return -1;
}

const char *enum_value(const struct enum_def *e, int i)
{
	assert(i >= 0 && (size_t)i < e->n);
	return e->values[i].value;
}

const char *enum_zh(const struct enum_def *e, const char *v)
{
	int i = enum_index(e, v);
	return i >= 0 ? e->values[i].zh : v ? v : "";
}

const char *enum_en(const struct enum_def *e, const char *v)
{
	int i = enum_index(e, v);
	return i >= 0 ? e->values[i].en : v ? v : "";
}

json_t *enum_json(const struct enum_def *e)
{
	json_t *a = json_array();
	for (size_t i = 0; i < e->n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "value", e->values[i].value,
						   "zh", e->values[i].zh, "en", e->values[i].en));
	return a;
}
