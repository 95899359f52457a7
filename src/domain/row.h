/*
 * row.h — a column of the current row as a JSON value, the way every
 * domain module renders its objects: SQL NULL as null, times (UTC epoch
 * milliseconds, DESIGN.md) as ISO-8601 strings.
 */
#ifndef SG_ROW_H
#define SG_ROW_H

#include <jansson.h>

#include "store/db.h"

/* The text of column col, or null. */
json_t *row_text(db_stmt *s, int col);
/* The integer of column col, or null. */
json_t *row_int(db_stmt *s, int col);
/* The time in column col as "2026-11-28T01:16:00.123Z", or null. */
json_t *row_time(db_stmt *s, int col);

#endif
