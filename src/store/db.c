/* db.c — backend dispatch, the per-connection statement cache, binding by
 * format string, and nested transactions. */
#include "store/db.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/db_backend.h"

struct db_stmt {
	db *d;
	void *st;
	const char *sql; /* cache key: the address, not the text */
	int nparams;	 /* placeholders, `?` and named */
	int *anon;	 /* the number of each `?` in order; NULL when all are `?` */
	int nanon;
	int nbound;   /* bindings since db_prepare */
	bool checked; /* SG_DEBUG: nbound compared with nparams at the first step */
};

struct db {
	const struct db_ops *ops;
	void *conn;
	/* Open addressing, power-of-two size. Entries are pointers so that a
	 * statement keeps its address when the table grows: a caller may step
	 * one statement while preparing others. */
	db_stmt **cache;
	size_t cache_cap, cache_len;
	int depth;     /* transaction nesting */
	bool doomed;   /* an inner rollback happened */
	bool snapshot; /* the outermost level is db_begin_read's */
	bool engine;   /* the engine has a transaction open */
	int side;      /* depth of the read snapshot a side write began in, 0: none */
};

static atomic_uint_fast64_t db_errors;

void db_note_error(void)
{
	atomic_fetch_add(&db_errors, 1);
}

uint64_t db_error_count(void)
{
	return atomic_load(&db_errors);
}

bool db_is_url(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

int db_open(db **out, const char *url, bool create, sg_err *err)
{
	const struct db_ops *ops = db_is_url(url) ? &db_pgsql_ops : &db_sqlite_ops;

	*out = NULL;
	db *d = xcalloc(1, sizeof *d);
	d->ops = ops;
	int rc = ops->open(&d->conn, url, create, err);
	if (rc) {
		free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void db_close(db *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->cache_cap; i++)
		if (d->cache[i]) {
			d->ops->finalize(d->cache[i]->st);
			free(d->cache[i]->anon);
			free(d->cache[i]);
		}
	free(d->cache);
	d->ops->close(d->conn);
	free(d);
}

const char *db_backend_name(const db *d)
{
	return d->ops->name;
}

static size_t slot_of(const char *sql, size_t cap)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (cap - 1);
}

static void cache_grow(db *d)
{
	size_t cap = d->cache_cap ? d->cache_cap * 2 : 64;
	db_stmt **old = d->cache;
	size_t oldcap = d->cache_cap;

	d->cache = xcalloc(cap, sizeof *d->cache);
	d->cache_cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i])
			continue;
		size_t j = slot_of(old[i]->sql, cap);
		while (d->cache[j])
			j = (j + 1) & (cap - 1);
		d->cache[j] = old[i];
	}
	free(old);
}

/* One search token at p ("{contains " or "{prefix "): appends its
 * expansion and returns the text after it, or NULL when p holds none. */
static const char *expand_token(const db *d, const char *p, sg_buf *b)
{
	static const char *const names[DB_SEARCH__MAX] = {"{contains ", "{prefix "};
	const char *words[3] = {"", "", ""};
	size_t lens[3] = {0, 0, 0}, nw = 0;
	int kind = -1;

	for (int k = 0; k < DB_SEARCH__MAX; k++)
		if (strncmp(p, names[k], strlen(names[k])) == 0)
			kind = k;
	const char *end = kind < 0 ? NULL : strchr(p, '}');
	if (!end)
		return NULL;
	for (const char *q = p + strlen(names[kind]); q < end;) {
		while (q < end && *q == ' ')
			q++;
		const char *w = q;
		while (q < end && *q != ' ')
			q++;
		if (q > w && nw < 3) {
			words[nw] = w;
			lens[nw++] = (size_t)(q - w);
		}
	}
	for (const char *t = d->ops->search_sql[kind]; *t; t++) {
		if (t[0] == '$' && t[1] >= '1' && t[1] <= '3') {
			buf_append(b, words[t[1] - '1'], lens[t[1] - '1']);
			t++;
		} else {
			buf_append(b, t, 1);
		}
	}
	return end + 1;
}

/* The statement's SQL with its search tokens expanded (db.h), or NULL
 * when it has none. Caller frees. */
static char *expand_search(const db *d, const char *sql)
{
	if (!strstr(sql, "{contains ") && !strstr(sql, "{prefix "))
		return NULL;
	sg_buf b;
	buf_init(&b, (size_t)-1);
	for (const char *p = sql; *p;) {
		const char *next = *p == '{' ? expand_token(d, p, &b) : NULL;
		if (next) {
			p = next;
		} else {
			buf_append(&b, p, 1);
			p++;
		}
	}
	return b.p ? b.p : xstrdup("");
}

const char *db_search_arg(db *d, enum db_search kind, const char *q, sg_arena *a)
{
	sg_buf b;
	buf_init(&b, (size_t)-1);
	d->ops->search_arg(kind, q, &b);
	const char *out = arena_strndup(a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return out;
}

/* Records which parameters are `?` when the statement also has named
 * ones: db_bind's positions count only the `?`. */
static void number_anonymous(db_stmt *s)
{
	int named = 0;
	for (int i = 1; i <= s->nparams; i++)
		named += s->d->ops->param_name(s->st, i) != NULL;
	if (!named)
		return;
	s->anon = xcalloc((size_t)(s->nparams - named) + 1, sizeof *s->anon);
	for (int i = 1; i <= s->nparams; i++)
		if (!s->d->ops->param_name(s->st, i))
			s->anon[s->nanon++] = i;
}

int db_prepare(db *d, const char *sql, db_stmt **out)
{
	*out = NULL;
	if (d->cache_len * 2 >= d->cache_cap)
		cache_grow(d);
	size_t j = slot_of(sql, d->cache_cap);
	while (d->cache[j] && d->cache[j]->sql != sql)
		j = (j + 1) & (d->cache_cap - 1);
	db_stmt *s = d->cache[j];
	if (!s) {
		void *st = NULL;
		char *expanded = expand_search(d, sql);
		int rc = d->ops->prepare(d->conn, expanded ? expanded : sql, &st);
		free(expanded);
		if (rc)
			return rc;
		s = xcalloc(1, sizeof *s);
		s->d = d;
		s->st = st;
		s->sql = sql;
		s->nparams = d->ops->param_count(st);
		number_anonymous(s);
		d->cache[j] = s;
		d->cache_len++;
	} else {
		d->ops->reset(s->st);
	}
	s->nbound = 0;
	s->checked = false;
	*out = s;
	return 0;
}

static int bindv(db_stmt *s, int first, const char *types, va_list ap)
{
	const struct db_ops *ops = s->d->ops;
	int rc = 0;

	for (int pos = first; types && *types && rc == 0; types++, pos++) {
		const char *t;
		const void *b;
		size_t n;
		/* A position past the statement's `?` fails (as the engine's
		 * own check does when every parameter is a `?`). */
		if (s->anon && pos > s->nanon)
			return SG_EINTERNAL;
		int i = s->anon ? s->anon[pos - 1] : pos;
		s->nbound++;
		switch (*types) {
		case 'i':
			rc = ops->bind_int(s->st, i, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			rc = v ? ops->bind_int(s->st, i, v) : ops->bind_null(s->st, i, 'i');
			break;
		}
		case 't':
			t = va_arg(ap, const char *);
			rc = t ? ops->bind_text(s->st, i, t, strlen(t))
			       : ops->bind_null(s->st, i, 't');
			break;
		case 's':
			t = va_arg(ap, const char *);
			n = va_arg(ap, size_t);
			rc = t ? ops->bind_text(s->st, i, t, n) : ops->bind_null(s->st, i, 't');
			break;
		case 'b':
			b = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			rc = b ? ops->bind_blob(s->st, i, b, n) : ops->bind_null(s->st, i, 'n');
			break;
		case 'n':
			rc = ops->bind_null(s->st, i, 'n');
			break;
		default:
			abort(); /* a programming error, not input */
		}
	}
	return rc;
}

int db_bind(db_stmt *s, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = bindv(s, 1, types, ap);
	va_end(ap);
	return rc;
}

int db_bind_from(db_stmt *s, int first, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = bindv(s, first, types, ap);
	va_end(ap);
	return rc;
}

int db_bind_name(db_stmt *s, const char *name, int64_t v)
{
	for (int i = 1; i <= s->nparams; i++) {
		const char *n = s->d->ops->param_name(s->st, i);
		if (n && strcmp(n, name) == 0) {
			s->nbound++;
			return s->d->ops->bind_int(s->st, i, v);
		}
	}
	return 0;
}

int db_step(db_stmt *s)
{
#if SG_DEBUG
	if (!s->checked) {
		s->checked = true;
		if (s->nbound != s->nparams) {
			fprintf(stderr, "db: %d of the %d parameters bound in: %.120s\n", s->nbound,
				s->nparams, s->sql);
			abort();
		}
	}
#endif
	int rc = s->d->ops->step(s->st);
	if (rc != DB_ROW)
		s->d->ops->reset(s->st);
	return rc;
}

void db_reset(db_stmt *s)
{
	s->d->ops->reset(s->st);
}

int64_t db_int(db_stmt *s, int col)
{
	return s->d->ops->col_int(s->st, col);
}

const char *db_text(db_stmt *s, int col)
{
	return s->d->ops->col_text(s->st, col);
}

size_t db_len(db_stmt *s, int col)
{
	return s->d->ops->col_len(s->st, col);
}

const void *db_blob(db_stmt *s, int col, size_t *len)
{
	return s->d->ops->col_blob(s->st, col, len);
}

bool db_is_null(db_stmt *s, int col)
{
	return s->d->ops->col_null(s->st, col);
}

int db_vquery(db *d, db_stmt **out, const char *sql, const char *types, va_list ap)
{
	int rc = db_prepare(d, sql, out);
	if (rc)
		return rc;
	rc = bindv(*out, 1, types, ap);
	if (rc) {
		db_reset(*out);
		*out = NULL;
	}
	return rc;
}

int db_query(db *d, db_stmt **out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = db_vquery(d, out, sql, types, ap);
	va_end(ap);
	return rc;
}

int db_run(db *d, const char *sql, const char *types, ...)
{
	db_stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = db_vquery(d, &s, sql, types, ap);
	va_end(ap);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW)
		;
	return rc;
}

int db_one_int(db *d, int64_t *out, const char *sql, const char *types, ...)
{
	db_stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = db_vquery(d, &s, sql, types, ap);
	va_end(ap);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_int(s, 0);
		/* Drain: a RETURNING statement only completes when stepped to
		 * the end. */
		while ((rc = db_step(s)) == DB_ROW)
			;
		return rc;
	}
	return rc == DB_DONE ? SG_ENOTFOUND : rc;
}

int db_begin_read(db *d)
{
	if (d->depth++ > 0)
		return 0;
	d->doomed = false;
	d->snapshot = true;
	d->engine = false;
	if (!d->ops->begin_read)
		return 0;
	int rc = d->ops->begin_read(d->conn);
	if (rc) {
		d->depth = 0;
		d->snapshot = false;
		return rc;
	}
	d->engine = true;
	return 0;
}

int db_begin(db *d)
{
	int rc;

	if (d->depth > 0 && !d->snapshot) {
		d->depth++;
		return 0;
	}
	if (d->depth > 0) {
		/* A write inside a read snapshot. An engine cannot always turn
		 * a snapshot into a writer (SQLite's WAL refuses once another
		 * writer has committed since it began), so the snapshot ends
		 * here and a write transaction begins, queueing like any other;
		 * the outermost commit ends it. */
		if (d->engine) {
			d->engine = false;
			if ((rc = d->ops->commit(d->conn))) {
				d->ops->rollback(d->conn);
				return rc;
			}
		}
		if ((rc = d->ops->begin(d->conn)))
			return rc;
		d->engine = true;
		d->snapshot = false;
		d->side = d->depth;
		d->depth++;
		return 0;
	}
	d->doomed = false;
	d->snapshot = false;
	if ((rc = d->ops->begin(d->conn)))
		return rc;
	d->engine = true;
	d->depth = 1;
	return 0;
}

/* The end of a side write (db.h): back to a read snapshot, begun anew. */
static int resume_snapshot(db *d)
{
	d->side = 0;
	d->snapshot = true;
	d->engine = false;
	if (!d->ops->begin_read)
		return 0;
	int rc = d->ops->begin_read(d->conn);
	d->engine = rc == 0;
	return rc;
}

int db_commit(db *d)
{
	/* A commit without its begin is a bug of the caller (a failed
	 * begin must not be followed by a commit). */
	assert(d->depth > 0);
	if (d->depth <= 0)
		return SG_EINTERNAL;
	if (--d->depth > 0) {
		if (!d->side || d->depth != d->side)
			return 0;
		/* A side write ends: committed now, so that what follows in the
		 * read (an export's rows) holds no write lock. */
		int rc = d->doomed ? SG_EINTERNAL : d->ops->commit(d->conn);
		if (rc)
			d->ops->rollback(d->conn);
		d->doomed = false;
		int rrc = resume_snapshot(d);
		return rc ? rc : rrc;
	}
	d->snapshot = false;
	d->side = 0;
	if (!d->engine)
		return d->doomed ? SG_EINTERNAL : 0;
	d->engine = false;
	if (d->doomed) {
		d->ops->rollback(d->conn);
		return SG_EINTERNAL;
	}
	int rc = d->ops->commit(d->conn);
	if (rc)
		d->ops->rollback(d->conn);
	return rc;
}

void db_rollback(db *d)
{
	if (d->depth <= 0)
		return;
	if (--d->depth > 0) {
		if (d->side && d->depth == d->side) {
			/* a side write rolls back alone; the read goes on */
			d->ops->rollback(d->conn);
			d->doomed = false;
			resume_snapshot(d);
			return;
		}
		d->doomed = true;
		return;
	}
	d->snapshot = false;
	if (d->engine) {
		d->engine = false;
		d->ops->rollback(d->conn);
	}
}

bool db_in_transaction(const db *d)
{
	return d->depth > 0;
}

int db_exec_script(db *d, const char *sql, sg_err *err)
{
	return d->ops->exec_script(d->conn, sql, err);
}

int db_ping(db *d)
{
	static const char sql_ping[] = "SELECT 1";
	int64_t one = 0;
	int rc = db_one_int(d, &one, sql_ping, NULL);
	return rc ? rc : one == 1 ? 0 : SG_EINTERNAL;
}

int db_backup(db *d, const char *path, sg_err *err)
{
	return d->ops->backup(d->conn, path, err);
}

int db_restore(db *d, const char *path, sg_err *err)
{
	return d->ops->restore(d->conn, path, err);
}

int db_bulk_begin(db *d, const char *table)
{
	if (!db_in_transaction(d))
		return SG_EINTERNAL;
	return d->ops->bulk_begin ? d->ops->bulk_begin(d->conn, table) : 0;
}

int db_bulk_end(db *d)
{
	return d->ops->bulk_end ? d->ops->bulk_end(d->conn) : 0;
}
