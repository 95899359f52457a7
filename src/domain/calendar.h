/*
 * calendar.h — the working-day calendar: holidays (节假日, kind "holiday")
 * and make-up working days (调休上班日, kind "makeup_workday"), for the
 * deadlines counted in working days: the award's public notice (公示期,
 * R-PROC-3: N working days, default 5) and the others to come.
 *
 * Where the days come from:
 *   - national days (division_code NULL, source "chinese-days"): the State
 *     Council's yearly arrangement as the npm package chinese-days carries
 *     it, loaded by calendar_import (`shegong import holidays`, and `init`
 *     when the package is installed). A year is "imported" when the file
 *     held it; only then are its days known.
 *   - local days (source "local"): a region's own holiday or working day,
 *     for a division and everything under it, added by whoever holds
 *     PERM_CALENDAR_EDIT within their scope. The most specific day wins:
 *     a county's own day over its province's, a province's over the
 *     national one.
 *
 * A day is a working day when the most specific entry for it (the
 * division's own, then its ancestors', then the national one) says
 * "makeup_workday", or, without any entry, when it is Monday to Friday.
 * The calendar is reference data, public by nature: every signed-in role
 * reads every division's days (as it reads the divisions themselves);
 * only the writes are scoped.
 *
 * A date is text "YYYY-MM-DD" (clock_date_valid: years 1900 to 2100); a
 * division is a code of 2, 4, 6, 9 or 12 digits, or NULL for the national
 * calendar alone.
 *
 * A question about a day of a year that has not been imported never falls
 * back on weekends alone: it fails with SG_EINVAL, field "calendar"
 * (CALENDAR_FIELD), rule R-PROC-3, "该年份的节假日安排尚未导入（YYYY 年）"
 * / "the holiday calendar of this year has not been imported (YYYY)", so
 * that a caller can refuse to compute a deadline rather than compute a
 * wrong one.
 *
 * A day renders as
 *   {id, date, kind, name, name_en, source, division_code, division_name,
 *    created_by:{id, name}|null, created_at}
 * (name_en NULL for local days; division_* NULL for national ones).
 */
#ifndef SG_CALENDAR_H
#define SG_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

/* The field of the "year not imported" error. */
#define CALENDAR_FIELD "calendar"

/* Where scripts/setup installs the chinese-days package, relative to the
 * working directory (the repository for `make run`), as for divisions. */
#define HOLIDAYS_DIR_DEFAULT "data/node_modules/chinese-days/dist"
/* The package's file of every year, in that directory. */
#define HOLIDAYS_FILE "chinese-days.json"

enum {
	CALENDAR_WORKDAYS_MAX = 366, /* n of calendar_add_workdays */
	CALENDAR_SPAN_MAX = 3660,    /* days of calendar_workdays_between */
	CALENDAR_NAME_MAX = 64,	     /* characters of a day's name */
	CALENDAR_YEAR_MIN = 1900,    /* clock_date_valid's years */
	CALENDAR_YEAR_MAX = 2100,
};

/* The allowed values (GET /api/v1/meta/enums). */
extern const struct enum_def calendar_kinds;   /* "calendar.kind" */
extern const struct enum_def calendar_sources; /* "calendar.source" */
/* A day's columns and data classes. */
extern const struct col_table calendar_day_table;
/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def calendar_actions;

/* ---------------------------------------------------------- working days */

/* true when date (YYYY-MM-DD) is a working day for division code (NULL:
 * national): not a holiday, and either a weekday or a make-up working day;
 * local days of the division or of any of its ancestors override national
 * ones.
 * Returns 0 and sets *out; SG_EINVAL with field "date" (not a date),
 * "division" (not a division code) or CALENDAR_FIELD (the year has not
 * been imported); SG_EBUSY / SG_EINTERNAL when the database fails. A read:
 * it may be called inside the caller's write transaction. */
int calendar_is_workday(sg_ctx *ctx, const char *division, const char *date, bool *out);

/* The date that is n >= 1 working days after date (date itself not
 * counted): a notice published on `date` for n working days ends at the
 * end of *out. n from 1 to CALENDAR_WORKDAYS_MAX (else SG_EINVAL, field
 * "n"); *out is "YYYY-MM-DD" and NUL-terminated on success, "" on
 * failure. Errors as calendar_is_workday, CALENDAR_FIELD naming the first
 * year reached that has not been imported. */
int calendar_add_workdays(sg_ctx *ctx, const char *division, const char *date, int n, char out[11]);

/* Working days from `from` (exclusive) to `to` (inclusive); 0 when to <=
 * from. At most CALENDAR_SPAN_MAX days apart (else SG_EINVAL, field
 * "to"). Errors as calendar_is_workday (fields "from", "to"). */
int calendar_workdays_between(sg_ctx *ctx, const char *division, const char *from, const char *to,
			      int *out);

/* ------------------------------------------------------------- the API's */

/* The days of year (CALENDAR_YEAR_MIN..MAX) that apply to division (NULL:
 * the national ones): {year, division_code, imported, years:[the imported
 * years], items:[day…, each with "overridden": true when a more specific
 * day of the same date replaces it], total, next_cursor:null}, by date,
 * national first. SG_EINVAL (field "year" or "division"). */
int calendar_year(sg_ctx *ctx, int year, const char *division, json_t **out);

/* {from, n, division_code, end}: end = calendar_add_workdays (the UI's
 * countdowns). Errors as calendar_add_workdays (field "from" for the
 * date). */
int calendar_workdays(sg_ctx *ctx, const char *division, const char *from, int n, json_t **out);

/* A local day. */
struct calendar_day_new {
	const char *date, *kind, *name, *division_code;
};
/* Adds a local day for a division in the actor's scope, audited
 * "calendar.day_add"; out is the day. SG_EFORBIDDEN (PERM_CALENDAR_EDIT),
 * SG_EINVAL (field named), SG_ENOTFOUND (field "division_code": no such
 * division in the scope), SG_ECONFLICT (field "date": the division has a
 * day of that date already). */
int calendar_day_add(sg_ctx *ctx, const struct calendar_day_new *in, json_t **out);
/* Removes a local day of a division in the actor's scope, audited
 * "calendar.day_remove"; out is the day as it was. SG_EFORBIDDEN,
 * SG_ENOTFOUND (field "id": no such day, or outside the scope),
 * SG_ECONFLICT (field "id": a national day, which only the import
 * changes). */
int calendar_day_remove(sg_ctx *ctx, int64_t id, json_t **out);

/* ------------------------------------------------------------ the import */

/* What an import did to one year. */
struct calendar_import_year {
	int year;
	int holidays, makeup_workdays; /* in the file */
	int inserted, updated, removed, unchanged;
};
struct calendar_import_result {
	int n; /* years in the file, in year[0..n), oldest first */
	struct calendar_import_year year[CALENDAR_YEAR_MAX - CALENDAR_YEAR_MIN + 1];
};

/*
 * Imports the national days of the chinese-days package: path is its
 * file (dist/chinese-days.json, or one year's dist/years/YYYY.json) or a
 * directory holding HOLIDAYS_FILE (dist/, or the package itself). The file
 * is an object {"holidays":{date: "English,中文,N"}, "workdays":{…},
 * "inLieuDays":{…}}: holidays become "holiday" days, workdays
 * "makeup_workday" days (named after the holiday they make up for);
 * inLieuDays are holidays already.
 *
 * For every year the file holds, the file is the truth: its days are
 * inserted or updated, national days of that year it no longer lists are
 * removed, and the year is marked imported; other years and local days
 * are left alone. One transaction and one audit entry ("calendar.import",
 * the counts per year): a second import of the same file changes nothing.
 * SG_EINVAL (field "file") for a file that is missing, unreadable or not
 * of that shape.
 */
int calendar_import(sg_ctx *ctx, const char *path, struct calendar_import_result *out);

#endif
