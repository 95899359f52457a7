/* err.c — filling sg_err. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t cap, const char *src)
{
	if (!src) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, cap, "%s", src);
}

int sg_err_set(sg_err *err, int code, const char *field, const char *rule, const char *msg,
	       const char *msg_en)
{
	if (!err)
		return code;
	err->code = code;
	err->retry_after = 0;
	copy(err->field, sizeof err->field, field);
	copy(err->rule, sizeof err->rule, rule);
	copy(err->msg, sizeof err->msg, msg);
	copy(err->msg_en, sizeof err->msg_en, msg_en);
	return code;
}

int sg_err_setf(sg_err *err, int code, const char *field, const char *rule, const char *fmt_zh,
		const char *fmt_en, ...)
{
	va_list ap;

	if (!err)
		return code;
	sg_err_set(err, code, field, rule, NULL, NULL);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	va_start(ap, fmt_en);
	vsnprintf(err->msg, sizeof err->msg, fmt_zh, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	vsnprintf(err->msg_en, sizeof err->msg_en, fmt_en, ap);
	va_end(ap);
#pragma GCC diagnostic pop
	return code;
}

void sg_err_clear(sg_err *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *sg_err_name(int code)
{
	switch (code) {
	case SG_OK:
		return "ok";
	case SG_EINVAL:
		return "invalid";
	case SG_EUNAUTH:
		return "unauthorized";
	case SG_EFORBIDDEN:
		return "forbidden";
	case SG_ENOTFOUND:
		return "not_found";
	case SG_ECONFLICT:
		return "conflict";
	case SG_ETOOBIG:
		return "too_large";
	case SG_ELOCKED:
		return "locked";
	case SG_EBUSY:
		return "unavailable";
	default:
		return "internal";
	}
}
