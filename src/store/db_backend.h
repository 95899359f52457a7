/*
 * db_backend.h — what a database backend implements (private to
 * src/store). Statements are opaque to db.c; the backend maps its own
 * result codes onto SG_E* codes and logs engine messages (never returned to
 * callers, because they can name tables and columns).
 */
#ifndef SG_DB_BACKEND_H
#define SG_DB_BACKEND_H

#include "base/buf.h"
#include "store/db.h"

struct db_ops {
	const char *name;
	int (*open)(void **conn, const char *url, bool create, sg_err *err);
	void (*close)(void *conn);
	int (*prepare)(void *conn, const char *sql, void **stmt);
	void (*finalize)(void *stmt);
	int (*bind_int)(void *stmt, int idx, int64_t v);
	int (*bind_text)(void *stmt, int idx, const char *v, size_t len);
	int (*bind_blob)(void *stmt, int idx, const void *v, size_t len);
	/* type: 'i' an integer, 't' a text, 'n' unknown — typed engines
	 * (PostgreSQL) declare parameter types from the bindings. */
	int (*bind_null)(void *stmt, int idx, char type);
	/* Parameters: their number, and the name of parameter idx (1-based)
	 * with its ':' ("actor_uid" is ":actor_uid"), NULL for a `?`. */
	int (*param_count)(void *stmt);
	const char *(*param_name)(void *stmt, int idx);
	int (*step)(void *stmt);
	void (*reset)(void *stmt);
	int64_t (*col_int)(void *stmt, int col);
	const char *(*col_text)(void *stmt, int col);
	size_t (*col_len)(void *stmt, int col);
	const void *(*col_blob)(void *stmt, int col, size_t *len);
	bool (*col_null)(void *stmt, int col);
	int (*begin)(void *conn);
	int (*begin_read)(void *conn); /* NULL: reads need no transaction */
	int (*commit)(void *conn);
	int (*rollback)(void *conn);
	int (*exec_script)(void *conn, const char *sql, sg_err *err);
	int (*backup)(void *conn, const char *path, sg_err *err);
	int (*restore)(void *conn, const char *path, sg_err *err);
	/* NULL: bulk loads need nothing (db.h). */
	int (*bulk_begin)(void *conn, const char *table);
	int (*bulk_end)(void *conn);
	/* Text search (db.h): the expansion of each token, with $1, $2, $3
	 * standing for its words and one `?`, and the value bound to it
	 * (appended to out). */
	const char *search_sql[DB_SEARCH__MAX];
	void (*search_arg)(enum db_search kind, const char *q, sg_buf *out);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pgsql_ops;

/* Counts an error for /metrics; called by backends. */
void db_note_error(void);

#endif
