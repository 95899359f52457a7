/*
 * err.h — the error type every layer returns through.
 *
 * Functions return 0 on success or one of the negative SG_E* codes, and fill
 * an sg_err with what a person needs to fix the input: the field, the rule id
 * (a SPEC or SECURITY anchor such as "R-ORG-2"), and a message in Chinese and
 * English. The codes become HTTP statuses in exactly one place
 * (http/response.c); nothing below the HTTP layer knows about statuses.
 *
 * Messages must never contain personal data, SQL, file paths or library
 * error codes: they are shown to users and written to logs.
 */
#ifndef SG_ERR_H
#define SG_ERR_H

#include <stdarg.h>

enum sg_code {
	SG_OK = 0,
	SG_EINVAL = -1,	    /* input breaks a rule: 400 */
	SG_EUNAUTH = -2,    /* no or bad credentials: 401 */
	SG_EFORBIDDEN = -3, /* authenticated but not allowed: 403 */
	SG_ENOTFOUND = -4,  /* no such object, or outside the actor's scope: 404 */
	SG_ECONFLICT = -5,  /* state does not allow it, or duplicate: 409 */
	SG_ETOOBIG = -6,    /* over a size limit: 413 */
	SG_ELOCKED = -7,    /* account locked or rate limited: 429 */
	SG_EBUSY = -8,	    /* database busy or unreachable: 503 */
	SG_EINTERNAL = -9,  /* a bug or an I/O failure: 500 */
	SG_ECODE__MIN = -10
};

typedef struct sg_err {
	int code;
	char field[64];	  /* JSON field (dotted path) or "" */
	char rule[32];	  /* rule id, e.g. "R-ORG-2", or "" */
	char msg[512];	  /* zh-CN (a message cut to fit ends on a whole character) */
	char msg_en[512]; /* en */
	int retry_after;  /* seconds, for SG_ELOCKED and SG_EBUSY; 0 = unset */
} sg_err;

/* Fill *err (which may be NULL) and return code. Strings may be NULL. */
int sg_err_set(sg_err *err, int code, const char *field, const char *rule, const char *msg,
	       const char *msg_en);

/* As sg_err_set, with printf-style formats; both formats take the same
 * arguments. */
int sg_err_setf(sg_err *err, int code, const char *field, const char *rule, const char *fmt_zh,
		const char *fmt_en, ...) __attribute__((format(printf, 6, 7)));

/* As sg_err_setf, with the arguments in ap. */
int sg_err_vsetf(sg_err *err, int code, const char *field, const char *rule, const char *fmt_zh,
		 const char *fmt_en, va_list ap) __attribute__((format(printf, 5, 0)));

void sg_err_clear(sg_err *err);

/* The machine-readable name of a code: "invalid", "not_found", ... */
const char *sg_err_name(int code);

#endif
