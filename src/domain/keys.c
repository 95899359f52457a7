/* keys.c — the deployment key and the database's cipher, into base/pii. */
#include "domain/keys.h"

#include <string.h>

#include "base/keyfile.h"
#include "base/mem.h"
#include "base/pii.h"

static const char sql_get_cipher[] = "SELECT value FROM settings WHERE key = 'pii_cipher'";
static const char sql_set_cipher[] = "INSERT INTO settings (key, value) VALUES ('pii_cipher', ?)"
				     " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_encrypted_values[] =
    "SELECT COUNT(*) FROM orgs WHERE id_number_enc IS NOT NULL";

int keys_open(db *d, const char *key_file, sg_err *err)
{
	unsigned char key[KEY_LEN];
	int cipher = PII_SM4_GCM;
	db_stmt *s;
	int rc = db_query(d, &s, sql_get_cipher, NULL);

	if (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		cipher = pii_cipher_from_name(db_text(s, 0));
		db_reset(s);
	}
	if (rc < 0)
		return sg_err_set(err, rc, NULL, NULL, "无法读取设置", "cannot read the settings");
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
	return 0;
}

int keys_set_cipher(db *d, const char *name, sg_err *err)
{
	int64_t n = 0;
	if (pii_cipher_from_name(name) < 0)
		return sg_err_set(err, SG_EINVAL, "pii_cipher", "R-PII",
				  "字段加密算法应为 sm4-gcm 或 aes-256-gcm",
				  "the field cipher must be sm4-gcm or aes-256-gcm");
	int rc = db_one_int(d, &n, sql_encrypted_values, NULL);
	if (rc)
		return sg_err_set(err, rc, NULL, NULL, "无法读取数据库",
				  "cannot read the database");
	if (n > 0)
		return sg_err_set(err, SG_ECONFLICT, "pii_cipher", "R-PII",
				  "已有加密数据,不能更换字段加密算法",
				  "encrypted values exist: the field cipher cannot change");
	return db_run(d, sql_set_cipher, "t", name);
}
