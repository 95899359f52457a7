/*
 * fuzz_request.c — libFuzzer harness for what the server parses from a
 * request before any handler runs: the JSON body (jsonv_parse_object and
 * jsonv_check against a real field table) and the path (router_match).
 *
 * The first byte picks the target; the rest is the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonv.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const jsonv_field fields[] = {
    {"username", JV_STRING, true, 3, 32, "R-AUTH-1"},
    {"display_name", JV_STRING, true, 1, 64, NULL},
    {"role", JV_STRING, true, 0, 0, "R-ROLE-1"},
    {"disabled", JV_BOOL, false, 0, 0, NULL},
    {"count", JV_INT, false, 0, 1000, NULL},
    {"scope", JV_OBJECT, false, 0, 0, "R-ROLE-1"},
    {"items", JV_ARRAY, false, 0, 10, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *in = (const char *)data + 1;
	size_t n = size - 1;

	if (data[0] & 1) {
		json_t *v = NULL;
		sg_err err = {0};
		if (jsonv_parse_object(in, n, &v, &err) == 0) {
			int rc = jsonv_check(v, fields, sizeof fields / sizeof fields[0], &err);
			if (rc != 0 && (rc != SG_EINVAL || !err.msg[0]))
				abort(); /* a refusal must explain itself */
			json_decref(v);
		} else if (!err.msg[0] || strcmp(err.rule, "R-IO-1") != 0) {
			abort();
		}
	} else {
		char *path = malloc(n + 1);
		struct route_match m;
		memcpy(path, in, n);
		path[n] = '\0';
		router_match(path, (enum http_method)(data[0] >> 1) % HTTP__MAX, &m);
		if (m.index >= (int)route_count() || m.nparams > ROUTE_MAX_PARAMS)
			abort();
		for (size_t i = 0; i < m.nparams; i++)
			if (m.params[i] < path || m.params[i] + m.param_lens[i] > path + n)
				abort();
		free(path);
	}
	return 0;
}
