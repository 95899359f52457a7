/*
 * db_sqlite.c — the SQLite backend.
 *
 * Settings (SECURITY.md "Durability"): WAL, synchronous=FULL, foreign keys,
 * a busy timeout, secure_delete; each is read back after it is set and the
 * open fails if the engine did not take it. SHEGONG_DB_SYNC=normal trades
 * durability of the last commits on power loss for speed (benchmarks only).
 */
#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "base/mem.h"
#include "store/db_backend.h"

enum { BUSY_TIMEOUT_MS = 5000 };

/* A connection, with its transaction-control statements prepared once:
 * every GET opens and closes a read snapshot. */
enum { TX_BEGIN, TX_BEGIN_READ, TX_COMMIT, TX_ROLLBACK, TX__MAX };
static const char *const tx_sql[TX__MAX] = {"BEGIN IMMEDIATE", "BEGIN", "COMMIT", "ROLLBACK"};

struct sq_conn {
	sqlite3 *db;
	sqlite3_stmt *tx[TX__MAX];
};

static sqlite3 *handle(void *conn)
{
	return ((struct sq_conn *)conn)->db;
}

static int map_rc(sqlite3 *conn, int rc, const char *what)
{
	int prim = rc & 0xff;
	if (prim == SQLITE_OK || prim == SQLITE_DONE || prim == SQLITE_ROW)
		return 0;
	db_note_error();
	/* The engine's message can name tables and columns: it goes to the
	 * log only, never to a response. */
	log_error("database error", json_pack("{s:s,s:i,s:s}", "op", what, "rc", rc, "detail",
					      conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc)));
	if (prim == SQLITE_CONSTRAINT)
		return SG_ECONFLICT;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return SG_EBUSY;
	return SG_EINTERNAL;
}

static int pragma_text(sqlite3 *c, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(c, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (t) {
			size_t n = strlen((const char *)t);
			if (n >= cap)
				n = cap - 1;
			memcpy(out, t, n);
			out[n] = '\0';
		}
	}
	return sqlite3_finalize(st);
}

/* Before the library initialises: no global memory statistics (a mutex
 * taken on every allocation, for figures nobody reads). */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(void **out, const char *url, bool create, sg_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sq_configure);
	sqlite3 *c = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	const char *sync = getenv("SHEGONG_DB_SYNC");
	bool normal = sync && strcmp(sync, "normal") == 0;
	struct {
		const char *set, *get, *want;
	} checks[] = {
	    {"PRAGMA journal_mode=WAL", "PRAGMA journal_mode", "wal"},
	    {normal ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL", "PRAGMA synchronous",
	     normal ? "1" : "2"},
	    {"PRAGMA foreign_keys=ON", "PRAGMA foreign_keys", "1"},
	    {"PRAGMA secure_delete=ON", "PRAGMA secure_delete", "1"},
	    {"PRAGMA busy_timeout=5000", "PRAGMA busy_timeout", "5000"},
	};

	*out = NULL;
	int rc = sqlite3_open_v2(url, &c, flags, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(c);
		log_error("cannot open database", json_pack("{s:s}", "detail", sqlite3_errstr(rc)));
		return sg_err_set(err, SG_EINTERNAL, "db", NULL,
				  "无法打开数据库（文件不存在或无权限）",
				  "cannot open the database (missing file or no permission)");
	}
	sqlite3_extended_result_codes(c, 1);
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		char got[32];
		char *msg = NULL;
		rc = sqlite3_exec(c, checks[i].set, NULL, NULL, &msg);
		sqlite3_free(msg);
		if (rc == SQLITE_OK)
			rc = pragma_text(c, checks[i].get, got, sizeof got);
		if (rc != SQLITE_OK || strcmp(got, checks[i].want) != 0) {
			log_error("database setting not accepted",
				  json_pack("{s:s}", "pragma", checks[i].get));
			sqlite3_close(c);
			return sg_err_set(err, SG_EINTERNAL, "db", NULL, "数据库设置未生效",
					  "a required database setting was not accepted");
		}
	}
	struct sq_conn *sc = xcalloc(1, sizeof *sc);
	sc->db = c;
	*out = sc;
	return 0;
}

static void sq_close(void *conn)
{
	struct sq_conn *c = conn;
	if (!c)
		return;
	for (int i = 0; i < TX__MAX; i++)
		sqlite3_finalize(c->tx[i]);
	sqlite3_close(c->db);
	free(c);
}

static int sq_prepare(void *conn, const char *sql, void **stmt)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(handle(conn), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	*stmt = st;
	return map_rc(handle(conn), rc, "prepare");
}

static void sq_finalize(void *stmt)
{
	sqlite3_finalize(stmt);
}

static int sq_param_count(void *st)
{
	return sqlite3_bind_parameter_count(st);
}

static const char *sq_param_name(void *st, int idx)
{
	return sqlite3_bind_parameter_name(st, idx);
}

static int sq_bind_int(void *st, int i, int64_t v)
{
	return map_rc(sqlite3_db_handle(st), sqlite3_bind_int64(st, i, v), "bind");
}

static int sq_bind_text(void *st, int i, const char *v, size_t len)
{
	return map_rc(sqlite3_db_handle(st),
		      sqlite3_bind_text64(st, i, v, len, SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
}

static int sq_bind_blob(void *st, int i, const void *v, size_t len)
{
	return map_rc(sqlite3_db_handle(st), sqlite3_bind_blob64(st, i, v, len, SQLITE_TRANSIENT),
		      "bind");
}

static int sq_bind_null(void *st, int i, char type)
{
	(void)type;
	return map_rc(sqlite3_db_handle(st), sqlite3_bind_null(st, i), "bind");
}

static int sq_step(void *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(sqlite3_db_handle(st), rc, "step");
}

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int64_t sq_col_int(void *st, int col)
{
	return sqlite3_column_int64(st, col);
}

static const char *sq_col_text(void *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

static size_t sq_col_len(void *st, int col)
{
	return (size_t)sqlite3_column_bytes(st, col);
}

static const void *sq_col_blob(void *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);
	*len = p ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return p;
}

static bool sq_col_null(void *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL;
}

static int sq_tx(void *conn, int which)
{
	struct sq_conn *c = conn;
	int rc = SQLITE_OK;
	if (!c->tx[which])
		rc = sqlite3_prepare_v3(c->db, tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
					&c->tx[which], NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(c->tx[which]);
		sqlite3_reset(c->tx[which]);
	}
	return map_rc(c->db, rc, tx_sql[which]);
}

static int sq_begin(void *conn)
{
	return sq_tx(conn, TX_BEGIN);
}

static int sq_begin_read(void *conn)
{
	return sq_tx(conn, TX_BEGIN_READ);
}

#if SG_DEBUG
/* After a transaction ends, no statement may still be stepping: one left
 * un-reset keeps a read transaction open on its old snapshot, and this
 * connection's next BEGIN IMMEDIATE fails with SQLITE_BUSY_SNAPSHOT. */
static void assert_idle(void *conn)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(handle(conn), NULL); st;
	     st = sqlite3_next_stmt(handle(conn), st))
		if (sqlite3_stmt_busy(st)) {
			fprintf(stderr, "shegong: statement left stepping: %s\n", sqlite3_sql(st));
			abort();
		}
}
#else
#define assert_idle(conn) ((void)(conn))
#endif

static int sq_commit(void *conn)
{
	int rc = sq_tx(conn, TX_COMMIT);
	if (!rc)
		assert_idle(conn);
	return rc;
}

static int sq_rollback(void *conn)
{
	if (sqlite3_get_autocommit(handle(conn)))
		return 0; /* the engine already rolled back (e.g. after SQLITE_FULL) */
	return sq_tx(conn, TX_ROLLBACK);
}

static int sq_exec_script(void *conn, const char *sql, sg_err *err)
{
	int rc = map_rc(handle(conn), sqlite3_exec(handle(conn), sql, NULL, NULL, NULL), "script");
	if (rc)
		return sg_err_set(err, rc, NULL, NULL, "数据库脚本执行失败",
				  "a database script failed");
	return 0;
}

static int sq_backup(void *conn, const char *path, sg_err *err)
{
	sqlite3_stmt *st = NULL;
	struct stat sb;
	if (stat(path, &sb) == 0)
		return sg_err_set(err, SG_ECONFLICT, "path", NULL, "备份文件已存在",
				  "the backup file already exists");
	/* A consistent snapshot, compacted; readers and writers go on. */
	int rc = sqlite3_prepare_v2(handle(conn), "VACUUM INTO ?", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sg_err_set(err, map_rc(handle(conn), rc, "backup"), "path", NULL, "备份失败",
				  "the backup failed");
	return 0;
}

static int sq_restore(void *conn, const char *path, sg_err *err)
{
	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(handle(conn), "main", src, "main");
		if (!b) {
			rc = sqlite3_errcode(handle(conn));
		} else {
			rc = sqlite3_backup_step(b, -1);
			int fin = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? fin : rc;
		}
	}
	sqlite3_close(src);
	if (rc != SQLITE_OK)
		return sg_err_set(err, map_rc(handle(conn), rc, "restore"), "path", NULL,
				  "恢复失败（备份文件不存在或已损坏？）",
				  "the restore failed (is the backup file missing or damaged?)");
	return 0;
}

/* FTS5 phrase "…" (quotes doubled), or a GLOB prefix …* (metacharacters
 * in brackets). */
static void sq_search_arg(enum db_search kind, const char *q, sg_buf *out)
{
	if (kind == DB_SEARCH_CONTAINS) {
		buf_puts(out, "\"");
		for (const char *p = q; *p; p++)
			buf_append(out, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
		buf_puts(out, "\"");
		return;
	}
	for (const char *p = q; *p; p++) {
		if (*p == '*' || *p == '?' || *p == '[')
			buf_printf(out, "[%c]", *p);
		else
			buf_append(out, p, 1);
	}
	buf_puts(out, "*");
}

const struct db_ops db_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .param_count = sq_param_count,
    .param_name = sq_param_name,
    .finalize = sq_finalize,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_len = sq_col_len,
    .col_blob = sq_col_blob,
    .col_null = sq_col_null,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .exec_script = sq_exec_script,
    .backup = sq_backup,
    .restore = sq_restore,
    .search_sql =
	{
	    [DB_SEARCH_CONTAINS] = "$2 IN (SELECT CAST(rowid AS TEXT) FROM $3 WHERE $3 MATCH ?)",
	    [DB_SEARCH_PREFIX] = "$1 GLOB ?",
	},
    .search_arg = sq_search_arg,
};
