/*
 * keys.h — making field encryption (base/pii.h) ready for a database.
 *
 * The deployment key lives in a file (base/keyfile.h); which AEAD cipher
 * encrypts new values is a setting of the database (settings.pii_cipher,
 * "sm4-gcm" unless `shegong init --pii-cipher aes-256-gcm` chose otherwise),
 * so every server on one database writes with the same cipher. Values
 * written under either cipher stay readable: each carries its own.
 */
#ifndef SG_KEYS_H
#define SG_KEYS_H

#include "base/err.h"
#include "store/db.h"

/* Reads the key file and the database's cipher and calls pii_init; the key
 * is wiped from memory afterwards. The key must match the database's check
 * value (settings.pii_key_check, recorded by the first open): SG_EINVAL
 * (field "key_file") for another database's key. Returns 0 or a negative
 * code. */
int keys_open(db *d, const char *key_file, sg_err *err);
/* Records the cipher of a new database ("sm4-gcm" or "aes-256-gcm"); the
 * cipher already recorded is accepted as it is. SG_EINVAL for another
 * name; SG_ECONFLICT for a change once sensitive values exist:
 * the keyed hash that finds them (HMAC-SM3 or HMAC-SHA-256) follows the
 * cipher, so changing it would lose every lookup. */
int keys_set_cipher(db *d, const char *name, sg_err *err);

#endif
