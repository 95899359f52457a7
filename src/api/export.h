/*
 * export.h — "export the list" replies (R-IO-2): rows rendered as a list
 * renders them, written as CSV or .xlsx (base/sheet.h).
 *
 * A module names its columns once: the header, the member of the
 * rendered row (a dotted path for a nested object, "operator.name"), and
 * the enum_def whose Chinese labels replace stored values. Booleans are
 * 是 / 否, so no raw code or English word reaches a Chinese export.
 */
#ifndef SG_EXPORT_H
#define SG_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "domain/enums.h"
#include "http/request.h"

struct export_column {
	const char *header;	       /* "名称 Name" */
	const char *key;	       /* member, or dotted path */
	const struct enum_def *labels; /* NULL: the value as it is */
};

/* Checks ?format= before the rows are read (and the export audited):
 * 0, or SG_EINVAL (field "format"). */
int export_format_check(sg_req *r);

/* Renders rows (borrowed) as a file of format (enum sheet_format) with a
 * title: *out (malloc'd) and *len. For the replies below and the command
 * line's `shegong export`. */
int export_render(int format, const char *title_zh, const struct export_column *cols, size_t ncols,
		  const json_t *rows, unsigned char **out, size_t *len, sg_err *err);

/* Replies with rows (an array of objects, borrowed) as a file in the
 * format of ?format= (csv or xlsx, default xlsx), titled title_zh, saved
 * as ascii_name-YYYY-MM-DD.csv|xlsx. Returns 0 after replying, or a
 * negative code with r->ctx.err filled (SG_EINVAL, field "format"). */
int reply_export(sg_req *r, const char *title_zh, const char *ascii_name,
		 const struct export_column *cols, size_t ncols, const json_t *rows);

/* The columns of the exports the command line also writes
 * (`shegong export projects`). */
extern const struct export_column project_export_columns[];
extern const size_t project_export_columns_count;

#endif
