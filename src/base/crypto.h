/*
 * crypto.h — the few cryptographic primitives the system uses, over
 * OpenSSL 3 and libargon2.
 *
 * Digests are named by enum so that the audit chain can record which one it
 * uses (SM3 by default, SHA-256 selectable).
 */
#ifndef SG_CRYPTO_H
#define SG_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum digest_alg { DIGEST_SM3, DIGEST_SHA256, DIGEST__MAX };

enum { DIGEST_LEN = 32, PASSWORD_HASH_MAX = 128 };

/* "sm3" / "sha256"; -1 for anything else. */
int digest_from_name(const char *name);
const char *digest_name(enum digest_alg alg);

/* out receives DIGEST_LEN bytes. Returns 0 or SG_EINTERNAL. */
int crypto_digest(enum digest_alg alg, const void *data, size_t len, unsigned char out[DIGEST_LEN]);
/* Digest of a ‖ b. */
int crypto_digest2(enum digest_alg alg, const void *a, size_t alen, const void *b, size_t blen,
		   unsigned char out[DIGEST_LEN]);

/* n bytes from the operating system's random source. Returns 0 or
 * SG_EINTERNAL. */
int crypto_random(void *out, size_t n);

/* Argon2id (m = 19456 KiB, t = 2, p = 1; SECURITY.md) in PHC string form into
 * out (PASSWORD_HASH_MAX bytes). Returns 0 or SG_EINTERNAL. */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX]);
/* true when pw matches the encoded hash. */
bool password_verify(const char *encoded, const char *pw, size_t len);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);
/* Unpadded base64url of n bytes into out (at least 4 * ((n + 2) / 3) + 1). */
void base64url_encode(const unsigned char *in, size_t n, char *out);

/* Constant-time comparison of two strings of possibly different lengths. */
bool crypto_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
