/*
 * row.h — a table's columns declared once, and rendering a row by them.
 *
 * A module lists the columns of what it reads in one X-macro, each row
 *
 *   X(ST_NAME, "s.name", "name", COL_TEXT, DC_PUBLIC)
 *
 * naming the column's number, its SQL, its JSON member, how it renders and
 * its data class (SECURITY.md "Personal data"). From that one list come,
 * at compile time, the enum of column numbers (COLUMN_ENUM), the SELECT
 * list (COLUMNS_SELECT) and the table (COLUMNS_TABLE) that row_render()
 * walks — so no literal column number remains, and the data class of a
 * column decides, without a second edit anywhere, that
 *   - a sensitive column is never rendered in clear (it must be masked or
 *     hidden: row_render asserts it),
 *   - personal and sensitive values are redacted from audit entries
 *     (audit_append_row),
 *   - a public projection (ROW_PUBLIC, for the public portal) holds public
 *     columns only.
 *
 *   #define STATION_COLUMNS(X) \
 *       X(ST_ID, "s.id", "id", COL_INT, DC_PUBLIC) \
 *       X(ST_NAME, "s.name", "name", COL_TEXT, DC_PUBLIC)
 *   enum { ST__FIRST, STATION_COLUMNS(COLUMN_ENUM) ST__MAX };
 *   static const char sql_get[] =
 *       "SELECT " COLUMNS_SELECT(STATION_COLUMNS) " FROM stations s WHERE …";
 *   static const struct col_table station_table =
 *       COLUMNS_TABLE("station", STATION_COLUMNS, ST__MAX);
 *
 * The select list starts with a constant (column 0), so the first declared
 * column is number 1, as its enum says.
 */
#ifndef SG_ROW_H
#define SG_ROW_H

#include <jansson.h>
#include <stddef.h>

#include "store/db.h"

/* SECURITY.md "Personal data": every column carries one. */
enum data_class {
	DC_PUBLIC,    /* may be published (the portal, open data) */
	DC_INTERNAL,  /* staff within the scope */
	DC_PERSONAL,  /* about a person: never published, never audited */
	DC_SENSITIVE, /* ID numbers, phones, health…: masked, encrypted */
	DC__MAX
};

enum col_kind {
	COL_INT,	  /* integer, or null */
	COL_TEXT,	  /* text, or null */
	COL_BOOL,	  /* 0/1 as false/true */
	COL_TIME,	  /* UTC epoch milliseconds as ISO-8601, or null */
	COL_HIDDEN,	  /* read by the module (a key, a type), never rendered */
	COL_MASKED_ID,	  /* a resident ID number, rendered 500110********1231 */
	COL_MASKED_PHONE, /* a phone number, rendered 138****5678 */
	COL_MASKED_NAME,  /* a person's name, rendered 张* */
	COL__MAX
};

struct column {
	const char *sql; /* select expression */
	const char *key; /* JSON member */
	enum col_kind kind;
	enum data_class cls;
};

struct col_table {
	const char *object; /* what a row is ("station"): the audit object type */
	const struct column *cols;
	size_t n; /* including the leading constant, cols[0] */
};

#define COLUMN_ENUM(name, sql, key, kind, cls) name,
#define COLUMN_SQL(name, sql, key, kind, cls)  ", " sql
#define COLUMN_ROW(name, sql, key, kind, cls)  {sql, key, kind, cls},
/* The select list of a column list: "1, s.id, s.name". */
#define COLUMNS_SELECT(list) "1" list(COLUMN_SQL)
/* The struct col_table of a column list whose enum ends at max. */
#define COLUMNS_TABLE(object, list, max)                                                           \
	{                                                                                          \
		object,                                                                            \
		    (const struct column[max]){{"1", NULL, COL_HIDDEN, DC_INTERNAL},               \
					       list(COLUMN_ROW)},                                  \
		    max                                                                            \
	}

enum row_flags {
	ROW_PUBLIC = 1, /* public columns only (the public projection) */
};

/* Sets into o one member per rendered column of the current row of s,
 * which selects t's columns in t's order (extra columns after them are
 * left alone). */
void row_render(db_stmt *s, const struct col_table *t, unsigned flags, json_t *o);
/* A new object rendered by row_render. */
json_t *row_object(db_stmt *s, const struct col_table *t, unsigned flags);
/* The data class of member key in t; DC_PUBLIC when t has no such
 * member (members a module adds itself, such as nested references). */
enum data_class row_class_of(const struct col_table *t, const char *key);
/* The name of a data class: "public", "internal", "personal", "sensitive". */
const char *row_class_name(enum data_class c);

/* The text of column col, or null. */
json_t *row_text(db_stmt *s, int col);
/* The integer of column col, or null. */
json_t *row_int(db_stmt *s, int col);
/* The time in column col as "2026-11-28T01:16:00.123Z", or null. */
json_t *row_time(db_stmt *s, int col);

/* Sets o[key] to an array of fn(s), one per row of sql run with the one
 * integer id (a detail's list: a project's items, a plan's areas).
 * Returns 0 or the failing code; o[key] is set either way. */
int row_list_set(db *d, json_t *o, const char *key, const char *sql, int64_t id,
		 json_t *(*fn)(db_stmt *s));

#endif
