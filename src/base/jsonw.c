/* jsonw.c — a compact JSON writer over jansson values. */
#include "base/jsonw.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

int jsonw_string(sg_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0; /* start of the bytes not yet copied */
	int rc = buf_append(out, "\"", 1);

	for (size_t i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t len = 0;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			len = 2;
		} else if (c < 0x20) {
			const char *named = c == '\n'	? "\\n"
					    : c == '\r' ? "\\r"
					    : c == '\t' ? "\\t"
							: NULL;
			if (named) {
				memcpy(esc, named, 2);
				len = 2;
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				len = 6;
			}
		} else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
			memcpy(esc, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
			len = 6;
			rc = buf_append(out, s + run, i - run);
			if (!rc)
				rc = buf_append(out, esc, len);
			i += 2;
			run = i + 1;
			continue;
		}
		if (len) {
			rc = buf_append(out, s + run, i - run);
			if (!rc)
				rc = buf_append(out, esc, len);
			run = i + 1;
		}
	}
	if (!rc)
		rc = buf_append(out, s + run, n - run);
	return rc ? rc : buf_append(out, "\"", 1);
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
	case JSON_INTEGER: {
		int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf_append(out, num, (size_t)n);
	}
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
