/*
 * enums.h — the allowed values of a field, declared once, with their
 * labels.
 *
 * A module declares each list of allowed values (a station's tiers, a
 * worker's qualifications) as an enum_def: the stored value, the Chinese
 * label the UI and the exports show, the English one. The checks
 * (check_enum), the renderers of exports and GET /api/v1/meta/enums (the
 * UI's one source of values and labels) all read that table; nothing else
 * lists the values.
 *
 *   static const struct enum_value tier_values[] = {
 *       {"county", "县（区）社会工作指导中心", "county guidance centre"}, …};
 *   const struct enum_def station_tiers = ENUM_DEF("station.tier", tier_values);
 */
#ifndef SG_ENUMS_H
#define SG_ENUMS_H

#include <jansson.h>
#include <stddef.h>

struct enum_value {
	const char *value, *zh, *en;
};

struct enum_def {
	const char *name; /* "station.tier": module.field */
	const struct enum_value *values;
	size_t n;
};

#define ENUM_DEF(name, values)                                                                     \
	{                                                                                          \
		name, values, sizeof values / sizeof values[0]                                     \
	}

/* The index of v in e, or -1 (also for NULL). */
int enum_index(const struct enum_def *e, const char *v);
/* The stored value at index i (i < e->n). */
const char *enum_value(const struct enum_def *e, int i);
/* The Chinese label of v; v itself when it is not one of e's values,
 * "" for NULL. */
const char *enum_zh(const struct enum_def *e, const char *v);
/* The English label, likewise. A message in both languages takes both
 * labels: "“%s”%.0s" in Chinese, "%.0s%s" in English. */
const char *enum_en(const struct enum_def *e, const char *v);
/* [{value, zh, en}] of e, a new array. */
json_t *enum_json(const struct enum_def *e);

#endif
