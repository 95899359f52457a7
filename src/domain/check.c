/* check.c — the small checks of every write (check.h). */
#include "domain/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/codes.h"
#include "base/utf8.h"
#include "domain/scope.h"

int check_required(sg_ctx *ctx, const char *field, const char *rule, const char *v)
{
	if (!utf8_blank(v))
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 必填", "%s is required", field);
}

/* Appends the values of e (their labels when zh) to b, separated. */
static void list_values(sg_buf *b, const struct enum_def *e, bool zh)
{
	for (size_t i = 0; i < e->n; i++) {
		const char *sep = i == 0 ? "" : zh ? "、" : ", ";
		const char *v = zh ? e->values[i].zh : e->values[i].value;
		buf_append(b, sep, strlen(sep));
		if (zh)
			buf_append(b, "“", strlen("“"));
		buf_append(b, v, strlen(v));
		if (zh)
			buf_append(b, "”", strlen("”"));
	}
}

int check_enum(sg_ctx *ctx, const char *field, const char *rule, const char *v,
	       const struct enum_def *e)
{
	if (enum_index(e, v) >= 0)
		return 0;
	/* The buffers are capped below the message's size: a long list is
	 * cut (buf_append stops at the cap), never written past the end. */
	sg_buf zh, en;
	buf_init(&zh, 160);
	buf_init(&en, 160);
	list_values(&zh, e, true);
	list_values(&en, e, false);
	int rc = sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 应为 %.*s 之一",
			     "%s must be one of %.*s", field, (int)zh.len, zh.p ? zh.p : "");
	/* The formats take the same arguments: the English one is set apart. */
	snprintf(ctx->err.msg_en, sizeof ctx->err.msg_en, "%s must be one of %.*s", field,
		 (int)en.len, en.p ? en.p : "");
	buf_free(&zh);
	buf_free(&en);
	return rc;
}

int check_date(sg_ctx *ctx, const char *field, const char *rule, const char *v)
{
	if (!v || !v[0] || clock_date_valid(v))
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 应为日期 YYYY-MM-DD",
			   "%s must be a date YYYY-MM-DD", field);
}

int check_money(sg_ctx *ctx, const char *field, const char *rule, int64_t fen, int64_t max)
{
	if (fen >= 0 && fen <= max)
		return 0;
	return sg_err_setf(
	    &ctx->err, SG_EINVAL, field, rule, "%s 应为 0 至 %lld 分的金额（整数，单位：分）",
	    "%s must be an amount of 0 to %lld fen (an integer)", field, (long long)max);
}

int check_division_code(sg_ctx *ctx, const char *field, const char *v)
{
	if (v && division_code_check(v, strlen(v), NULL) == 0)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, field, "R-DIV-1",
			  "行政区划代码应为 2、4、6、9 或 12 位数字",
			  "a division code is 2, 4, 6, 9 or 12 digits");
}

static const char sql_division_in_scope[] =
    "SELECT COUNT(*) FROM divisions d WHERE d.code = ? AND " SCOPE_DIVISION("d.code");

int division_in_scope(sg_ctx *ctx, const char *code, bool *out)
{
	int64_t n = 0;
	int rc = scope_one_int(ctx, &n, sql_division_in_scope, "t", code);
	*out = !rc && n > 0;
	return rc;
}

int check_division_in_scope(sg_ctx *ctx, const char *field, const char *v)
{
	bool ok = false;
	int rc = check_division_code(ctx, field, v);
	if (!rc)
		rc = division_in_scope(ctx, v, &ok);
	if (rc)
		return rc;
	return ok ? 0
		  : sg_err_set(&ctx->err, SG_ENOTFOUND, field, "R-ROLE-1", "行政区划不存在",
			       "no such division");
}

int check_query(sg_ctx *ctx, const char *field, const char *q, int max)
{
	size_t n = q ? utf8_count(q, strlen(q)) : 0;
	if (q && (n < 1 || n > (size_t)max))
		return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-IO-1", "搜索词应为 1 至 %d 个字",
				   "the search text must be 1 to %d characters", max);
	return 0;
}

void ctx_err_reset(sg_ctx *ctx)
{
	sg_err_clear(&ctx->err);
	json_decref(ctx->err_extra);
	ctx->err_extra = NULL;
}

void err_attach(sg_ctx *ctx, const char *key, json_t *v)
{
	if (!ctx->err_extra)
		ctx->err_extra = json_object();
	json_object_set_new(ctx->err_extra, key, v);
}

int err_add(sg_ctx *ctx, int code, const char *field, const char *rule, const char *zh,
	    const char *en)
{
	json_t *list = ctx->err_extra ? json_object_get(ctx->err_extra, "errors") : NULL;
	if (!list) {
		sg_err_set(&ctx->err, code, field, rule, zh, en);
		list = json_array();
		err_attach(ctx, "errors", list);
	}
	json_array_append_new(list,
			      json_pack("{s:s,s:s,s:s,s:s}", "field", field ? field : "", "rule",
					rule ? rule : "", "message", zh, "message_en", en));
	return code;
}

int err_addf(sg_ctx *ctx, int code, const char *field, const char *rule, const char *fmt_zh,
	     const char *fmt_en, ...)
{
	sg_err e;
	va_list ap;
	va_start(ap, fmt_en);
	sg_err_vsetf(&e, code, NULL, NULL, fmt_zh, fmt_en, ap);
	va_end(ap);
	return err_add(ctx, code, field, rule, e.msg, e.msg_en);
}

int err_collected(const sg_ctx *ctx)
{
	return ctx->err_extra && json_object_get(ctx->err_extra, "errors") ? ctx->err.code : 0;
}
