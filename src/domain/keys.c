/*
 * keys.c — the deployment key and the database's cipher, into base/pii.
 *
 * The database also keeps a check value of its key (settings.pii_key_check:
 * a keyed hash of a fixed text, which tells nothing about the key), written
 * by the first keys_open. Every later open compares it, so a server started
 * with another database's key file stops at once instead of writing values
 * nobody can read and missing every lookup.
 */
#include "domain/keys.h"

#include <string.h>

#include "base/crypto.h"
#include "base/keyfile.h"
#include "base/mem.h"
#include "base/pii.h"

static const char sql_get[] = "SELECT value FROM settings WHERE key = ?";
static const char sql_set_cipher[] = "INSERT INTO settings (key, value) VALUES ('pii_cipher', ?)"
				     " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_set_check[] = "INSERT INTO settings (key, value)"
				    " VALUES ('pii_key_check', ?) ON CONFLICT (key) DO NOTHING";
/* The check value is a keyed hash under the cipher's hash: it goes with
 * a change of cipher. */
static const char sql_clear_check[] = "DELETE FROM settings WHERE key = 'pii_key_check'";
static const char sql_encrypted_values[] =
    "SELECT COUNT(*) FROM orgs WHERE id_number_enc IS NOT NULL";

static const char check_text[] = "shegong key check v1";

/* The setting key into out (size n); "" when unset. */
static int setting(db *d, const char *key, char *out, size_t n, sg_err *err)
{
	db_stmt *s;
	int rc = db_query(d, &s, sql_get, "t", key);
	out[0] = '\0';
	if (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		const char *v = db_text(s, 0);
		if (v && strlen(v) < n)
			memcpy(out, v, strlen(v) + 1);
		db_reset(s);
	}
	return rc < 0 ? sg_err_set(err, rc, NULL, NULL, "无法读取设置", "cannot read the settings")
		      : 0;
}

/* Compares the key with the database's check value, recording it on the
 * first open. */
static int check_key(db *d, sg_err *err)
{
	char want[PII_INDEX_HEX], have[PII_INDEX_HEX];
	int rc = pii_blind_index("key_check", check_text, sizeof check_text - 1, want);
	if (rc)
		return pii_error(err, rc);
	if ((rc = setting(d, "pii_key_check", have, sizeof have, err)))
		return rc;
	if (!have[0])
		return db_run(d, sql_set_check, "t", want)
			   ? sg_err_set(err, SG_EINTERNAL, NULL, NULL, "无法保存密钥校验值",
					"cannot store the key check")
			   : 0;
	if (!crypto_equal(want, strlen(want), have, strlen(have)))
		return sg_err_set(err, SG_EINVAL, "key_file", "R-PII",
				  "密钥文件与数据库不匹配：请使用创建该数据库时生成的密钥文件",
				  "the key file does not belong to this database: use the key file "
				  "made with it");
	return 0;
}

int keys_open(db *d, const char *key_file, sg_err *err)
{
	unsigned char key[KEY_LEN];
	char name[32];
	int rc = setting(d, "pii_cipher", name, sizeof name, err);
	if (rc)
		return rc;
	int cipher = name[0] ? pii_cipher_from_name(name) : PII_SM4_GCM;
	if (cipher < 0)
		return sg_err_set(err, SG_EINVAL, "pii_cipher", "R-PII", "未知的字段加密算法",
				  "unknown field cipher");
	if ((rc = keyfile_load(key_file, key, err)))
		return rc;
	rc = pii_init(key, (enum pii_cipher)cipher);
	mem_wipe(key, sizeof key);
	if (rc)
		return sg_err_set(err, rc, NULL, "R-PII", "无法初始化字段加密",
				  "cannot set up field encryption");
	if ((rc = check_key(d, err)))
		pii_shutdown();
	return rc;
}

int keys_set_cipher(db *d, const char *name, sg_err *err)
{
	char have[32];
	int64_t n = 0;
	if (pii_cipher_from_name(name) < 0)
		return sg_err_set(err, SG_EINVAL, "pii_cipher", "R-PII",
				  "字段加密算法应为 sm4-gcm 或 aes-256-gcm",
				  "the field cipher must be sm4-gcm or aes-256-gcm");
	int rc = setting(d, "pii_cipher", have, sizeof have, err);
	if (rc || strcmp(have, name) == 0)
		return rc;
	if ((rc = db_one_int(d, &n, sql_encrypted_values, NULL)))
		return sg_err_set(err, rc, NULL, NULL, "无法读取数据库",
				  "cannot read the database");
	if (n > 0)
		return sg_err_set(err, SG_ECONFLICT, "pii_cipher", "R-PII",
				  "已有加密数据，不能更换字段加密算法",
				  "encrypted values exist: the field cipher cannot change");
	if ((rc = db_run(d, sql_clear_check, NULL)) || (rc = db_run(d, sql_set_cipher, "t", name)))
		return sg_err_set(err, rc, NULL, NULL, "无法保存设置", "cannot store the settings");
	return 0;
}
