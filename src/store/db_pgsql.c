/*
 * db_pgsql.c — the PostgreSQL backend, over libpq.
 *
 * - Placeholders: `?` becomes `$n` (outside string literals).
 * - Statements are prepared on first execution, with parameter types taken
 *   from the bindings (int8, text, bytea), so `? IS NULL` and `LIMIT ?` need
 *   no casts in the shared SQL.
 * - Results are read whole (PQexecPrepared); db_step walks the rows.
 * - A lost connection is reset on the next call; while the server is away
 *   calls fail with SG_EBUSY (the API answers 503 with Retry-After), and
 *   statements are prepared again on the new connection.
 * - Each connection runs with a statement timeout (SHEGONG_PG_TIMEOUT_MS,
 *   default 30000) in UTC.
 * - Migrations: types of the shared DDL are rewritten (INTEGER → BIGINT,
 *   INTEGER PRIMARY KEY → identity, BLOB → BYTEA, STRICT dropped).
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/proc.h"
#include "store/db_backend.h"

enum { OID_BYTEA = 17, OID_INT8 = 20, OID_TEXT = 25 };

struct pg_conn {
	PGconn *pg;
	char *url;	     /* for pg_dump and pg_restore */
	unsigned generation; /* bumped by every reconnect */
	unsigned next_name;
	int timeout_ms;
	char *bulk_indexes; /* what db_bulk_end runs: indexes and foreign keys back */
};

struct pg_stmt {
	struct pg_conn *c;
	char *sql; /* with $n placeholders */
	int nparams;
	char **names; /* of each parameter, ":name", or NULL for a `?` */
	char name[24];
	unsigned prepared_gen; /* 0: not prepared on the current connection */
	unsigned *types, *prepared_types;
	char **values;
	int *lengths, *formats;
	PGresult *res;
	int row, nrows;
	unsigned char *blob; /* the last db_blob, decoded (PQunescapeBytea) */
};

static int pg_fail(struct pg_conn *c, PGresult *res, const char *op)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	bool lost = PQstatus(c->pg) != CONNECTION_OK;

	db_note_error();
	/* Only the primary message: DETAIL can quote the values of a row. */
	log_error("database error",
		  json_pack("{s:s,s:s,s:s,s:s}", "op", op, "sqlstate", state ? state : "", "detail",
			    primary ? primary
			    : lost  ? "connection lost"
				    : "",
			    "constraint", constraint ? constraint : ""));
	if (lost || !state)
		return SG_EBUSY;
	if (strncmp(state, "23", 2) == 0)
		return SG_ECONFLICT;
	/* serialization failures, deadlocks, timeouts, shutdowns, no room */
	if (strncmp(state, "40", 2) == 0 || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "53", 2) == 0 || strncmp(state, "57", 2) == 0)
		return SG_EBUSY;
	return SG_EINTERNAL;
}

static bool pg_ok(PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static int pg_simple(struct pg_conn *c, const char *sql)
{
	PGresult *res = PQexec(c->pg, sql);
	int rc = pg_ok(res) ? 0 : pg_fail(c, res, sql);
	PQclear(res);
	return rc;
}

/* Server notices ("relation already exists, skipping") are not for users. */
static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_session_setup(struct pg_conn *c)
{
	PQsetNoticeProcessor(c->pg, pg_notice, NULL);
	char sql[96];
	snprintf(sql, sizeof sql, "SET statement_timeout = %d; SET TIME ZONE 'UTC'", c->timeout_ms);
	return pg_simple(c, sql);
}

/* Reconnects when the connection was lost. SG_EBUSY while the server is
 * away. */
static int pg_ensure(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return 0;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		db_note_error();
		log_warn("database unreachable", json_pack("{s:s}", "backend", "postgres"));
		return SG_EBUSY;
	}
	c->generation++;
	log_info("database reconnected", json_pack("{s:s}", "backend", "postgres"));
	return pg_session_setup(c);
}

static int pg_open(void **out, const char *url, bool create, sg_err *err)
{
	(void)create; /* a PostgreSQL database is created by its administrator */
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *vals[] = {"5", "shegong", url, NULL};
	const char *t = getenv("SHEGONG_PG_TIMEOUT_MS");
	struct pg_conn *c = xcalloc(1, sizeof *c);

	*out = NULL;
	c->timeout_ms = t && *t ? (int)strtol(t, NULL, 10) : 30000;
	if (c->timeout_ms <= 0)
		c->timeout_ms = 30000;
	c->generation = 1;
	c->url = xstrdup(url);
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's message can echo the URL with its password. */
		log_error("cannot connect to the database",
			  json_pack("{s:s}", "backend", "postgres"));
		PQfinish(c->pg);
		free(c->url);
		free(c);
		return sg_err_set(err, SG_EBUSY, "db", NULL, "无法连接数据库服务器",
				  "cannot connect to the database server");
	}
	if (PQclientEncoding(c->pg) != 6 /* PG_UTF8 */ && PQsetClientEncoding(c->pg, "UTF8") != 0) {
		PQfinish(c->pg);
		free(c->url);
		free(c);
		return sg_err_set(err, SG_EINTERNAL, "db", NULL, "数据库编码须为 UTF-8",
				  "the database connection must use UTF-8");
	}
	if (pg_session_setup(c) != 0) {
		PQfinish(c->pg);
		free(c->url);
		free(c);
		return sg_err_set(err, SG_EINTERNAL, "db", NULL, "数据库会话设置失败",
				  "the database session could not be set up");
	}
	*out = c;
	return 0;
}

static void pg_close(void *conn)
{
	struct pg_conn *c = conn;
	if (!c)
		return;
	PQfinish(c->pg);
	free(c->url);
	free(c->bulk_indexes);
	free(c);
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* `?` → `$n` and `:name` → `$n` outside '...' literals, numbered as
 * SQLite numbers them: a `?` takes the next number, a name the next one
 * the first time it appears and the same one after that (`::`, a cast,
 * is no name). *n receives the count, *names (malloc'd, n entries) the
 * name of each ("?" entries NULL). */
static char *placeholders(const char *sql, int *n, char ***names)
{
	sg_buf b;
	bool quoted = false;
	size_t cap = 0;

	buf_init(&b, (size_t)-1);
	*n = 0;
	*names = NULL;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (!quoted && p[0] == ':' && p[1] == ':') {
			buf_append(&b, p, 2);
			p++;
			continue;
		}
		bool named = !quoted && *p == ':' && ident_char(p[1]);
		if (quoted || (*p != '?' && !named)) {
			buf_append(&b, p, 1);
			continue;
		}
		const char *end = p + 1;
		while (named && ident_char(*end))
			end++;
		int k = 0;
		for (int i = 0; named && i < *n && !k; i++)
			if ((*names)[i] && strlen((*names)[i]) == (size_t)(end - p) &&
			    memcmp((*names)[i], p, (size_t)(end - p)) == 0)
				k = i + 1;
		if (!k) {
			if ((size_t)*n == cap) {
				cap = cap ? 2 * cap : 16;
				*names = xrealloc(*names, cap * sizeof **names);
			}
			(*names)[*n] = named ? xstrndup(p, (size_t)(end - p)) : NULL;
			k = ++*n;
		}
		buf_printf(&b, "$%d", k);
		p = end - 1;
	}
	return b.p ? b.p : xstrdup("");
}

static int pg_param_count(void *stmt)
{
	return ((struct pg_stmt *)stmt)->nparams;
}

static const char *pg_param_name(void *stmt, int idx)
{
	struct pg_stmt *s = stmt;
	return idx >= 1 && idx <= s->nparams ? s->names[idx - 1] : NULL;
}

static int pg_prepare(void *conn, const char *sql, void **out)
{
	struct pg_conn *c = conn;
	struct pg_stmt *s = xcalloc(1, sizeof *s);
	s->c = c;
	s->sql = placeholders(sql, &s->nparams, &s->names);
	int n = s->nparams ? s->nparams : 1;
	s->types = xcalloc((size_t)n, sizeof *s->types);
	s->prepared_types = xcalloc((size_t)n, sizeof *s->prepared_types);
	s->values = xcalloc((size_t)n, sizeof *s->values);
	s->lengths = xcalloc((size_t)n, sizeof *s->lengths);
	s->formats = xcalloc((size_t)n, sizeof *s->formats);
	s->row = -1;
	*out = s;
	return 0;
}

static void clear_values(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
	}
}

static void pg_reset(void *stmt)
{
	struct pg_stmt *s = stmt;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	clear_values(s);
}

static void pg_finalize(void *stmt)
{
	struct pg_stmt *s = stmt;
	pg_reset(s);
	free(s->sql);
	for (int i = 0; i < s->nparams; i++)
		free(s->names[i]);
	free(s->names);
	free(s->types);
	free(s->prepared_types);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s);
}

static int slot(struct pg_stmt *s, int idx)
{
	if (idx < 1 || idx > s->nparams)
		return -1;
	free(s->values[idx - 1]);
	s->values[idx - 1] = NULL;
	return idx - 1;
}

static int pg_bind_int(void *stmt, int idx, int64_t v)
{
	struct pg_stmt *s = stmt;
	char text[24];
	int i = slot(s, idx);
	if (i < 0)
		return SG_EINTERNAL;
	int n = snprintf(text, sizeof text, "%lld", (long long)v);
	s->values[i] = xstrndup(text, (size_t)n);
	s->types[i] = OID_INT8;
	return 0;
}

static int pg_bind_text(void *stmt, int idx, const char *v, size_t len)
{
	struct pg_stmt *s = stmt;
	int i = slot(s, idx);
	if (i < 0 || memchr(v, '\0', len))
		return SG_EINTERNAL; /* text parameters cannot carry NUL */
	s->values[i] = xstrndup(v, len);
	s->types[i] = OID_TEXT;
	return 0;
}

static int pg_bind_blob(void *stmt, int idx, const void *v, size_t len)
{
	struct pg_stmt *s = stmt;
	int i = slot(s, idx);
	if (i < 0 || len > (size_t)1 << 30)
		return SG_EINTERNAL;
	s->values[i] = xmalloc(len ? len : 1);
	memcpy(s->values[i], v, len);
	s->lengths[i] = (int)len;
	s->formats[i] = 1;
	s->types[i] = OID_BYTEA;
	return 0;
}

static int pg_bind_null(void *stmt, int idx, char type)
{
	struct pg_stmt *s = stmt;
	int i = slot(s, idx);
	if (i < 0)
		return SG_EINTERNAL;
	s->types[i] = type == 'i' ? OID_INT8 : type == 't' ? OID_TEXT : 0;
	return 0;
}

static int pg_step(void *stmt)
{
	struct pg_stmt *s = stmt;
	struct pg_conn *c = s->c;
	int rc;

	if (s->res) {
		s->row++;
		return s->row < s->nrows ? DB_ROW : DB_DONE;
	}
	if ((rc = pg_ensure(c)))
		return rc;
	size_t tsize = (size_t)s->nparams * sizeof *s->types;
	if (s->prepared_gen != c->generation ||
	    (tsize && memcmp(s->types, s->prepared_types, tsize) != 0)) {
		snprintf(s->name, sizeof s->name, "sg%u", ++c->next_name);
		PGresult *res = PQprepare(c->pg, s->name, s->sql, s->nparams, s->types);
		if (!pg_ok(res)) {
			rc = pg_fail(c, res, "prepare");
			PQclear(res);
			return rc;
		}
		PQclear(res);
		s->prepared_gen = c->generation;
		if (tsize)
			memcpy(s->prepared_types, s->types, tsize);
	}
	s->res = PQexecPrepared(c->pg, s->name, s->nparams, (const char *const *)s->values,
				s->lengths, s->formats, 0);
	if (!pg_ok(s->res)) {
		rc = pg_fail(c, s->res, "step");
		PQclear(s->res);
		s->res = NULL;
		return rc;
	}
	s->nrows = PQntuples(s->res);
	s->row = 0;
	return s->nrows > 0 ? DB_ROW : DB_DONE;
}

static int64_t pg_col_int(void *stmt, int col)
{
	struct pg_stmt *s = stmt;
	return strtoll(PQgetvalue(s->res, s->row, col), NULL, 10);
}

static bool pg_col_null(void *stmt, int col)
{
	struct pg_stmt *s = stmt;
	return PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(void *stmt, int col)
{
	struct pg_stmt *s = stmt;
	return pg_col_null(s, col) ? NULL : PQgetvalue(s->res, s->row, col);
}

static size_t pg_col_len(void *stmt, int col)
{
	struct pg_stmt *s = stmt;
	return (size_t)PQgetlength(s->res, s->row, col);
}

/* Results come in text form, where a bytea is "\\x" and hex digits. */
static const void *pg_col_blob(void *stmt, int col, size_t *len)
{
	struct pg_stmt *s = stmt;
	*len = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	if (pg_col_null(s, col))
		return NULL;
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, col), len);
	return s->blob;
}

static int pg_begin(void *conn)
{
	struct pg_conn *c = conn;
	int rc = pg_ensure(c);
	return rc ? rc : pg_simple(c, "BEGIN");
}

static int pg_commit(void *conn)
{
	return pg_simple(conn, "COMMIT");
}

static int pg_rollback(void *conn)
{
	struct pg_conn *c = conn;
	free(c->bulk_indexes); /* the dropped indexes come back with the rollback */
	c->bulk_indexes = NULL;
	if (PQstatus(c->pg) != CONNECTION_OK)
		return 0; /* the server rolled back with the connection */
	return pg_simple(c, "ROLLBACK");
}

static bool word_at(const char *p, const char *w, const char *start)
{
	size_t n = strlen(w);
	return strncmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_' &&
	       (p == start || (!isalnum((unsigned char)p[-1]) && p[-1] != '_'));
}

/* The shared (SQLite-dialect) DDL in PostgreSQL's types. Leaves literals,
 * comments and $$-quoted bodies alone. */
static char *pg_ddl(const char *sql)
{
	static const struct {
		const char *from, *to;
	} words[] = {
	    {"INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
	    {"INTEGER", "BIGINT"},
	    {"BLOB", "BYTEA"},
	    {"STRICT", ""},
	};
	sg_buf b;
	buf_init(&b, (size_t)-1);
	for (const char *p = sql; *p;) {
		const char *end = NULL;
		if (*p == '\'')
			end = strchr(p + 1, '\'');
		else if (p[0] == '-' && p[1] == '-')
			end = strchr(p, '\n');
		else if (p[0] == '$' && p[1] == '$')
			end = strstr(p + 2, "$$"), end = end ? end + 1 : NULL;
		if (end) {
			buf_append(&b, p, (size_t)(end - p) + 1);
			p = end + 1;
			continue;
		}
		bool replaced = false;
		for (size_t i = 0; i < sizeof words / sizeof words[0] && !replaced; i++) {
			if (word_at(p, words[i].from, sql)) {
				buf_puts(&b, words[i].to);
				p += strlen(words[i].from);
				replaced = true;
			}
		}
		if (!replaced)
			buf_append(&b, p++, 1);
	}
	return b.p ? b.p : xstrdup("");
}

static int pg_exec_script(void *conn, const char *sql, sg_err *err)
{
	struct pg_conn *c = conn;
	int rc = pg_ensure(c);
	if (rc)
		return sg_err_set(err, rc, NULL, NULL, "无法连接数据库服务器",
				  "cannot connect to the database server");
	char *ddl = pg_ddl(sql);
	rc = pg_simple(c, ddl);
	free(ddl);
	if (rc)
		return sg_err_set(err, rc, NULL, NULL, "数据库脚本执行失败",
				  "a database script failed");
	return 0;
}

/* Runs a PostgreSQL client program against this connection's database,
 * appending --dbname=NAME to argv (which has room for it). The connection
 * settings travel in its environment (PGHOST, PGPASSWORD…), never on its
 * command line, where every local user could read them. */
static int pg_tool(struct pg_conn *c, const char *argv[], size_t argc, sg_err *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(c->url, &msg);
	const char *env[32];
	char *owned[32], *dbname = NULL;
	size_t n = 0;

	PQfreemem(msg);
	if (!opts)
		return sg_err_set(err, SG_EINVAL, "db", NULL, "数据库地址无效",
				  "the database URL is not valid");
	for (PQconninfoOption *o = opts; o->keyword && n < 31; o++) {
		if (o->val && strcmp(o->keyword, "dbname") == 0)
			dbname = xconcat("--dbname=", o->val, NULL);
		if (!o->val || !o->envvar)
			continue;
		owned[n] = xconcat(o->envvar, "=", o->val);
		env[n] = owned[n];
		n++;
	}
	env[n] = NULL;
	PQconninfoFree(opts);
	argv[argc] = dbname ? dbname : "--dbname=postgres";
	argv[argc + 1] = NULL;
	int rc = proc_run(argv, env, err);
	free(dbname);
	for (size_t i = 0; i < n; i++) {
		mem_wipe(owned[i], strlen(owned[i]));
		free(owned[i]);
	}
	return rc;
}

static int pg_backup(void *conn, const char *path, sg_err *err)
{
	struct stat sb;
	if (stat(path, &sb) == 0)
		return sg_err_set(err, SG_ECONFLICT, "path", NULL, "备份文件已存在",
				  "the backup file already exists");
	const char *argv[8] = {"pg_dump", "--format=custom", "--no-owner", "--file", path};
	int rc = pg_tool(conn, argv, 5, err);
	if (rc)
		unlink(path); /* a partial dump must not block the next attempt */
	return rc;
}

static int pg_restore(void *conn, const char *path, sg_err *err)
{
	const char *argv[10] = {
	    "pg_restore",	    "--clean",	       "--if-exists", "--no-owner",
	    "--single-transaction", "--exit-on-error", path};
	int rc = pg_tool(conn, argv, 7, err);
	/* Our prepared statements may name dropped tables: start afresh. */
	((struct pg_conn *)conn)->generation++;
	return rc;
}

/* A LIKE pattern: %…% or …%, with \\ before % _ and \\ (the default
 * escape character). */
/* A bulk load (db.h) by the table's owner sets aside what is cheaper to
 * build once than to maintain row by row: the secondary indexes (the GIN
 * trigram index above all; not the primary key or unique indexes, which
 * the load needs) and the foreign keys (checked again, in one pass, when
 * they are added back). Their definitions are kept for pg_bulk_end. Any
 * other role loads row by row: DDL needs the owner. */
static const char sql_bulk_owner[] = "SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c"
				     " WHERE c.oid = to_regclass($1)";
static const char sql_bulk_indexes[] =
    "SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
    " FROM pg_index i WHERE i.indrelid = to_regclass($1)"
    " AND NOT i.indisprimary AND NOT i.indisunique";
static const char sql_bulk_fkeys[] =
    "SELECT 'ALTER TABLE ' || c.conrelid::regclass::text || ' DROP CONSTRAINT '"
    " || quote_ident(c.conname),"
    " 'ALTER TABLE ' || c.conrelid::regclass::text || ' ADD CONSTRAINT '"
    " || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid)"
    " FROM pg_constraint c WHERE c.conrelid = to_regclass($1) AND c.contype = 'f'";

/* Runs sql with the table as $1 and appends column 0 of each row to undo
 * and column 1 to redo, each as a statement. */
static int bulk_collect(struct pg_conn *c, const char *sql, const char *table, sg_buf *undo,
			sg_buf *redo)
{
	const char *params[1] = {table};
	PGresult *res = PQexecParams(c->pg, sql, 1, NULL, params, NULL, NULL, 0);
	int rc = 0;
	if (!pg_ok(res))
		rc = pg_fail(c, res, "bulk");
	for (int i = 0; !rc && i < PQntuples(res); i++) {
		buf_printf(undo, "%s;", PQgetvalue(res, i, 0));
		buf_printf(redo, "%s;", PQgetvalue(res, i, 1));
	}
	PQclear(res);
	return rc;
}

static int pg_bulk_begin(void *conn, const char *table)
{
	struct pg_conn *c = conn;
	const char *params[1] = {table};
	sg_buf drops, redo;
	int rc;

	if (c->bulk_indexes)
		return SG_EINTERNAL; /* one bulk load at a time */
	PGresult *res = PQexecParams(c->pg, sql_bulk_owner, 1, NULL, params, NULL, NULL, 0);
	if (!pg_ok(res)) {
		rc = pg_fail(c, res, "bulk");
		PQclear(res);
		return rc;
	}
	bool owner = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!owner)
		return 0;
	buf_init(&drops, SIZE_MAX);
	buf_init(&redo, SIZE_MAX);
	/* Indexes are built before the foreign keys come back: their check
	 * may use them. */
	rc = bulk_collect(c, sql_bulk_fkeys, table, &drops, &redo);
	if (!rc) {
		sg_buf fk_redo = redo;
		buf_init(&redo, SIZE_MAX);
		rc = bulk_collect(c, sql_bulk_indexes, table, &drops, &redo);
		if (!rc && fk_redo.len)
			buf_append(&redo, fk_redo.p, fk_redo.len);
		buf_free(&fk_redo);
	}
	if (!rc && drops.len)
		rc = pg_simple(c, drops.p);
	buf_free(&drops);
	if (rc || !redo.len) {
		buf_free(&redo);
		return rc;
	}
	c->bulk_indexes = redo.p; /* handed over */
	return 0;
}

static int pg_bulk_end(void *conn)
{
	struct pg_conn *c = conn;
	if (!c->bulk_indexes)
		return 0;
	int rc = pg_simple(c, c->bulk_indexes);
	free(c->bulk_indexes);
	c->bulk_indexes = NULL;
	return rc;
}

static void pg_search_arg(enum db_search kind, const char *q, sg_buf *out)
{
	if (kind == DB_SEARCH_CONTAINS)
		buf_puts(out, "%");
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_puts(out, "\\");
		buf_append(out, p, 1);
	}
	buf_puts(out, "%");
}

const struct db_ops db_pgsql_ops = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .param_count = pg_param_count,
    .param_name = pg_param_name,
    .finalize = pg_finalize,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_len = pg_col_len,
    .col_blob = pg_col_blob,
    .col_null = pg_col_null,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exec_script = pg_exec_script,
    .backup = pg_backup,
    .restore = pg_restore,
    .bulk_begin = pg_bulk_begin,
    .bulk_end = pg_bulk_end,
    .search_sql =
	{
	    [DB_SEARCH_CONTAINS] = "$1 ILIKE ?",
	    [DB_SEARCH_PREFIX] = "$1 LIKE ?",
	},
    .search_arg = pg_search_arg,
};
