/*
 * check.h — the small checks every write makes, each with one message.
 *
 * Each returns 0, or fills ctx->err (the field, the rule, a message in
 * Chinese and English) and returns SG_EINVAL — SG_ENOTFOUND for
 * check_division_in_scope, whose refusal must read exactly as "no such
 * division" (SECURITY.md: outside the scope looks like nothing there).
 * They chain: if ((rc = check_required(…)) || (rc = check_enum(…))) …
 */
#ifndef SG_CHECK_H
#define SG_CHECK_H

#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* v is not NULL and not blank. */
int check_required(sg_ctx *ctx, const char *field, const char *rule, const char *v);
/* v is one of e's values. The message lists them (the Chinese labels in
 * Chinese), cut to fit: never past its buffer, whatever e holds. */
int check_enum(sg_ctx *ctx, const char *field, const char *rule, const char *v,
	       const struct enum_def *e);
/* v is NULL, "", or a date YYYY-MM-DD that exists. */
int check_date(sg_ctx *ctx, const char *field, const char *rule, const char *v);
/* fen is an amount of money in fen from 0 to max. */
int check_money(sg_ctx *ctx, const char *field, const char *rule, int64_t fen, int64_t max);
/* v is a division code of 2, 4, 6, 9 or 12 digits (R-DIV-1). */
int check_division_code(sg_ctx *ctx, const char *field, const char *v);
/* v is a division code that exists within the actor's scope; outside it,
 * SG_ENOTFOUND "行政区划不存在" as for a code that names nothing. A read,
 * inside the caller's transaction; SG_EBUSY / SG_EINTERNAL when the
 * database fails. */
int check_division_in_scope(sg_ctx *ctx, const char *field, const char *v);
/* Whether division code v exists within the actor's scope (*out). */
int division_in_scope(sg_ctx *ctx, const char *code, bool *out);
/* q is NULL or 1 to max characters of a name search (R-IO-1). */
int check_query(sg_ctx *ctx, const char *field, const char *q, int max);

/* Collected errors: a refusal that names several fields at once (every
 * missing clause of a contract), so that a form can mark all of them. The
 * first call fills ctx->err; each appends {field, rule, message,
 * message_en} to the reply's "errors". Returns code. */
int err_add(sg_ctx *ctx, int code, const char *field, const char *rule, const char *zh,
	    const char *en);
/* As err_add, with printf formats taking the same arguments. */
int err_addf(sg_ctx *ctx, int code, const char *field, const char *rule, const char *fmt_zh,
	     const char *fmt_en, ...) __attribute__((format(printf, 6, 7)));
/* The code of the first collected error, or 0. */
int err_collected(const sg_ctx *ctx);
/* Adds member key (v consumed) to the reply of the failure ctx->err
 * describes: the eligibility explanation of a refused bid. */
void err_attach(sg_ctx *ctx, const char *key, json_t *v);

#endif
