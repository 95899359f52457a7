/*
 * pii.h — sensitive personal data: field encryption, the blind index and
 * masks (SECURITY.md "Personal data", SPEC R-PII-1).
 *
 * Encryption. Sensitive fields are stored as AEAD ciphertexts, SM4-GCM by
 * default (the commercial cryptography government systems are expected to
 * use), AES-256-GCM selectable. OpenSSL 3.0 has no SM4-GCM, so GCM (NIST
 * SP 800-38D, the construction RFC 8998 uses for SM4-GCM) is built here over
 * the block cipher in CTR mode, one generic implementation for both ciphers.
 * A stored value is
 *
 *     version (1 byte: the enum pii_cipher) ‖ nonce (12 random bytes)
 *     ‖ ciphertext (as long as the plaintext) ‖ tag (16 bytes)
 *
 * and the GCM additional data is the version byte followed by a label naming
 * the column (e.g. "orgs.id_number"), so a value copied into another column
 * or row kind does not decrypt. Decryption reads either cipher whatever the
 * deployment chose for new values, so switching the setting keeps old data
 * readable.
 *
 * Keys. pii_init derives the keys from the deployment key (keyfile.h) by
 * HMAC with fixed labels; they live in static memory until pii_shutdown wipes
 * them. The SM4 key comes from HMAC-SM3, the AES key from HMAC-SHA-256, each
 * independent of the chosen cipher.
 *
 * Blind index. Lookup by ID number goes through a keyed hash: HMAC-SM3 when
 * the chosen cipher is SM4-GCM, HMAC-SHA-256 when it is AES-256-GCM, under an
 * index key derived with the same hash. Unlike ciphertexts the index depends
 * on the chosen cipher: changing the setting means recomputing the index
 * columns.
 *
 * Masks. Values are masked in every list and export by default
 * (`640102********1234`, `138****5678`, `张*`); the mask functions never
 * reveal more than those patterns do and only ever write ASCII or complete
 * UTF-8 code points.
 *
 * Threads: pii_init and pii_shutdown run once, at start and at exit, while no
 * other thread uses the module; everything else may be called from any
 * thread. Error messages never contain the values.
 */
#ifndef SG_PII_H
#define SG_PII_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/keyfile.h"

/* The value is the version byte of a stored ciphertext: never renumber. */
enum pii_cipher { PII_SM4_GCM = 1, PII_AES_256_GCM = 2, PII_CIPHER__MAX };

enum {
	PII_NONCE_LEN = 12,
	PII_TAG_LEN = 16,
	PII_OVERHEAD = 1 + PII_NONCE_LEN + PII_TAG_LEN, /* 29 */
	PII_MAX_PLAIN = 1 << 20,			/* 1 MiB, far below GCM's limit */
	PII_AAD_MAX = 128,				/* longest column label */
	PII_INDEX_HEX = 65,				/* 64 hex digits and a NUL */
	PII_ID_MASK_SIZE = 19,
	PII_PHONE_MASK_SIZE = 24,
};

/* "sm4-gcm" / "aes-256-gcm" → the enum; -1 for anything else (NULL too). */
int pii_cipher_from_name(const char *name);
/* The name of c, or "?" for a value outside the enum. */
const char *pii_cipher_name(enum pii_cipher c);

/*
 * Derive the process's keys from the deployment key and choose the cipher of
 * new ciphertexts. Calling it again replaces the keys (tests do). Returns 0,
 * or SG_EINTERNAL when cipher is not in the enum or OpenSSL lacks it; the
 * module is then not ready. key may be wiped by the caller afterwards.
 */
int pii_init(const unsigned char key[KEY_LEN], enum pii_cipher cipher);
/* Wipe the derived keys; pii_ready() is false afterwards. */
void pii_shutdown(void);
bool pii_ready(void);
/* The cipher pii_init chose (0 when not ready). */
enum pii_cipher pii_cipher_current(void);

/*
 * Encrypt len bytes at plain (NULL when len is 0) for the column named by aad
 * (a NUL-terminated label of at most PII_AAD_MAX bytes; NULL means "") into
 * out, which must have room for len + PII_OVERHEAD bytes and must not overlap
 * plain. *outlen (outlen may be NULL) receives len + PII_OVERHEAD. Returns 0;
 * SG_ETOOBIG when len is over PII_MAX_PLAIN; SG_EINTERNAL when the module is
 * not ready, the label is too long or OpenSSL fails.
 */
int pii_encrypt(const char *aad, const void *plain, size_t len, unsigned char *out, size_t *outlen);

/*
 * Verify and decrypt the len bytes at in, written by pii_encrypt with the same
 * aad and deployment key under either cipher, into out, which must have room
 * for len - PII_OVERHEAD + 1 bytes (at least 1): the plaintext and a NUL
 * terminator. The plaintext itself may contain NULs: *outlen (outlen may be
 * NULL), which excludes the terminator, is its length. Returns 0; SG_EINVAL
 * when the input is too short or too long, has an unknown version byte, or
 * its tag does not match (altered, another column's label, another key);
 * SG_EINTERNAL when the module is not ready or OpenSSL fails. On failure out
 * holds "" and no byte of unverified plaintext was written.
 */
int pii_decrypt(const char *aad, const unsigned char *in, size_t len, char *out, size_t *outlen);

/*
 * Fill *err (which may be NULL) for a code returned by pii_encrypt,
 * pii_decrypt or pii_blind_index, with field "pii", rule "R-PII-1" and a
 * message that names no value; returns code.
 */
int pii_error(sg_err *err, int code);

/*
 * The blind index of a value for equality lookup: lower-case hex of
 * HMAC(index key, kind ‖ 0x00 ‖ value) into out (PII_INDEX_HEX bytes), where
 * kind names what the value is ("id_number") so equal strings of different
 * kinds do not match. The caller normalises value first (an ID number's 'x'
 * upper-cased). Returns 0, or SG_EINTERNAL when the module is not ready or
 * OpenSSL fails (out then holds "").
 */
int pii_blind_index(const char *kind, const void *value, size_t len, char out[PII_INDEX_HEX]);

/*
 * Masks. Each writes a NUL-terminated string; s may be NULL when len is 0.
 * Lengths are in bytes for ID numbers and phones, and there a byte that would
 * be kept but is not printable ASCII is written as '*' too (no partial UTF-8
 * sequence, no control byte).
 *
 * ID number: 18 characters → the first 6, 8 '*', the last 4
 * ("640102********1234"); any other length → one '*' per character, at most
 * 18. out has PII_ID_MASK_SIZE (19) bytes.
 */
void pii_mask_id_number(const char *s, size_t len, char out[PII_ID_MASK_SIZE]);
/*
 * Phone: 11 characters → the first 3, "****", the last 4 ("138****5678");
 * 9 or more (landlines with an area code) → the first 3, '*'s, the last 2;
 * 7 or 8 → the first 1 or 2, '*'s, the last 2 (at least 4 hidden); shorter →
 * one '*' per character. At most 18 '*' are written, so out has
 * PII_PHONE_MASK_SIZE (24) bytes.
 */
void pii_mask_phone(const char *s, size_t len, char out[PII_PHONE_MASK_SIZE]);
/*
 * Name (UTF-8): the first code point and one '*' per further code point
 * ("张三" → "张*", "欧阳娜娜" → "欧***"); a single code point → "*"; empty →
 * ""; invalid UTF-8 → "*"; a first code point that is a control character
 * is written as '*'. The result is never longer than len + 1 bytes with
 * its NUL (and "*" needs 2), so outsize = len + 2 always suffices. Returns 0,
 * or SG_EINTERNAL when out is too small (out then holds "" if outsize > 0).
 */
int pii_mask_name(const char *s, size_t len, char *out, size_t outsize);

/*
 * GCM itself, exposed for the known-answer tests. key has 16 bytes for
 * PII_SM4_GCM and 32 for PII_AES_256_GCM; iv has 12 bytes; aad and in may be
 * NULL when their length is 0. len and aadlen are at most PII_MAX_PLAIN.
 *
 * pii_gcm_seal writes len bytes of ciphertext to out and the tag to tag.
 * pii_gcm_open verifies tag in constant time first and only then writes len
 * bytes of plaintext to out. out may equal in. Both return 0, SG_EINVAL for a
 * length over the limit (and, from open, a wrong tag), SG_EINTERNAL when
 * OpenSSL fails or the cipher is not in the enum.
 */
int pii_gcm_seal(enum pii_cipher cipher, const unsigned char *key,
		 const unsigned char iv[PII_NONCE_LEN], const unsigned char *aad, size_t aadlen,
		 const unsigned char *in, size_t len, unsigned char *out,
		 unsigned char tag[PII_TAG_LEN]);
int pii_gcm_open(enum pii_cipher cipher, const unsigned char *key,
		 const unsigned char iv[PII_NONCE_LEN], const unsigned char *aad, size_t aadlen,
		 const unsigned char *in, size_t len, const unsigned char tag[PII_TAG_LEN],
		 unsigned char *out);

#endif
