/*
 * db.h — the one database API of shegong.
 *
 * Domain code talks to SQLite and PostgreSQL through these calls only; the
 * backends (db_sqlite.c, and db_pgsql.c later) sit behind a small vtable
 * (db_backend.h). SQL is written once, with `?` placeholders, in the common
 * subset of both engines; dialect differences (placeholders, DDL types,
 * triggers) are the backend's business.
 *
 * A connection belongs to one thread. Prepared statements are cached per
 * connection, keyed by the address of the SQL string, so modules keep their
 * SQL in static tables and each statement is prepared once.
 *
 * Binding by format string: db_bind(s, "itsbn", …) with
 *   i  int64_t                 (cast literals: (int64_t)1)
 *   I  int64_t                 0 binds SQL NULL (optional references)
 *   t  const char *            NUL-terminated text; NULL binds SQL NULL
 *   s  const char *, size_t    text with a length
 *   b  const void *, size_t    blob; NULL binds SQL NULL
 *   n  (no argument)           SQL NULL
 *
 * Named parameters. Besides `?`, a statement may hold `:name` parameters
 * (letters, digits, '_'), which db_bind_name binds; the same name may
 * appear several times and is bound once. db_bind's positions count only
 * the `?`, so "… WHERE id = ? AND :actor_uid = … AND tier = ?" binds "it"
 * (id, tier) with db_bind and :actor_uid by name. domain/scope.h binds
 * the actor's scope this way. Both engines number parameters alike (a `?`
 * takes the next number, a name the next one where it first appears);
 * the PostgreSQL backend rewrites both forms to $n.
 *
 * Every parameter must be bound before the first step: in debug builds
 * (SG_DEBUG, the sanitizer build) a statement whose bindings do not match
 * its placeholders aborts naming its SQL.
 */
#ifndef SG_DB_H
#define SG_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_step_result { DB_DONE = 0, DB_ROW = 1 };

/* Opens url: a file path (SQLite) or postgres://… (PostgreSQL). With
 * create, a missing SQLite file is created. Returns 0 or a negative code with err filled. */
int db_open(db **out, const char *url, bool create, sg_err *err);
/* true for a PostgreSQL URL (postgres://, postgresql://), false for a
 * SQLite file path. */
bool db_is_url(const char *url);
/* Finalizes cached statements and closes; NULL is a no-op. */
void db_close(db *d);
/* "sqlite" or "postgres". */
const char *db_backend_name(const db *d);

/* A cached statement for sql, reset and with bindings cleared. The
 * statement belongs to the connection: do not free it. */
int db_prepare(db *d, const char *sql, db_stmt **out);
int db_bind(db_stmt *s, const char *types, ...);
/* As db_bind, from parameter number first (1-based): for statements that
 * repeat a group of parameters, e.g. a multi-row INSERT … VALUES (?, ?),
 * (?, ?), … bound one row at a time. */
int db_bind_from(db_stmt *s, int first, const char *types, ...);
/* DB_ROW, DB_DONE, or a negative code: SG_ECONFLICT for a constraint
 * violation, SG_EBUSY when the database is busy or unreachable,
 * SG_EINTERNAL otherwise. The statement is reset automatically after
 * DB_DONE or an error. */
int db_step(db_stmt *s);
/* Reset early (before DB_DONE), e.g. after reading a single row. */
void db_reset(db_stmt *s);

int64_t db_int(db_stmt *s, int col);
/* Text of a column, NUL-terminated, valid until the next step or reset;
 * NULL for SQL NULL. */
const char *db_text(db_stmt *s, int col);
size_t db_len(db_stmt *s, int col);
/* Bytes of a blob column and their number in *len; NULL (and *len 0) for
 * SQL NULL. Valid until the next db_blob, step or reset. */
const void *db_blob(db_stmt *s, int col, size_t *len);
bool db_is_null(db_stmt *s, int col);

/* Binds the named parameter name (":actor_uid") to v when the statement
 * has it; 0 when it has not (scope.h binds every actor name it knows),
 * else the bind's result. */
int db_bind_name(db_stmt *s, const char *name, int64_t v);

/* prepare + bind in one call; the caller steps. */
int db_query(db *d, db_stmt **out, const char *sql, const char *types, ...);
/* As db_query, with the arguments in ap. */
int db_vquery(db *d, db_stmt **out, const char *sql, const char *types, va_list ap);
/* prepare + bind + step to the end. Returns 0 or a negative code. */
int db_run(db *d, const char *sql, const char *types, ...);
/* Runs a query expected to return one integer (e.g. COUNT or RETURNING
 * id). SG_ENOTFOUND when it returns no row. */
int db_one_int(db *d, int64_t *out, const char *sql, const char *types, ...);

/* Transactions. db_begin starts a write transaction (SQLite: BEGIN
 * IMMEDIATE, so writers queue at the start instead of failing at commit).
 * Nesting is counted: only the outermost begin/commit reach the database,
 * and a rollback at any depth makes the outermost commit roll back. */
int db_begin(db *d);
/* A read snapshot: the reads until the matching db_commit see one state
 * of the database, and cost one lock instead of one per statement.
 * (PostgreSQL: no transaction is opened for reading; each statement sees
 * committed data.)
 *
 * A side write: a db_begin directly inside a read snapshot (a session's
 * last-seen time, an audited refusal, an export's audit entry) ends the
 * snapshot and begins a write transaction — an engine cannot always turn
 * a snapshot into a writer — and its matching db_commit commits it at
 * once and begins a new read snapshot, so that the rest of the read (the
 * 100,000 rows of an export) holds no write lock. Its db_rollback undoes
 * the side write alone. The reads after it see the database as of then. */
int db_begin_read(db *d);
int db_commit(db *d);
void db_rollback(db *d);
bool db_in_transaction(const db *d);

/* Runs a script of several statements without parameters (migrations). */
int db_exec_script(db *d, const char *sql, sg_err *err);

/* Writes a consistent copy of the database to path (which must not
 * exist) while it stays in use: SQLite VACUUM INTO, PostgreSQL pg_dump
 * in its custom format. */
int db_backup(db *d, const char *path, sg_err *err);
/* Replaces the database's contents with the copy at path (SQLite: the
 * online backup API; PostgreSQL: pg_restore --clean). Servers using the
 * database must be stopped first. */
int db_restore(db *d, const char *path, sg_err *err);

/*
 * Text search. The two engines answer "name contains 綦江区" from
 * different indexes with different SQL, so a statement names the search
 * with a token that the backend expands when it prepares the statement
 * (once per connection: the statement stays one static string, cached by
 * its address). Each token holds exactly one `?`, bound to the text
 * db_search_arg() makes from the user's words:
 *
 *   {contains COL KEY FTS}  column COL contains the text (case-insensitive),
 *       from a trigram index. The schema declares both:
 *       SQLite      KEY IN (SELECT CAST(rowid AS TEXT) FROM FTS
 *                           WHERE FTS MATCH ?)
 *                   FTS: an FTS5 table (tokenize='trigram') over COL whose
 *                   rowid is the row's KEY as an integer (an INTEGER key,
 *                   or a code of digits without leading zeros);
 *                   ? is a phrase, "…"
 *       PostgreSQL  COL ILIKE ?      (a GIN gin_trgm_ops index on COL);
 *                   ? is %…% with \ escapes
 *       Trigram indexes need at least 3 characters: with fewer, FTS5
 *       matches nothing and pg_trgm scans the whole index. Search shorter
 *       text with {prefix}.
 *   {prefix COL}            column COL starts with the text (case-sensitive),
 *       from a b-tree index:
 *       SQLite      COL GLOB ?       (an index on COL; ? is …* with the
 *                                     GLOB metacharacters bracketed)
 *       PostgreSQL  COL LIKE ?       (an index on COL text_pattern_ops;
 *                                     ? is …% with \ escapes)
 *
 * Tokens are recognised only in this exact form ("{contains " or
 * "{prefix " up to the next "}"); other SQL text is left alone.
 */
enum db_search { DB_SEARCH_CONTAINS, DB_SEARCH_PREFIX, DB_SEARCH__MAX };
/* The value to bind to a search token's `?` for the user's text q,
 * allocated from a. */
const char *db_search_arg(db *d, enum db_search kind, const char *q, sg_arena *a);

/* A bulk load of table, inside a write transaction: between db_bulk_begin
 * and db_bulk_end the backend may set aside what is cheaper to build once
 * than to maintain row by row. PostgreSQL, when the role owns the table,
 * drops its secondary indexes (the GIN trigram index above all) and its
 * foreign keys, and db_bulk_end puts them back (the keys checked in one
 * pass), holding the table's exclusive lock until the commit; another role
 * loads row by row. SQLite does nothing. A rollback restores everything. */
int db_bulk_begin(db *d, const char *table);
int db_bulk_end(db *d);

/* 0 when the database answers a trivial query. */
int db_ping(db *d);

/* Number of database errors since start (for /metrics). */
uint64_t db_error_count(void);

#endif
