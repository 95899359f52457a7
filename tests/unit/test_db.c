/* test_db.c — the database layer (store/db.h) and migrations
 * (store/migrate.h) on a temporary SQLite file. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/db.h"
#include "store/migrate.h"

struct fx {
	char dir[64];
	char path[128];
	db *d;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	sg_err err;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sg-unit-db-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	unsetenv("SHEGONG_DB_SYNC");
	if (db_open(&f->d, f->path, true, &err) != 0) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static void fx_remove_files(struct fx *f)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->d);
	fx_remove_files(f);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One integer from a query without parameters. */
static int64_t int_of(db *d, const char *sql)
{
	int64_t v = -12345;
	int rc = db_one_int(d, &v, sql, NULL);
	if (rc != 0)
		fail_msg("query failed (%d): %s", rc, sql);
	return v;
}

static const char *text_of(db *d, const char *sql, char *out, size_t cap)
{
	db_stmt *s;
	assert_int_equal(db_query(d, &s, sql, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	snprintf(out, cap, "%s", db_text(s, 0) ? db_text(s, 0) : "(null)");
	db_reset(s);
	return out;
}

static void test_open_create(void **state)
{
	struct fx *f = *state;
	sg_err err;
	db *d = (db *)1;
	char missing[200];

	assert_non_null(f->d);
	assert_string_equal(db_backend_name(f->d), "sqlite");
	assert_int_equal(db_ping(f->d), 0);
	assert_int_equal(access(f->path, F_OK), 0);

	/* without create, a missing file is refused, and the error names no path */
	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
	sg_err_clear(&err);
	assert_true(db_open(&d, missing, false, &err) < 0);
	assert_null(d);
	assert_true(err.code < 0);
	assert_null(strstr(err.msg_en, f->dir));
	assert_null(strstr(err.msg, f->dir));
	assert_int_equal(access(missing, F_OK), -1);

	/* a second connection to the same file works */
	assert_int_equal(db_open(&d, f->path, false, &err), 0);
	assert_int_equal(db_ping(d), 0);
	db_close(d);
	db_close(NULL);

	/* an unreachable PostgreSQL server is "busy" (503), with a clear error */
	sg_err_clear(&err);
	assert_int_equal(db_open(&d, "postgres://u@127.0.0.1:1/db", true, &err), SG_EBUSY);
	assert_null(d);
	assert_string_equal(err.field, "db");
}

static void test_migrate_up_and_check(void **state)
{
	struct fx *f = *state;
	sg_err err;
	int applied = -1;

	assert_true(migrate_latest() >= 1);
	/* a fresh database is not at the latest version */
	sg_err_clear(&err);
	assert_int_equal(migrate_check(f->d, &err), SG_ECONFLICT);
	assert_non_null(strstr(err.msg_en, "shegong init"));

	assert_int_equal(migrate_up(f->d, &applied, &err), 0);
	assert_true(applied >= 1);
	assert_int_equal(applied, int_of(f->d, "SELECT COUNT(*) FROM schema_migrations"));
	assert_int_equal(migrate_latest(),
			 int_of(f->d, "SELECT MAX(version) FROM schema_migrations"));
	assert_int_equal(migrate_check(f->d, &err), 0);
	assert_false(db_in_transaction(f->d));
	/* the schema is there */
	assert_int_equal(int_of(f->d,
				"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
				" AND name IN ('users', 'sessions', 'audit_log', 'audit_head')"),
			 4);

	/* a second run applies nothing */
	applied = -1;
	assert_int_equal(migrate_up(f->d, &applied, &err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_up(f->d, NULL, &err), 0);
	assert_int_equal(migrate_check(f->d, &err), 0);
	char t[32];
	assert_string_equal(text_of(f->d, "PRAGMA integrity_check", t, sizeof t), "ok");
}

/* A database written by a newer binary is refused: an older binary must not
 * write to a newer schema. */
static void test_migrate_refuses_newer(void **state)
{
	static const char sql_newer[] =
	    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)";
	struct fx *f = *state;
	sg_err err;
	int applied = -1;

	assert_int_equal(migrate_up(f->d, NULL, &err), 0);
	int64_t before = int_of(f->d, "SELECT COUNT(*) FROM schema_migrations");
	assert_int_equal(
	    db_run(f->d, sql_newer, "it", (int64_t)migrate_latest() + 1, "999_from_the_future.sql"),
	    0);
	sg_err_clear(&err);
	assert_int_equal(migrate_up(f->d, &applied, &err), SG_ECONFLICT);
	assert_int_equal(applied, 0);
	assert_int_equal(err.code, SG_ECONFLICT);
	assert_non_null(strstr(err.msg_en, "newer"));
	assert_int_equal(migrate_check(f->d, &err), SG_ECONFLICT);
	assert_int_equal(int_of(f->d, "SELECT COUNT(*) FROM schema_migrations"), before + 1);
}

/* SECURITY.md "Durability": the settings are in force on the connection. */
static void test_pragmas(void **state)
{
	struct fx *f = *state;
	char t[32];

	assert_string_equal(text_of(f->d, "PRAGMA journal_mode", t, sizeof t), "wal");
	assert_string_equal(text_of(f->d, "PRAGMA foreign_keys", t, sizeof t), "1");
	assert_string_equal(text_of(f->d, "PRAGMA synchronous", t, sizeof t), "2");
	assert_string_equal(text_of(f->d, "PRAGMA secure_delete", t, sizeof t), "1");
	assert_int_equal(int_of(f->d, "PRAGMA busy_timeout"), 5000);
}

static const char sql_t_create[] = "CREATE TABLE t (x INTEGER UNIQUE NOT NULL)";
static const char sql_t_insert[] = "INSERT INTO t (x) VALUES (?)";
static const char sql_t_count[] = "SELECT COUNT(*) FROM t";

static void test_nested_transactions(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_run(f->d, sql_t_create, NULL), 0);

	/* an inner rollback dooms the whole transaction */
	assert_false(db_in_transaction(f->d));
	assert_int_equal(db_begin(f->d), 0);
	assert_true(db_in_transaction(f->d));
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)1), 0);
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)2), 0);
	db_rollback(f->d);
	assert_true(db_in_transaction(f->d));
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)3), 0);
	assert_true(db_commit(f->d) < 0);
	assert_false(db_in_transaction(f->d));
	assert_int_equal(int_of(f->d, sql_t_count), 0);

	/* three levels, all committed: one real commit at the end */
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)10), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_true(db_in_transaction(f->d));
	/* not yet visible to another connection */
	db *other;
	sg_err err;
	assert_int_equal(db_open(&other, f->path, false, &err), 0);
	assert_int_equal(int_of(other, sql_t_count), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_false(db_in_transaction(f->d));
	assert_int_equal(int_of(other, sql_t_count), 1);
	db_close(other);

	/* a doomed transaction does not doom the next one */
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_begin(f->d), 0);
	db_rollback(f->d);
	db_rollback(f->d);
	assert_false(db_in_transaction(f->d));
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)11), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_int_equal(int_of(f->d, sql_t_count), 2);

	/* an outer rollback after inner commits undoes everything */
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)12), 0);
	assert_int_equal(db_commit(f->d), 0);
	db_rollback(f->d);
	assert_int_equal(int_of(f->d, sql_t_count), 2);

	/* an unbalanced rollback is ignored and never reaches the engine; an
	 * unbalanced commit is a bug, which db_commit asserts on */
	db_rollback(f->d);
	assert_false(db_in_transaction(f->d));
	assert_int_equal(int_of(f->d, sql_t_count), 2);
}

static void test_constraint_is_conflict(void **state)
{
	static const char sql_parent[] = "CREATE TABLE p (id INTEGER PRIMARY KEY)";
	static const char sql_child[] =
	    "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES p(id))";
	static const char sql_child_insert[] = "INSERT INTO c (p) VALUES (?)";
	struct fx *f = *state;
	uint64_t errors = db_error_count();

	assert_int_equal(db_run(f->d, sql_t_create, NULL), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)1), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)1), SG_ECONFLICT); /* UNIQUE */
	assert_int_equal(db_run(f->d, sql_t_insert, "n"), SG_ECONFLICT);	     /* NOT NULL */
	assert_true(db_error_count() >= errors + 2);
	/* foreign keys are enforced */
	assert_int_equal(db_run(f->d, sql_parent, NULL), 0);
	assert_int_equal(db_run(f->d, sql_child, NULL), 0);
	assert_int_equal(db_run(f->d, sql_child_insert, "i", (int64_t)99), SG_ECONFLICT);
	/* the statement is usable again after the error */
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)2), 0);
	assert_int_equal(int_of(f->d, sql_t_count), 2);
	/* inside a transaction the violation leaves the transaction usable */
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)3), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)3), SG_ECONFLICT);
	assert_int_equal(db_commit(f->d), 0);
	assert_int_equal(int_of(f->d, sql_t_count), 3);
	/* a syntax error is an internal error, not a conflict */
	assert_int_equal(db_run(f->d, "SELEKT 1", NULL), SG_EINTERNAL);
}

/* Named parameters beside `?`: positions count only the `?`, a name bound
 * once serves every place it appears, and a name the statement lacks is
 * no error (scope.h binds every actor name it knows). */
static void test_named_parameters(void **state)
{
	static const char sql[] = "SELECT ?, :who, ? + :who, :other";
	struct fx *f = *state;
	db_stmt *s;

	assert_int_equal(db_query(f->d, &s, sql, "ii", (int64_t)1, (int64_t)10), 0);
	assert_int_equal(db_bind_name(s, ":who", 7), 0);
	assert_int_equal(db_bind_name(s, ":absent", 9), 0);
	assert_int_equal(db_bind_name(s, ":other", 3), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 1);
	assert_int_equal(db_int(s, 1), 7);
	assert_int_equal(db_int(s, 2), 17);
	assert_int_equal(db_int(s, 3), 3);
	db_reset(s);
	/* a position past the statement's `?` is an error */
	assert_true(db_query(f->d, &s, sql, "iii", (int64_t)1, (int64_t)2, (int64_t)3) < 0);
}

/* A side write — a write transaction directly inside a read snapshot —
 * commits at its own commit: another connection sees it and can write at
 * once, while the read goes on (an export holds no write lock while it
 * builds its file). Its rollback undoes it alone. */
static void test_side_write(void **state)
{
	struct fx *f = *state;
	db *other;
	sg_err err;

	assert_int_equal(db_run(f->d, sql_t_create, NULL), 0);
	assert_int_equal(db_open(&other, f->path, false, &err), 0);
	assert_int_equal(db_begin_read(f->d), 0);
	assert_int_equal(int_of(f->d, sql_t_count), 0);
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)1), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_true(db_in_transaction(f->d));
	/* committed: seen elsewhere, and nobody waits for a lock */
	assert_int_equal(int_of(other, sql_t_count), 1);
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_run(other, sql_t_insert, "i", (int64_t)2), 0);
	assert_int_equal(db_commit(other), 0);
	/* a side write that rolls back leaves the read going */
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_run(f->d, sql_t_insert, "i", (int64_t)3), 0);
	db_rollback(f->d);
	assert_true(db_in_transaction(f->d));
	assert_int_equal(int_of(f->d, sql_t_count), 2);
	assert_int_equal(db_commit(f->d), 0);
	assert_false(db_in_transaction(f->d));
	assert_int_equal(int_of(other, sql_t_count), 2);
	db_close(other);
}

static void test_statement_cache(void **state)
{
	static const char sql_a[] = "SELECT 1";
	static const char sql_b[] = "SELECT 1"; /* same text, another address */
	struct fx *f = *state;
	db_stmt *s1, *s2, *s3;

	assert_int_equal(db_prepare(f->d, sql_a, &s1), 0);
	assert_int_equal(db_prepare(f->d, sql_a, &s2), 0);
	assert_ptr_equal(s1, s2);
	assert_int_equal(db_prepare(f->d, sql_b, &s3), 0);
	assert_ptr_not_equal(s1, s3);
	/* a cached statement comes back reset: it runs from the start */
	assert_int_equal(db_step(s1), DB_ROW);
	assert_int_equal(db_prepare(f->d, sql_a, &s2), 0);
	assert_int_equal(db_step(s2), DB_ROW);
	assert_int_equal(db_int(s2, 0), 1);
	assert_int_equal(db_step(s2), DB_DONE);
	/* and with its bindings cleared (stepping a statement with a parameter
	 * unbound is what the debug build aborts on: checked in release) */
#if !SG_DEBUG
	static const char sql_p[] = "SELECT ?";
	assert_int_equal(db_query(f->d, &s1, sql_p, "i", (int64_t)5), 0);
	assert_int_equal(db_prepare(f->d, sql_p, &s2), 0);
	assert_int_equal(db_step(s2), DB_ROW);
	assert_true(db_is_null(s2, 0));
	db_reset(s2);
#endif
	/* a statement that fails to prepare is not cached */
	static const char sql_bad[] = "SELECT FROM";
	assert_true(db_prepare(f->d, sql_bad, &s1) < 0);
	assert_null(s1);
	assert_true(db_prepare(f->d, sql_bad, &s1) < 0);
}

/* A statement being stepped stays valid while other statements are
 * prepared, even when that grows the cache (rows of one query driving
 * other queries is ordinary code). */
static void test_statement_survives_cache_growth(void **state)
{
	static const char sql_rows[] = "SELECT x FROM t ORDER BY x";
	static char sqls[300][40];
	struct fx *f = *state;
	db_stmt *outer, *inner, *again;
	int64_t seen = 0;
	size_t next = 0;

	assert_int_equal(db_run(f->d, sql_t_create, NULL), 0);
	for (int64_t i = 1; i <= 3; i++)
		assert_int_equal(db_run(f->d, sql_t_insert, "i", i), 0);
	assert_int_equal(db_query(f->d, &outer, sql_rows, NULL), 0);
	while (db_step(outer) == DB_ROW) {
		int64_t x = db_int(outer, 0);
		assert_int_equal(x, seen + 1);
		seen = x;
		/* 100 new statements per row: the cache grows several times */
		for (int k = 0; k < 100; k++, next++) {
			snprintf(sqls[next], sizeof sqls[next], "SELECT %zu + ?", next);
			assert_int_equal(db_query(f->d, &inner, sqls[next], "i", x), 0);
			assert_int_equal(db_step(inner), DB_ROW);
			assert_int_equal(db_int(inner, 0), (int64_t)next + x);
			db_reset(inner);
		}
	}
	assert_int_equal(seen, 3);
	/* every statement is still found in the cache */
	assert_int_equal(db_prepare(f->d, sql_rows, &again), 0);
	assert_ptr_equal(again, outer);
	for (size_t i = 0; i < next; i++) {
		assert_int_equal(db_prepare(f->d, sqls[i], &again), 0);
		assert_int_equal(db_bind(again, "i", (int64_t)1), 0);
		assert_int_equal(db_step(again), DB_ROW);
		assert_int_equal(db_int(again, 0), (int64_t)i + 1);
		db_reset(again);
	}
}

static void test_bind_types(void **state)
{
	static const char sql_create[] =
	    "CREATE TABLE b (i INTEGER, ii INTEGER, t TEXT, s TEXT, bl BLOB, n TEXT)";
	static const char sql_insert[] =
	    "INSERT INTO b (i, ii, t, s, bl, n) VALUES (?, ?, ?, ?, ?, ?) RETURNING rowid";
	static const char sql_read[] =
	    "SELECT i, typeof(ii), ii, typeof(t), t, s, length(s), typeof(bl), bl, typeof(n)"
	    " FROM b WHERE rowid = ?";
	static const unsigned char blob[] = {0x00, 0x01, 0xff, 0x00, 0x7f};
	struct fx *f = *state;
	int64_t row1, row2;
	db_stmt *s;

	assert_int_equal(db_run(f->d, sql_create, NULL), 0);
	/* I with 0 and t with NULL bind SQL NULL; s binds only the length given */
	assert_int_equal(db_one_int(f->d, &row1, sql_insert, "iItsbn", (int64_t)-9000000000,
				    (int64_t)0, (const char *)NULL, "hello world", (size_t)5,
				    (const void *)blob, sizeof blob),
			 0);
	/* I with a value and t with text bind them */
	assert_int_equal(db_one_int(f->d, &row2, sql_insert, "iItsbn", (int64_t)1, (int64_t)77,
				    "张三", "社工站\xf0\xa0\x80\x80",
				    strlen("社工站\xf0\xa0\x80\x80"), (const void *)"", (size_t)0),
			 0);

	assert_int_equal(db_query(f->d, &s, sql_read, "i", row1), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_int(s, 0), -9000000000);
	assert_string_equal(db_text(s, 1), "null");
	assert_true(db_is_null(s, 2));
	assert_string_equal(db_text(s, 3), "null");
	assert_null(db_text(s, 4));
	assert_string_equal(db_text(s, 5), "hello");
	assert_int_equal(db_int(s, 6), 5);
	assert_string_equal(db_text(s, 7), "blob");
	assert_int_equal(db_len(s, 8), sizeof blob);
	assert_string_equal(db_text(s, 9), "null");
	assert_int_equal(db_step(s), DB_DONE);

	assert_int_equal(db_query(f->d, &s, sql_read, "i", row2), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 1), "integer");
	assert_int_equal(db_int(s, 2), 77);
	assert_false(db_is_null(s, 2));
	assert_string_equal(db_text(s, 3), "text");
	assert_string_equal(db_text(s, 4), "张三");
	assert_string_equal(db_text(s, 5), "社工站\xf0\xa0\x80\x80");
	assert_int_equal(db_int(s, 6), 4); /* characters */
	assert_int_equal(db_len(s, 5), strlen("社工站\xf0\xa0\x80\x80"));
	db_reset(s);

	/* the blob comes back byte for byte */
	static const char sql_blob[] = "SELECT hex(bl) FROM b WHERE rowid = ?";
	assert_int_equal(db_query(f->d, &s, sql_blob, "i", row1), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 0), "0001FF007F");
	db_reset(s);

	/* s with a NULL pointer binds NULL; binding by db_bind after prepare */
	static const char sql_isnull[] = "SELECT ? IS NULL, ? IS NULL, ?";
	assert_int_equal(db_prepare(f->d, sql_isnull, &s), 0);
	assert_int_equal(db_bind(s, "sni", (const char *)NULL, (size_t)3, (int64_t)4), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 1);
	assert_int_equal(db_int(s, 1), 1);
	assert_int_equal(db_int(s, 2), 4);
	db_reset(s);

	/* a parameter index beyond the statement is an error, not a crash */
	static const char sql_one[] = "SELECT ?";
	assert_true(db_query(f->d, &s, sql_one, "ii", (int64_t)1, (int64_t)2) < 0);
	assert_null(s);

	/* db_one_int without a row */
	int64_t v = 77;
	assert_int_equal(db_one_int(f->d, &v, "SELECT 1 WHERE 0", NULL), SG_ENOTFOUND);
	assert_int_equal(v, 77);
}

static void test_exec_script(void **state)
{
	struct fx *f = *state;
	sg_err err;

	assert_int_equal(db_exec_script(f->d,
					"CREATE TABLE s1 (a TEXT); INSERT INTO s1 VALUES ('x');"
					" INSERT INTO s1 VALUES ('y');",
					&err),
			 0);
	assert_int_equal(int_of(f->d, "SELECT COUNT(*) FROM s1"), 2);
	sg_err_clear(&err);
	assert_true(db_exec_script(f->d, "INSERT INTO nosuchtable VALUES (1)", &err) < 0);
	/* the engine's message (table names, SQL) never reaches err */
	assert_null(strstr(err.msg_en, "nosuchtable"));
	assert_null(strstr(err.msg, "nosuchtable"));
	assert_null(strstr(err.msg_en, "SQLITE"));
	assert_null(strstr(err.msg_en, "INSERT"));
	assert_true(err.msg_en[0] != '\0');
}

static void expect_dialect(const char *script, const char *backend, const char *want)
{
	char *got = migrate_dialect(script, backend);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("dialect %s of\n%s\ngave\n%s\nwant\n%s", backend, script, got, want);
	free(got);
}

static void test_migrate_dialect(void **state)
{
	static const char script[] = "CREATE TABLE a (x);\n"
				     "-- @sqlite\n"
				     "CREATE TRIGGER lite;\n"
				     "-- @postgres\n"
				     "REVOKE UPDATE ON a;\n"
				     "GRANT x;\n"
				     "-- @all\n"
				     "CREATE TABLE b (y);\n"
				     "-- a plain comment stays\n"
				     "-- @postgres\n"
				     "LAST PG";

	(void)state;
	expect_dialect(script, "sqlite",
		       "CREATE TABLE a (x);\n"
		       "CREATE TRIGGER lite;\n"
		       "CREATE TABLE b (y);\n"
		       "-- a plain comment stays\n");
	expect_dialect(script, "postgres",
		       "CREATE TABLE a (x);\n"
		       "REVOKE UPDATE ON a;\n"
		       "GRANT x;\n"
		       "CREATE TABLE b (y);\n"
		       "-- a plain comment stays\n"
		       "LAST PG");
	expect_dialect("", "sqlite", "");
	expect_dialect("-- @postgres\nONLY PG\n", "sqlite", "");
	expect_dialect("no newline at the end", "sqlite", "no newline at the end");
	/* the marker must start the line */
	expect_dialect("x; -- @postgres\ny;\n", "sqlite", "x; -- @postgres\ny;\n");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_open_create),
	    T(test_migrate_up_and_check),
	    T(test_migrate_refuses_newer),
	    T(test_pragmas),
	    T(test_nested_transactions),
	    T(test_constraint_is_conflict),
	    T(test_statement_cache),
	    T(test_named_parameters),
	    T(test_side_write),
	    T(test_statement_survives_cache_growth),
	    T(test_bind_types),
	    T(test_exec_script),
	    cmocka_unit_test(test_migrate_dialect),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
