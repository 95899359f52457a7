/* export.c — list exports as CSV or .xlsx (export.h). */
#include "api/export.h"

#include <string.h>

#include "base/clock.h"
#include "base/sheet.h"
#include "domain/division.h"
#include "domain/scope.h"

enum { EXPORT_COLUMNS_MAX = 64 };

/* The member at a dotted path of o, or NULL. */
static const json_t *member(const json_t *o, const char *path)
{
	char part[64];
	const char *dot;
	while (o && (dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		o = json_object_get(o, part);
		path = dot + 1;
	}
	return o ? json_object_get(o, path) : NULL;
}

static int add_cell(sheet *s, const struct export_column *c, const json_t *v)
{
	if (json_is_integer(v))
		return sheet_add_int(s, json_integer_value(v));
	if (json_is_boolean(v))
		return sheet_add_text(s, json_is_true(v) ? "是" : "否");
	const char *text = json_string_value(v); /* NULL for null */
	return sheet_add_text(s, text && c->labels ? enum_zh(c->labels, text) : text);
}

/* What the export covers, for its file name: the division of the filter,
 * else the caller's one division, else 全部. */
static const char *scope_name(sg_req *r)
{
	const char *code = req_query(r, "division");
	json_t *d = NULL;
	if (code && division_get(&r->ctx, code, &d) == 0) {
		const char *name = arena_strdup(r->ctx.arena, jsonv_str(d, "name", "全部"));
		json_decref(d);
		return name;
	}
	return scope_division_name(&r->ctx);
}

int export_format_check(sg_req *r)
{
	const char *name = req_query(r, "format");
	if (sheet_format_from_name(name ? name : "xlsx") >= 0)
		return 0;
	return sg_err_set(&r->ctx.err, SG_EINVAL, "format", "R-IO-1", "格式应为 csv 或 xlsx",
			  "the format is csv or xlsx");
}

int export_render(int format, const char *title_zh, const struct export_column *cols, size_t ncols,
		  const json_t *rows, unsigned char **out, size_t *len, sg_err *err)
{
	const char *headers[EXPORT_COLUMNS_MAX];
	size_t i;
	const json_t *row;

	*out = NULL;
	*len = 0;
	if (ncols > EXPORT_COLUMNS_MAX)
		return sg_err_set(err, SG_EINTERNAL, NULL, NULL, "导出失败", "the export failed");
	for (i = 0; i < ncols; i++)
		headers[i] = cols[i].header;
	sheet *s = sheet_new(format, title_zh, headers, (int)ncols);
	if (!s)
		return sg_err_set(err, SG_EINTERNAL, NULL, NULL, "导出失败", "the export failed");
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < ncols; c++)
			add_cell(s, &cols[c], member(row, cols[c].key));
		sheet_end_row(s); /* errors are sticky: sheet_finish reports them */
	}
	int rc = sheet_finish(s, out, len, err);
	sheet_free(s);
	if (rc && err->code != rc)
		sg_err_set(err, rc, NULL, NULL, "导出失败", "the export failed");
	return rc;
}

int reply_export(sg_req *r, const char *title_zh, const char *ascii_name,
		 const struct export_column *cols, size_t ncols, const json_t *rows)
{
	const char *name = req_query(r, "format");
	int format = sheet_format_from_name(name ? name : "xlsx");
	unsigned char *data = NULL;
	size_t len = 0;

	if (format < 0)
		return sg_err_set(&r->ctx.err, SG_EINVAL, "format", "R-IO-1",
				  "格式应为 csv 或 xlsx", "the format is csv or xlsx");
	int rc = export_render(format, title_zh, cols, ncols, rows, &data, &len, &r->ctx.err);
	if (rc)
		return rc;
	char day[32];
	clock_iso(r->ctx.now, day);
	day[10] = '\0';
	const char *ext = format == SHEET_CSV ? "csv" : "xlsx";
	return reply_download_named(
	    r, sheet_content_type(format),
	    arena_printf(r->ctx.arena, "%s-%s.%s", ascii_name, day, ext),
	    arena_printf(r->ctx.arena, "%s_%s_%s.%s", title_zh, scope_name(r), day, ext),
	    (char *)data, len);
}
