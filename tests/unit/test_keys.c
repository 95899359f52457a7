/* test_keys.c — making field encryption ready for a database
 * (domain/keys.h): the database's cipher setting, which may not change once
 * encrypted values exist, and keys_open with a key file, on a migrated
 * temporary SQLite database. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/keyfile.h"
#include "base/pii.h"
#include "domain/keys.h"
#include "fixture.h"

struct fx {
	struct fixture *fix;
	db *db;	   /* fix's database */
	char *dir; /* fix's directory */
	char key_file[128];
};

static struct fx *fx_open(void)
{
	struct fx *f = calloc(1, sizeof *f);
	bool created = false;
	sg_err err;

	assert_non_null(f);
	pii_shutdown();
	f->fix = fixture_open("keys");
	f->db = f->fix->ctx.db;
	f->dir = f->fix->dir;
	snprintf(f->key_file, sizeof f->key_file, "%s/shegong.key", f->dir);
	sg_err_clear(&err);
	assert_int_equal(keyfile_ensure(f->key_file, &created, &err), 0);
	assert_true(created);
	return f;
}

static void fx_close(struct fx *f)
{
	pii_shutdown();
	unlink(f->key_file);
	fixture_close(f->fix);
	free(f);
}

/* The stored cipher setting, or "" when there is none. */
static const char *setting(struct fx *f)
{
	static char buf[64];
	db_stmt *s;

	buf[0] = '\0';
	assert_int_equal(
	    db_query(f->db, &s, "SELECT value FROM settings WHERE key = 'pii_cipher'", NULL), 0);
	if (db_step(s) == DB_ROW) {
		snprintf(buf, sizeof buf, "%s", db_text(s, 0));
		db_reset(s);
	}
	return buf;
}

/* An individual's encrypted ID number, as org_create would store it. */
static void add_encrypted_value(struct fx *f)
{
	assert_int_equal(db_run(f->db,
				"INSERT INTO divisions (code, name, level, parent_code)"
				" VALUES ('50', '重庆市', 0, NULL)",
				NULL),
			 0);
	assert_int_equal(
	    db_run(f->db,
		   "INSERT INTO orgs (type, name, id_number_enc, id_number_index, division_code,"
		   " created_at, updated_at) VALUES ('individual', '张三', X'0102030405', 'abcd', "
		   "'50',"
		   " 0, 0)",
		   NULL),
	    0);
}

static void test_set_cipher(void **state)
{
	(void)state;
	struct fx *f = fx_open();
	sg_err err;

	/* a new database has no setting: keys_open then uses SM4-GCM */
	assert_string_equal(setting(f), "");

	/* only the two names, exactly */
	const char *bad[] = {"des", "SM4-GCM", "sm4", "aes-128-gcm", "", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sg_err_clear(&err);
		assert_int_equal(keys_set_cipher(f->db, bad[i], &err), SG_EINVAL);
		assert_string_equal(err.field, "pii_cipher");
		assert_string_equal(err.rule, "R-PII");
	}
	assert_string_equal(setting(f), "");

	/* while nothing is encrypted, it may be set and set again */
	sg_err_clear(&err);
	assert_int_equal(keys_set_cipher(f->db, "aes-256-gcm", &err), 0);
	assert_string_equal(setting(f), "aes-256-gcm");
	assert_int_equal(keys_set_cipher(f->db, "sm4-gcm", &err), 0);
	assert_string_equal(setting(f), "sm4-gcm");
	int64_t rows = 0;
	assert_int_equal(db_one_int(f->db, &rows,
				    "SELECT COUNT(*) FROM settings WHERE key = 'pii_cipher'", NULL),
			 0);
	assert_int_equal(rows, 1);

	/* once a value is encrypted, the cipher (and so the keyed hash that
	 * finds values) stays */
	add_encrypted_value(f);
	sg_err_clear(&err);
	assert_int_equal(keys_set_cipher(f->db, "aes-256-gcm", &err), SG_ECONFLICT);
	assert_string_equal(err.field, "pii_cipher");
	assert_string_equal(setting(f), "sm4-gcm");
	/* a bad name is still a bad name */
	sg_err_clear(&err);
	assert_int_equal(keys_set_cipher(f->db, "des", &err), SG_EINVAL);
	assert_string_equal(setting(f), "sm4-gcm");
	fx_close(f);
}

static void test_open(void **state)
{
	(void)state;
	struct fx *f = fx_open();
	char first[PII_INDEX_HEX], again[PII_INDEX_HEX], other[PII_INDEX_HEX];
	sg_err err;

	/* no setting: SM4-GCM */
	assert_false(pii_ready());
	sg_err_clear(&err);
	assert_int_equal(keys_open(f->db, f->key_file, &err), 0);
	assert_true(pii_ready());
	assert_int_equal(pii_cipher_current(), PII_SM4_GCM);
	assert_int_equal(pii_blind_index("id_number", "500110198503154271", 18, first), 0);
	unsigned char ct[64];
	size_t n = 0;
	assert_int_equal(pii_encrypt("orgs.id_number", "abc", 3, ct, &n), 0);
	assert_int_equal(ct[0], PII_SM4_GCM);

	/* the setting chooses the cipher */
	assert_int_equal(keys_set_cipher(f->db, "aes-256-gcm", &err), 0);
	pii_shutdown();
	assert_int_equal(keys_open(f->db, f->key_file, &err), 0);
	assert_true(pii_ready());
	assert_int_equal(pii_cipher_current(), PII_AES_256_GCM);
	assert_int_equal(pii_encrypt("orgs.id_number", "abc", 3, ct, &n), 0);
	assert_int_equal(ct[0], PII_AES_256_GCM);
	/* the keyed hash follows the cipher (HMAC-SHA-256 now) */
	assert_int_equal(pii_blind_index("id_number", "500110198503154271", 18, other), 0);
	assert_string_not_equal(first, other);

	/* the same file gives the same keys */
	assert_int_equal(keys_set_cipher(f->db, "sm4-gcm", &err), 0);
	assert_int_equal(keys_open(f->db, f->key_file, &err), 0);
	assert_int_equal(pii_cipher_current(), PII_SM4_GCM);
	assert_int_equal(pii_blind_index("id_number", "500110198503154271", 18, again), 0);
	assert_string_equal(first, again);
	/* and a value written under AES-256-GCM is still read */
	char plain[8];
	assert_int_equal(pii_decrypt("orgs.id_number", ct, n, plain, NULL), 0);
	assert_string_equal(plain, "abc");

	/* another database's key file is refused: the check value recorded by
	 * the first open differs */
	char path2[160];
	bool created = false;
	snprintf(path2, sizeof path2, "%s/other.key", f->dir);
	assert_int_equal(keyfile_ensure(path2, &created, &err), 0);
	sg_err_clear(&err);
	assert_int_equal(keys_open(f->db, path2, &err), SG_EINVAL);
	assert_string_equal(err.field, "key_file");
	assert_false(pii_ready());
	/* without the check value (removed by hand) it opens, with other keys:
	 * what the check prevents */
	assert_int_equal(db_run(f->db, "DELETE FROM settings WHERE key = 'pii_key_check'", NULL),
			 0);
	assert_int_equal(keys_open(f->db, path2, &err), 0);
	assert_int_equal(pii_blind_index("id_number", "500110198503154271", 18, other), 0);
	assert_string_not_equal(first, other);
	assert_int_equal(pii_decrypt("orgs.id_number", ct, n, plain, NULL), SG_EINVAL);
	/* and now the first key is the stranger */
	sg_err_clear(&err);
	assert_int_equal(keys_open(f->db, f->key_file, &err), SG_EINVAL);
	unlink(path2);
	fx_close(f);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct fx *f = fx_open();
	char path[160];
	sg_err err;

	/* a missing key file */
	snprintf(path, sizeof path, "%s/missing.key", f->dir);
	sg_err_clear(&err);
	assert_int_not_equal(keys_open(f->db, path, &err), 0);
	assert_true(err.code < 0);
	assert_false(pii_ready());

	/* a key file others may read */
	assert_int_equal(chmod(f->key_file, 0644), 0);
	sg_err_clear(&err);
	assert_int_equal(keys_open(f->db, f->key_file, &err), SG_EINVAL);
	assert_string_equal(err.field, "key_file");
	assert_false(pii_ready());
	assert_int_equal(chmod(f->key_file, 0600), 0);

	/* an unknown cipher in the settings (written by hand) */
	assert_int_equal(
	    db_run(f->db, "INSERT INTO settings (key, value) VALUES ('pii_cipher', 'des')", NULL),
	    0);
	sg_err_clear(&err);
	assert_int_equal(keys_open(f->db, f->key_file, &err), SG_EINVAL);
	assert_string_equal(err.field, "pii_cipher");
	assert_false(pii_ready());

	/* put right, it opens */
	assert_int_equal(keys_set_cipher(f->db, "aes-256-gcm", &err), 0);
	assert_int_equal(keys_open(f->db, f->key_file, &err), 0);
	assert_true(pii_ready());
	assert_int_equal(pii_cipher_current(), PII_AES_256_GCM);
	fx_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_cipher),
	    cmocka_unit_test(test_open),
	    cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
