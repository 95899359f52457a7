/* test_audit.c — the append-only, hash-chained audit log (domain/audit.h,
 * R-AUD-1, SECURITY.md "Audit") on a migrated temporary database.
 *
 * The chain's digest is cached process-wide in audit.c; audit_set_digest
 * updates that cache, so every fixture sets its digest explicitly and the
 * tests do not depend on their order. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/crypto.h"
#include "domain/audit.h"
#include "domain/role.h"
#include "fixture.h"

#define T0 FIXTURE_NOW

static struct fixture *fx_open(const char *digest)
{
	struct fixture *f = fixture_open("audit");
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(audit_set_digest(f->ctx.db, digest, &err), 0);
	return f;
}

static int fx_setup(void **state)
{
	*state = fx_open("sm3");
	return 0;
}

static int fx_teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* Appends entries first..last: action "test.N", object "thing" N, a small
 * new value; one millisecond apart. */
static void append_range(struct fixture *f, int first, int last)
{
	for (int i = first; i <= last; i++) {
		char action[32], oid[16];
		snprintf(action, sizeof action, "test.%d", i);
		snprintf(oid, sizeof oid, "%d", i);
		json_t *nv = json_pack("{s:i,s:s}", "n", i, "label", "条目");
		f->ctx.now = T0 + i;
		assert_int_equal(audit_append(&f->ctx, action, "thing", oid, NULL, nv, AUDIT_OK),
				 0);
		json_decref(nv);
	}
}

static struct audit_verify_result verify(struct fixture *f)
{
	struct audit_verify_result r;
	assert_int_equal(audit_verify(f->ctx.db, &r), 0);
	return r;
}

static void script(struct fixture *f, const char *sql)
{
	sg_err err;
	sg_err_clear(&err);
	if (db_exec_script(f->ctx.db, sql, &err) != 0)
		fail_msg("script failed: %s", sql);
}

static int64_t count_entries(struct fixture *f)
{
	static const char sql[] = "SELECT COUNT(*) FROM audit_log";
	int64_t n = -1;
	assert_int_equal(db_one_int(f->ctx.db, &n, sql, NULL), 0);
	return n;
}

static void test_append_and_verify(void **state)
{
	struct fixture *f = *state;
	struct audit_verify_result r;

	r = verify(f); /* an empty log is intact */
	assert_int_equal(r.count, 0);
	assert_int_equal(r.bad_id, 0);

	append_range(f, 1, 5);
	r = verify(f);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.bad_id, 0);
	assert_string_equal(r.reason, "");
	assert_int_equal(count_entries(f), 5);

	/* entries are stored as given: ids consecutive, values compact JSON */
	static const char sql_row[] =
	    "SELECT id, at, actor_id, actor, ip, action, object_type, object_id, old_value,"
	    " new_value, outcome FROM audit_log WHERE id = 3";
	db_stmt *s;
	assert_int_equal(db_query(f->ctx.db, &s, sql_row, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 3);
	assert_int_equal(db_int(s, 1), T0 + 3);
	assert_true(db_is_null(s, 2)); /* the system is no user */
	assert_string_equal(db_text(s, 3), "system");
	assert_string_equal(db_text(s, 4), "local");
	assert_string_equal(db_text(s, 5), "test.3");
	assert_string_equal(db_text(s, 6), "thing");
	assert_string_equal(db_text(s, 7), "3");
	assert_true(db_is_null(s, 8));
	assert_string_equal(db_text(s, 9), "{\"label\":\"条目\",\"n\":3}");
	assert_string_equal(db_text(s, 10), "ok");
	db_reset(s);

	/* the head records the newest entry */
	static const char sql_head[] =
	    "SELECT h.last_id FROM audit_head h JOIN audit_log l ON l.id = h.last_id"
	    " AND l.hash = h.last_hash";
	int64_t last = 0;
	assert_int_equal(db_one_int(f->ctx.db, &last, sql_head, NULL), 0);
	assert_int_equal(last, 5);
}

/* An entry appended inside a transaction that rolls back leaves no trace:
 * the change and its audit entry commit or roll back together. */
static void test_rolled_back_with_the_write(void **state)
{
	struct fixture *f = *state;

	append_range(f, 1, 2);
	assert_int_equal(db_begin(f->ctx.db), 0);
	assert_int_equal(audit_append(&f->ctx, "test.gone", "thing", "9", NULL, NULL, AUDIT_OK), 0);
	db_rollback(f->ctx.db);
	assert_int_equal(count_entries(f), 2);
	append_range(f, 3, 3);
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.bad_id, 0);
}

/* Text of new_value (or old_value) of one entry, parsed. */
static json_t *stored_value(struct fixture *f, int64_t id, bool old)
{
	static const char sql_new[] = "SELECT new_value FROM audit_log WHERE id = ?";
	static const char sql_old[] = "SELECT old_value FROM audit_log WHERE id = ?";
	db_stmt *s;
	json_error_t jerr;

	assert_int_equal(db_query(f->ctx.db, &s, old ? sql_old : sql_new, "i", id), 0);
	assert_int_equal(db_step(s), DB_ROW);
	const char *text = db_text(s, 0);
	assert_non_null(text);
	/* the secrets are not in the stored text at all */
	assert_null(strstr(text, "hunter2"));
	assert_null(strstr(text, "tok-"));
	assert_null(strstr(text, "11010119900307"));
	assert_null(strstr(text, "13812345678"));
	json_t *v = json_loads(text, 0, &jerr);
	db_reset(s);
	assert_non_null(v);
	return v;
}

/* The string at a path of object keys and array indexes ("3" is an index
 * when the node is an array). */
static const char *str_at(const json_t *v, const char *const *path, size_t n)
{
	for (size_t i = 0; i < n && v; i++)
		v = json_is_array(v) ? json_array_get(v, (size_t)strtoul(path[i], NULL, 10))
				     : json_object_get(v, path[i]);
	return json_string_value(v);
}

#define AT(v, ...)                                                                                 \
	str_at(v, (const char *const[]){__VA_ARGS__},                                              \
	       sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* Personal and secret values never enter the log, at any depth. */
static void test_redaction(void **state)
{
	struct fixture *f = *state;
	json_t *nv =
	    json_pack("{s:s,s:s,s:s,s:{s:s,s:[{s:s,s:s},{s:s}]},s:s,s:i}", "name", "张三",
		      "password", "hunter2-long-password", "token", "tok-abcdef", "profile",
		      "id_number", "110101199003074258", "contacts", "phone", "13812345678",
		      "relation", "母亲", "token", "tok-nested", "note", "kept", "n", 7);
	json_t *ov =
	    json_pack("{s:s,s:{s:{s:s}},s:[[{s:s}]]}", "phone", "13812345678", "deep", "deeper",
		      "password", "hunter2-old", "list", "id_number", "110101199003074258");

	assert_non_null(nv);
	assert_non_null(ov);
	assert_int_equal(audit_append(&f->ctx, "test.redact", "person", "1", ov, nv, AUDIT_OK), 0);
	/* the caller's values are not modified */
	assert_string_equal(json_string_value(json_object_get(nv, "password")),
			    "hunter2-long-password");

	json_t *got = stored_value(f, 1, false);
	assert_string_equal(AT(got, "password"), "[redacted]");
	assert_string_equal(AT(got, "token"), "[redacted]");
	assert_string_equal(AT(got, "profile", "id_number"), "[redacted]");
	assert_string_equal(AT(got, "profile", "contacts", "0", "phone"), "[redacted]");
	assert_string_equal(AT(got, "profile", "contacts", "1", "token"), "[redacted]");
	/* everything else is kept as it was */
	assert_string_equal(AT(got, "name"), "张三");
	assert_string_equal(AT(got, "note"), "kept");
	assert_string_equal(AT(got, "profile", "contacts", "0", "relation"), "母亲");
	assert_int_equal(json_integer_value(json_object_get(got, "n")), 7);
	assert_int_equal(json_object_size(got), json_object_size(nv));
	json_decref(got);

	got = stored_value(f, 1, true);
	assert_string_equal(AT(got, "phone"), "[redacted]");
	assert_string_equal(AT(got, "deep", "deeper", "password"), "[redacted]");
	assert_string_equal(AT(got, "list", "0", "0", "id_number"), "[redacted]");
	json_decref(got);

	/* a redacted key holding an object or array is replaced whole */
	json_t *whole = json_pack("{s:{s:s},s:[s,s]}", "password", "inner", "hunter2-in", "phone",
				  "13812345678", "13812345678");
	assert_int_equal(audit_append(&f->ctx, "test.redact", "person", "2", NULL, whole, AUDIT_OK),
			 0);
	got = stored_value(f, 2, false);
	assert_string_equal(AT(got, "password"), "[redacted]");
	assert_string_equal(AT(got, "phone"), "[redacted]");
	json_decref(got);
	json_decref(whole);

	struct audit_verify_result r = verify(f);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.bad_id, 0);
	json_decref(nv);
	json_decref(ov);
}

/* An entry edited with raw SQL (the trigger dropped first) is named. */
static void test_tamper_update(void **state)
{
	struct fixture *f = *state;

	append_range(f, 1, 5);
	script(f, "DROP TRIGGER audit_log_no_update;"
		  " UPDATE audit_log SET action = 'x' WHERE id = 3;");
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.bad_id, 3);
	assert_int_equal(r.count, 3);
	assert_non_null(strstr(r.reason, "edited"));

	/* editing a value that is not a column of its own, the outcome */
	struct fixture *g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_update;"
		  " UPDATE audit_log SET outcome = 'denied' WHERE id = 5;");
	r = verify(g);
	assert_int_equal(r.bad_id, 5);
	fixture_close(g);

	/* editing the time by one millisecond */
	g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g,
	       "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET at = at + 1 WHERE id = 1;");
	r = verify(g);
	assert_int_equal(r.bad_id, 1);
	fixture_close(g);

	/* editing an entry and its own hash still breaks the next link */
	g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_update;"
		  " UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE id = 4)"
		  " WHERE id = 2;");
	r = verify(g);
	assert_true(r.bad_id == 2 || r.bad_id == 3);
	fixture_close(g);
}

static void test_tamper_delete(void **state)
{
	struct fixture *f = *state;

	append_range(f, 1, 5);
	script(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;");
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.bad_id, 3);
	assert_non_null(strstr(r.reason, "missing"));

	/* the first entry */
	struct fixture *g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 1;");
	r = verify(g);
	assert_int_equal(r.bad_id, 2);
	fixture_close(g);

	/* the last entry: only the head can tell */
	g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 5;");
	r = verify(g);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.bad_id, 5);
	assert_non_null(strstr(r.reason, "head"));
	fixture_close(g);

	/* the last entry with the head moved back too: the head's hash no
	 * longer matches the entry it names */
	g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 5;"
		  " UPDATE audit_head SET last_id = 4;");
	r = verify(g);
	assert_true(r.bad_id != 0);
	fixture_close(g);

	/* everything */
	g = fx_open("sm3");
	append_range(g, 1, 3);
	script(g, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log;");
	r = verify(g);
	assert_int_equal(r.count, 0);
	assert_int_equal(r.bad_id, 1);
	fixture_close(g);
}

static void test_tamper_reorder(void **state)
{
	struct fixture *f = *state;

	/* two rows swap their contents (ids stay in place) */
	append_range(f, 1, 5);
	script(f, "DROP TRIGGER audit_log_no_update;"
		  " UPDATE audit_log SET id = -2 WHERE id = 2;"
		  " UPDATE audit_log SET id = 2 WHERE id = 4;"
		  " UPDATE audit_log SET id = 4 WHERE id = -2;");
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.bad_id, 2);

	/* two neighbours swap every column but the id */
	struct fixture *g = fx_open("sm3");
	append_range(g, 1, 5);
	script(g, "DROP TRIGGER audit_log_no_update;"
		  " CREATE TEMP TABLE keep AS SELECT * FROM audit_log WHERE id IN (3, 4);"
		  " UPDATE audit_log SET (at, action, object_id, new_value, prev_hash, hash) ="
		  "  (SELECT at, action, object_id, new_value, prev_hash, hash FROM keep"
		  "   WHERE keep.id = 7 - audit_log.id) WHERE id IN (3, 4);");
	r = verify(g);
	assert_int_equal(r.bad_id, 3);
	fixture_close(g);
}

/* With the triggers in place, UPDATE and DELETE are refused and the chain
 * stays intact. */
static void test_append_only(void **state)
{
	static const char sql_upd[] = "UPDATE audit_log SET action = 'x' WHERE id = 1";
	static const char sql_del[] = "DELETE FROM audit_log WHERE id = 1";
	static const char sql_head_del[] = "DELETE FROM audit_head";
	struct fixture *f = *state;
	sg_err err;

	append_range(f, 1, 3);
	assert_int_equal(db_run(f->ctx.db, sql_upd, NULL), SG_ECONFLICT);
	assert_int_equal(db_run(f->ctx.db, sql_del, NULL), SG_ECONFLICT);
	assert_int_equal(db_run(f->ctx.db, sql_head_del, NULL), SG_ECONFLICT);
	assert_true(db_exec_script(f->ctx.db, "DELETE FROM audit_log;", &err) < 0);
	assert_true(db_exec_script(f->ctx.db, "UPDATE audit_log SET hash = '';", &err) < 0);
	assert_int_equal(count_entries(f), 3);
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.bad_id, 0);
	append_range(f, 4, 4);
	r = verify(f);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.bad_id, 0);
}

/* hex(H("" ‖ canonical(entry 1))) computed here, independently of audit.c:
 * the canonical form is what `shegong verify` and outside auditors rely on. */
static void expect_first_hash(struct fixture *f, enum digest_alg alg)
{
	static const char canon[] =
	    "{\"action\":\"test.first\",\"actor\":\"system\",\"actor_id\":null,"
	    "\"at\":1767225600000,\"id\":1,\"ip\":\"local\",\"new_value\":\"{\\\"k\\\":1}\","
	    "\"object_id\":\"1\",\"object_type\":\"thing\",\"old_value\":null,\"outcome\":\"ok\"}";
	static const char sql_hash[] = "SELECT prev_hash, hash FROM audit_log WHERE id = 1";
	unsigned char md[DIGEST_LEN];
	char want[2 * DIGEST_LEN + 1];
	db_stmt *s;

	assert_int_equal(crypto_digest(alg, canon, strlen(canon), md), 0);
	hex_encode(md, DIGEST_LEN, want);
	assert_int_equal(db_query(f->ctx.db, &s, sql_hash, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 0), "");
	assert_string_equal(db_text(s, 1), want);
	db_reset(s);
}

static void append_first(struct fixture *f)
{
	json_t *nv = json_pack("{s:i}", "k", 1);
	f->ctx.now = T0;
	assert_int_equal(audit_append(&f->ctx, "test.first", "thing", "1", NULL, nv, AUDIT_OK), 0);
	json_decref(nv);
}

static void test_digests(void **state)
{
	static const char sql_setting[] = "SELECT value FROM settings WHERE key = 'audit_digest'";
	struct fixture *f = *state; /* sm3 */
	sg_err err;
	db_stmt *s;

	append_first(f);
	append_range(f, 2, 5);
	expect_first_hash(f, DIGEST_SM3);
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.bad_id, 0);
	/* once entries exist the digest cannot change, and the refused change
	 * does not switch the digest in use */
	sg_err_clear(&err);
	assert_int_equal(audit_set_digest(f->ctx.db, "sha256", &err), SG_ECONFLICT);
	assert_string_equal(err.field, "audit_digest");
	assert_string_equal(err.rule, "R-AUD-1");
	r = verify(f);
	assert_int_equal(r.bad_id, 0);
	append_range(f, 6, 6);
	expect_first_hash(f, DIGEST_SM3);
	r = verify(f);
	assert_int_equal(r.count, 6);
	assert_int_equal(r.bad_id, 0);

	/* SHA-256 on an empty log (this also switches the process-wide digest
	 * that audit.c caches: f is not used below) */
	struct fixture *g = fx_open("sha256");
	assert_int_equal(db_query(g->ctx.db, &s, sql_setting, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 0), "sha256");
	db_reset(s);
	append_first(g);
	append_range(g, 2, 5);
	expect_first_hash(g, DIGEST_SHA256);
	r = verify(g);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.bad_id, 0);
	/* tampering is caught under SHA-256 too */
	script(g,
	       "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'x' WHERE id = 4;");
	r = verify(g);
	assert_int_equal(r.bad_id, 4);

	sg_err_clear(&err);
	assert_int_equal(audit_set_digest(g->ctx.db, "sm3", &err), SG_ECONFLICT);
	assert_string_equal(err.field, "audit_digest");
	assert_int_equal(db_query(g->ctx.db, &s, sql_setting, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 0), "sha256");
	db_reset(s);
	fixture_close(g);

	/* unknown names are refused */
	g = fx_open("sm3");
	sg_err_clear(&err);
	assert_int_equal(audit_set_digest(g->ctx.db, "md5", &err), SG_EINVAL);
	assert_int_equal(audit_set_digest(g->ctx.db, "SHA256", &err), SG_EINVAL);
	assert_int_equal(audit_set_digest(g->ctx.db, "", &err), SG_EINVAL);
	/* the same digest again on an empty log is fine */
	assert_int_equal(audit_set_digest(g->ctx.db, "sm3", &err), 0);
	fixture_close(g);
}

/*
 * A fresh process (this binary run again, see main) that opens the database
 * anew, so nothing is cached: mode "verify-append" checks the 3-entry chain
 * and appends a fourth entry; mode "append-first" appends the entry that
 * expect_first_hash describes. Returns 0 on success.
 */
static int child_main(const char *mode, const char *path)
{
	struct audit_verify_result r;
	sg_err err;
	db *d = NULL;
	sg_ctx ctx = {.now = T0,
		      .actor = {.user_id = 0, .username = "system", .role = 0, .ip = "local"}};
	int bad = 1;

	if (db_open(&d, path, false, &err) != 0)
		return 2;
	ctx.db = d;
	ctx.arena = arena_new();
	if (strcmp(mode, "verify-append") == 0) {
		ctx.now = T0 + 100;
		bad = audit_verify(d, &r) != 0 || r.count != 3 || r.bad_id != 0 ||
		      audit_append(&ctx, "test.child", "thing", "4", NULL, NULL, AUDIT_OK) != 0;
	} else if (strcmp(mode, "append-first") == 0) {
		json_t *nv = json_pack("{s:i}", "k", 1);
		bad = audit_append(&ctx, "test.first", "thing", "1", NULL, nv, AUDIT_OK) != 0;
		json_decref(nv);
	}
	arena_free(ctx.arena);
	db_close(d);
	return bad;
}

static void run_child(const char *mode, const char *path)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	assert_true(n > 0);
	self[n] = '\0';
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(self, self, "--child", mode, path, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("child %s failed (status %#x)", mode, (unsigned)status);
}

/* The digest is a property of the database, not of the process: a fresh
 * process reads it from the settings and verifies and extends a SHA-256
 * chain written here. */
static void test_digest_read_from_database(void **state)
{
	struct fixture *f = fx_open("sha256");

	(void)state;
	append_range(f, 1, 3);
	run_child("verify-append", f->path);
	struct audit_verify_result r = verify(f);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.bad_id, 0);
	fixture_close(f);
}

/* A database whose digest was never set chains with SM3 (the default for
 * government systems). */
static void test_digest_default_sm3(void **state)
{
	struct fixture *f = fx_open("sm3");
	static const char sql_unset[] = "DELETE FROM settings WHERE key = 'audit_digest'";

	(void)state;
	assert_int_equal(db_run(f->ctx.db, sql_unset, NULL), 0);
	run_child("append-first", f->path);
	expect_first_hash(f, DIGEST_SM3);
	fixture_close(f);
}

static void test_list(void **state)
{
	struct fixture *f = *state;
	const struct audit_filter all = {0};
	json_t *page = NULL;

	append_range(f, 1, 5);
	assert_int_equal(audit_list(&f->ctx, &all, 0, 2, &page), 0);
	json_t *items = json_object_get(page, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), 5);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "id")), 4);
	/* values come back as JSON, not as text */
	assert_true(json_is_object(json_object_get(json_array_get(items, 0), "new_value")));
	assert_true(json_is_null(json_object_get(json_array_get(items, 0), "old_value")));
	assert_string_equal(json_string_value(json_object_get(page, "next_cursor")), "4");
	json_decref(page);

	assert_int_equal(audit_list(&f->ctx, &all, 4, 10, &page), 0);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 3);
	assert_true(json_is_null(json_object_get(page, "next_cursor")));
	json_decref(page);

	assert_int_equal(
	    audit_list(&f->ctx, &(struct audit_filter){.action = "test.2"}, 0, 10, &page), 0);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	json_decref(page);
	assert_int_equal(
	    audit_list(&f->ctx, &(struct audit_filter){.actor = "nobody"}, 0, 10, &page), 0);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 0);
	json_decref(page);
}

/* A date range is read in China Standard Time, both days included: an
 * entry at 2026-12-02 16:30 UTC is on the 3rd in Beijing. */
static void test_list_dates(void **state)
{
	struct fixture *f = *state;
	json_t *page = NULL;
	/* 2026-12-02T15:59:59Z (23:59:59 on the 2nd, CST) and 16:00:00Z
	 * (00:00 on the 3rd, CST) */
	static const int64_t last_of_2nd = INT64_C(1796227199000),
			     first_of_3rd = INT64_C(1796227200000);

	f->ctx.now = last_of_2nd;
	assert_int_equal(audit_append(&f->ctx, "test.a", "thing", "1", NULL, NULL, AUDIT_OK), 0);
	f->ctx.now = first_of_3rd;
	assert_int_equal(audit_append(&f->ctx, "test.b", "thing", "2", NULL, NULL, AUDIT_OK), 0);
	struct audit_filter day2 = {.from = "2026-12-02", .to = "2026-12-02"};
	assert_int_equal(audit_list(&f->ctx, &day2, 0, 10, &page), 0);
	json_t *items = json_object_get(page, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "action")),
			    "test.a");
	json_decref(page);
	struct audit_filter from3 = {.from = "2026-12-03"};
	assert_int_equal(audit_list(&f->ctx, &from3, 0, 10, &page), 0);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	json_decref(page);
	struct audit_filter bad = {.to = "2026-13-01"};
	assert_int_equal(audit_list(&f->ctx, &bad, 0, 10, &page), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "to");
	assert_int_equal(audit_actions(&f->ctx, &page), 0);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 2);
	json_decref(page);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--child") == 0)
		return child_main(argv[2], argv[3]);
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_append_and_verify),
	    T(test_rolled_back_with_the_write),
	    T(test_redaction),
	    T(test_tamper_update),
	    T(test_tamper_delete),
	    T(test_tamper_reorder),
	    T(test_append_only),
	    T(test_digests),
	    cmocka_unit_test(test_digest_read_from_database),
	    cmocka_unit_test(test_digest_default_sm3),
	    T(test_list),
	    T(test_list_dates),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
