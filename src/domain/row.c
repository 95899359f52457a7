/* row.c — rendering rows by their column tables (row.h). */
#include "domain/row.h"

#include <assert.h>
#include <string.h>

#include "base/clock.h"
#include "base/pii.h"

enum { NAME_MASK_MAX = 256 };

json_t *row_text(db_stmt *s, int col)
{
	return db_is_null(s, col) ? json_null() : json_string(db_text(s, col));
}

int row_list_set(db *d, json_t *o, const char *key, const char *sql, int64_t id,
		 json_t *(*fn)(db_stmt *s))
{
	db_stmt *s;
	json_t *a = json_array();
	int rc = db_query(d, &s, sql, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(a, fn(s));
	json_object_set_new_nocheck(o, key, a);
	return rc < 0 ? rc : 0;
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

/* A masked rendering of text column col; null for NULL. */
static json_t *masked(db_stmt *s, int col, enum col_kind kind)
{
	if (db_is_null(s, col))
		return json_null();
	const char *v = db_text(s, col);
	size_t n = db_len(s, col);
	char id[PII_ID_MASK_SIZE], phone[PII_PHONE_MASK_SIZE], name[NAME_MASK_MAX];
	switch (kind) {
	case COL_MASKED_ID:
		pii_mask_id_number(v, n, id);
		return json_string(id);
	case COL_MASKED_PHONE:
		pii_mask_phone(v, n, phone);
		return json_string(phone);
	default:
		if (pii_mask_name(v, n, name, sizeof name) != 0)
			return json_string("*");
		return json_string(name);
	}
}

void row_render(db_stmt *s, const struct col_table *t, unsigned flags, json_t *o)
{
	for (size_t i = 1; i < t->n; i++) {
		const struct column *c = &t->cols[i];
		int col = (int)i;
		json_t *v;
		/* The invariant of SECURITY.md: a sensitive value never leaves
		 * in clear. */
		assert(c->cls != DC_SENSITIVE || c->kind >= COL_HIDDEN);
		if (c->kind == COL_HIDDEN || ((flags & ROW_PUBLIC) && c->cls != DC_PUBLIC))
			continue;
		switch (c->kind) {
		case COL_INT:
			v = row_int(s, col);
			break;
		case COL_TEXT:
			v = row_text(s, col);
			break;
		case COL_BOOL:
			v = json_boolean(db_int(s, col) != 0);
			break;
		case COL_TIME:
			v = row_time(s, col);
			break;
		default:
			v = masked(s, col, c->kind);
			break;
		}
		json_object_set_new_nocheck(o, c->key, v);
	}
}

json_t *row_object(db_stmt *s, const struct col_table *t, unsigned flags)
{
	json_t *o = json_object();
	row_render(s, t, flags, o);
	return o;
}

enum data_class row_class_of(const struct col_table *t, const char *key)
{
	for (size_t i = 1; t && i < t->n; i++)
		if (t->cols[i].key && strcmp(t->cols[i].key, key) == 0)
			return t->cols[i].cls;
	return DC_PUBLIC;
}

const char *row_class_name(enum data_class c)
{
	static const char *const names[DC__MAX] = {"public", "internal", "personal", "sensitive"};
	return c >= 0 && c < DC__MAX ? names[c] : "";
}
