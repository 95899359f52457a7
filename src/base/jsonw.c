/* jsonw.c — a compact JSON writer over jansson values. */
#include "base/jsonw.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

/* Bytes that cannot stand for themselves in a JSON string: controls, the
 * quote, the backslash, and 0xE2 (which may start U+2028 or U+2029). */
static const unsigned char special[256] = {
    [0 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
    [0xe2] = 1,
};

int jsonw_string(sg_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0; /* start of the bytes not yet copied */
	int rc;

	/* Room for the common case (nothing to escape) in one step. */
	buf_reserve(out, n + 2);
	if ((rc = buf_append(out, "\"", 1)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!special[u[i]])
			continue;
		char esc[8];
		size_t len = 0, skip = 0;
		unsigned char c = u[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			len = 2;
		} else if (c == 0xe2) {
			if (i + 2 < n && u[i + 1] == 0x80 &&
			    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
				memcpy(esc, u[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
				len = 6;
				skip = 2;
			}
		} else if (c == '\n' || c == '\r' || c == '\t') {
			esc[0] = '\\';
			esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			len = 2;
		} else {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			len = 6;
		}
		if (!len)
			continue;
		if ((rc = buf_append(out, s + run, i - run)) || (rc = buf_append(out, esc, len)))
			return rc;
		i += skip;
		run = i + 1;
	}
	if ((rc = buf_append(out, s + run, n - run)))
		return rc;
	return buf_append(out, "\"", 1);
}

int jsonw_int(sg_buf *out, int64_t v)
{
	char digits[24];
	size_t i = sizeof digits;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[--i] = '-';
	return buf_append(out, digits + i, sizeof digits - i);
}

int jsonw_value(sg_buf *out, const json_t *v)
{
	char num[32];
	int rc = 0;
	size_t i;
	const char *key;
	json_t *x;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		bool first = true;
		rc = buf_append(out, "{", 1);
		json_object_foreach((json_t *)v, key, x)
		{
			if (rc)
				break;
			if (!first)
				rc = buf_append(out, ",", 1);
			first = false;
			if (!rc)
				rc = jsonw_string(out, key, strlen(key));
			if (!rc)
				rc = buf_append(out, ":", 1);
			if (!rc)
				rc = jsonw_value(out, x);
		}
		return rc ? rc : buf_append(out, "}", 1);
	}
	case JSON_ARRAY:
		rc = buf_append(out, "[", 1);
		json_array_foreach(v, i, x)
		{
			if (!rc && i > 0)
				rc = buf_append(out, ",", 1);
			if (!rc)
				rc = jsonw_value(out, x);
		}
		return rc ? rc : buf_append(out, "]", 1);
	case JSON_STRING:
		return jsonw_string(out, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return jsonw_int(out, json_integer_value(v));
	case JSON_REAL: {
		int n = snprintf(num, sizeof num, "%.17g", json_real_value(v));
		return buf_append(out, num, (size_t)n);
	}
	case JSON_TRUE:
		return buf_append(out, "true", 4);
	case JSON_FALSE:
		return buf_append(out, "false", 5);
	default:
		return buf_append(out, "null", 4);
	}
}
