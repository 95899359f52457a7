/*
 * jsonv.h — declared input fields (the kcgi way).
 *
 * Each write endpoint declares the fields it accepts, with type, whether
 * required, and bounds. jsonv_check() refuses the body as a whole — before
 * anything is read from it — when a field is unknown (no mass assignment),
 * missing, of the wrong type or out of bounds, naming the field. Handlers
 * then read only validated values.
 */
#ifndef SG_JSONV_H
#define SG_JSONV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum jsonv_type { JV_STRING, JV_INT, JV_BOOL, JV_OBJECT, JV_ARRAY, JV__MAX };

typedef struct jsonv_field {
	const char *name;
	enum jsonv_type type;
	bool required;
	/* JV_STRING: length in code points; JV_INT: value; JV_ARRAY: items.
	 * min = max = 0 means unbounded (apart from the body limit). */
	int64_t min, max;
	/* Rule id reported on failure; "R-IO-1" when NULL. */
	const char *rule;
} jsonv_field;

/* 0 when obj is an object whose members all appear in fields[0..n) with
 * the right type and bounds and every required field is present;
 * otherwise SG_EINVAL with err naming the field. */
int jsonv_check(const json_t *obj, const jsonv_field *fields, size_t n, sg_err *err);

/* Parse a request body: must be a JSON object in valid UTF-8. SG_EINVAL
 * otherwise (the parser's message is not echoed: it may quote input). */
int jsonv_parse_object(const char *body, size_t len, json_t **out, sg_err *err);

/* Member accessors for already-checked objects; the default when absent. */
const char *jsonv_str(const json_t *obj, const char *key, const char *def);
int64_t jsonv_int(const json_t *obj, const char *key, int64_t def);
bool jsonv_bool(const json_t *obj, const char *key, bool def);
bool jsonv_has(const json_t *obj, const char *key);

#endif
