/* row.c — columns as JSON values (row.h). */
#include "domain/row.h"

#include "base/clock.h"

json_t *row_text(db_stmt *s, int col)
{
	return db_is_null(s, col) ? json_null() : json_string(db_text(s, col));
}

json_t *row_int(db_stmt *s, int col)
{
	return db_is_null(s, col) ? json_null() : json_integer(db_int(s, col));
}

json_t *row_time(db_stmt *s, int col)
{
	char at[32];
	if (db_is_null(s, col))
		return json_null();
	clock_iso(db_int(s, col), at);
	return json_string(at);
}
