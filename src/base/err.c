/* err.c — filling sg_err. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Drops a UTF-8 sequence that snprintf cut short at the end of s: a
 * message must stay valid UTF-8 to be sent at all. */
static void whole_characters(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--; /* back over continuation bytes to the lead byte */
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

static void copy(char *dst, size_t cap, const char *src)
{
	if (!src) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, cap, "%s", src);
	whole_characters(dst);
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

int sg_err_vsetf(sg_err *err, int code, const char *field, const char *rule, const char *fmt_zh,
		 const char *fmt_en, va_list ap)
{
	va_list ap2;

	if (!err)
		return code;
	sg_err_set(err, code, field, rule, NULL, NULL);
	va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(err->msg, sizeof err->msg, fmt_zh, ap);
	vsnprintf(err->msg_en, sizeof err->msg_en, fmt_en, ap2);
#pragma GCC diagnostic pop
	va_end(ap2);
	whole_characters(err->msg);
	whole_characters(err->msg_en);
	return code;
}

int sg_err_setf(sg_err *err, int code, const char *field, const char *rule, const char *fmt_zh,
		const char *fmt_en, ...)
{
	va_list ap;
	va_start(ap, fmt_en);
	int rc = sg_err_vsetf(err, code, field, rule, fmt_zh, fmt_en, ap);
	va_end(ap);
	return rc;
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
