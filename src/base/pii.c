/*
 * pii.c — field encryption (GCM over SM4 or AES-256 in CTR mode), key
 * derivation, the blind index and masks.
 *
 * GCM follows NIST SP 800-38D with a 96-bit IV: H = E_K(0^128),
 * J0 = IV ‖ 0x00000001, the ciphertext is CTR from inc32(J0), and the tag is
 * E_K(J0) XOR GHASH_H(A ‖ pad ‖ C ‖ pad ‖ [len(A)]64 ‖ [len(C)]64). OpenSSL's
 * CTR mode increments the whole 128-bit counter rather than the low 32 bits;
 * the two agree while the low word does not wrap, which from J0's 1 takes
 * 2^32 - 2 blocks. PII_MAX_PLAIN keeps messages far below that.
 */
#include "base/pii.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "base/utf8.h"

#define RULE_PII "R-PII-1"

enum { SM4_KEY_LEN = 16, AES_KEY_LEN = 32, BLOCK = 16 };

static const char label_enc[] = "shegong pii enc v1";
static const char label_index[] = "shegong pii index v1";

static const char *const cipher_names[PII_CIPHER__MAX] = {
    [PII_SM4_GCM] = "sm4-gcm",
    [PII_AES_256_GCM] = "aes-256-gcm",
};

int pii_cipher_from_name(const char *name)
{
	for (int i = 0; i < PII_CIPHER__MAX; i++)
		if (name && cipher_names[i] && strcmp(name, cipher_names[i]) == 0)
			return i;
	return -1;
}

const char *pii_cipher_name(enum pii_cipher c)
{
	return c > 0 && c < PII_CIPHER__MAX ? cipher_names[c] : "?";
}

static bool cipher_known(unsigned c)
{
	return c == PII_SM4_GCM || c == PII_AES_256_GCM;
}

/* ---- OpenSSL objects: fetched once, contexts per thread (as crypto.c) ---- */

static EVP_CIPHER *ctr_sm4, *ctr_aes;
static EVP_MAC *mac_hmac;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch(void)
{
	ctr_sm4 = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
	ctr_aes = EVP_CIPHER_fetch(NULL, "AES-256-CTR", NULL);
	mac_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

static const EVP_CIPHER *ctr_cipher(enum pii_cipher c)
{
	pthread_once(&fetch_once, fetch);
	if (c == PII_SM4_GCM)
		return ctr_sm4;
	if (c == PII_AES_256_GCM)
		return ctr_aes;
	return NULL;
}

/* Freed, and with it the last key schedule, when the thread ends. */
static pthread_key_t cipher_key;
static pthread_once_t cipher_key_once = PTHREAD_ONCE_INIT;

static void cipher_ctx_free(void *ctx)
{
	EVP_CIPHER_CTX_free(ctx);
}

static void cipher_key_make(void)
{
	pthread_key_create(&cipher_key, cipher_ctx_free);
}

static EVP_CIPHER_CTX *thread_cipher(void)
{
	pthread_once(&cipher_key_once, cipher_key_make);
	EVP_CIPHER_CTX *ctx = pthread_getspecific(cipher_key);
	if (!ctx && (ctx = EVP_CIPHER_CTX_new()))
		pthread_setspecific(cipher_key, ctx);
	return ctx;
}

struct part {
	const void *p;
	size_t len;
};

/* HMAC(key, parts[0] ‖ … ‖ parts[n-1]) with SM3 or SHA-256 into out. */
static int hmac(enum digest_alg alg, const unsigned char *key, size_t keylen,
		const struct part *parts, size_t n, unsigned char out[DIGEST_LEN])
{
	pthread_once(&fetch_once, fetch);
	EVP_MAC_CTX *ctx = mac_hmac ? EVP_MAC_CTX_new(mac_hmac) : NULL;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
					     alg == DIGEST_SM3 ? "SM3" : "SHA256", 0),
	    OSSL_PARAM_construct_end(),
	};
	size_t outl = 0;
	int ok = ctx && EVP_MAC_init(ctx, key, keylen, params);
	for (size_t i = 0; ok && i < n; i++)
		ok = parts[i].len == 0 || EVP_MAC_update(ctx, parts[i].p, parts[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &outl, DIGEST_LEN) && outl == DIGEST_LEN;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : SG_EINTERNAL;
}

/* ---- GHASH: GF(2^128) with the bit order of SP 800-38D ---- */

typedef struct {
	uint64_t hi, lo; /* bits 0-63 and 64-127; bit 0 is the MSB of hi */
} block128;

static uint64_t load64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void store64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

/* X · Y (SP 800-38D algorithm 1), bit by bit with masks instead of branches
 * so the time does not depend on H. Fields are short: 128 rounds a block is
 * cheap enough. */
static block128 gf_mul(block128 x, block128 y)
{
	block128 z = {0, 0}, v = y;

	for (int i = 0; i < 128; i++) {
		uint64_t bit = i < 64 ? x.hi >> (63 - i) : x.lo >> (127 - i);
		uint64_t m = (uint64_t)0 - (bit & 1);
		z.hi ^= v.hi & m;
		z.lo ^= v.lo & m;
		uint64_t r = (uint64_t)0 - (v.lo & 1);
		v.lo = v.lo >> 1 | v.hi << 63;
		v.hi = v.hi >> 1 ^ (UINT64_C(0xE100000000000000) & r);
	}
	return z;
}

struct ghash {
	block128 h, y;
};

/* Absorb len bytes, the last block padded with zeros. */
static void ghash_update(struct ghash *g, const unsigned char *p, size_t len)
{
	unsigned char last[BLOCK];

	while (len > 0) {
		const unsigned char *b = p;
		size_t n = len < BLOCK ? len : BLOCK;
		if (n < BLOCK) {
			memset(last, 0, sizeof last);
			memcpy(last, p, n);
			b = last;
		}
		g->y.hi ^= load64(b);
		g->y.lo ^= load64(b + 8);
		g->y = gf_mul(g->y, g->h);
		p += n;
		len -= n;
	}
}

/* tag = E_K(J0) XOR GHASH(A, C). */
static void ghash_tag(struct ghash *g, size_t aadlen, size_t len, const unsigned char ekj0[BLOCK],
		      unsigned char tag[BLOCK])
{
	unsigned char lens[BLOCK];

	store64(lens, (uint64_t)aadlen * 8);
	store64(lens + 8, (uint64_t)len * 8);
	ghash_update(g, lens, sizeof lens);
	store64(tag, g->y.hi);
	store64(tag + 8, g->y.lo);
	for (int i = 0; i < BLOCK; i++)
		tag[i] ^= ekj0[i];
}

/*
 * Key ctx for cipher, derive H into g and E_K(J0) into ekj0, and leave ctx in
 * CTR mode positioned at inc32(J0). Both blocks come from CTR over zeros:
 * counter 0 gives E_K(0^128), counter J0 gives E_K(J0) and then runs on.
 */
static int gcm_start(EVP_CIPHER_CTX *ctx, enum pii_cipher cipher, const unsigned char *key,
		     const unsigned char iv[PII_NONCE_LEN], struct ghash *g,
		     unsigned char ekj0[BLOCK])
{
	static const unsigned char zero[BLOCK];
	const EVP_CIPHER *ec = ctr_cipher(cipher);
	unsigned char h[BLOCK], j0[BLOCK];
	int n1 = 0, n2 = 0;

	memcpy(j0, iv, PII_NONCE_LEN);
	j0[12] = j0[13] = j0[14] = 0;
	j0[15] = 1;
	int ok = ctx && ec && EVP_EncryptInit_ex2(ctx, ec, key, zero, NULL) &&
		 EVP_EncryptUpdate(ctx, h, &n1, zero, BLOCK) && n1 == BLOCK &&
		 EVP_EncryptInit_ex2(ctx, NULL, NULL, j0, NULL) &&
		 EVP_EncryptUpdate(ctx, ekj0, &n2, zero, BLOCK) && n2 == BLOCK;
	g->h.hi = load64(h);
	g->h.lo = load64(h + 8);
	g->y.hi = g->y.lo = 0;
	mem_wipe(h, sizeof h);
	return ok ? 0 : SG_EINTERNAL;
}

/* CTR over len bytes (none when len is 0: in and out may be NULL then). */
static int ctr_run(EVP_CIPHER_CTX *ctx, const unsigned char *in, size_t len, unsigned char *out)
{
	int n = 0;

	if (len == 0)
		return 0;
	return EVP_EncryptUpdate(ctx, out, &n, in, (int)len) && (size_t)n == len ? 0 : SG_EINTERNAL;
}

int pii_gcm_seal(enum pii_cipher cipher, const unsigned char *key,
		 const unsigned char iv[PII_NONCE_LEN], const unsigned char *aad, size_t aadlen,
		 const unsigned char *in, size_t len, unsigned char *out,
		 unsigned char tag[PII_TAG_LEN])
{
	EVP_CIPHER_CTX *ctx = thread_cipher();
	struct ghash g;
	unsigned char ekj0[BLOCK];

	if (len > PII_MAX_PLAIN || aadlen > PII_MAX_PLAIN)
		return SG_EINVAL;
	int rc = gcm_start(ctx, cipher, key, iv, &g, ekj0);
	if (!rc)
		rc = ctr_run(ctx, in, len, out);
	if (!rc) {
		ghash_update(&g, aad, aadlen);
		ghash_update(&g, out, len);
		ghash_tag(&g, aadlen, len, ekj0, tag);
	}
	mem_wipe(&g, sizeof g);
	mem_wipe(ekj0, sizeof ekj0);
	return rc;
}

int pii_gcm_open(enum pii_cipher cipher, const unsigned char *key,
		 const unsigned char iv[PII_NONCE_LEN], const unsigned char *aad, size_t aadlen,
		 const unsigned char *in, size_t len, const unsigned char tag[PII_TAG_LEN],
		 unsigned char *out)
{
	EVP_CIPHER_CTX *ctx = thread_cipher();
	struct ghash g;
	unsigned char ekj0[BLOCK], want[BLOCK];

	if (len > PII_MAX_PLAIN || aadlen > PII_MAX_PLAIN)
		return SG_EINVAL;
	int rc = gcm_start(ctx, cipher, key, iv, &g, ekj0);
	if (!rc) {
		ghash_update(&g, aad, aadlen);
		ghash_update(&g, in, len);
		ghash_tag(&g, aadlen, len, ekj0, want);
		if (CRYPTO_memcmp(want, tag, BLOCK) != 0)
			rc = SG_EINVAL;
	}
	/* Only a verified ciphertext is decrypted. */
	if (!rc && (rc = ctr_run(ctx, in, len, out)))
		mem_wipe(out, len);
	mem_wipe(&g, sizeof g);
	mem_wipe(ekj0, sizeof ekj0);
	mem_wipe(want, sizeof want);
	return rc;
}

/* ---- the process's keys ---- */

/* Written only by pii_init and pii_shutdown, before and after the threads. */
static struct {
	bool ready;
	enum pii_cipher cipher;
	unsigned char sm4[SM4_KEY_LEN];
	unsigned char aes[AES_KEY_LEN];
	unsigned char index[DIGEST_LEN];
} keys;

/* The blind index hash follows the chosen cipher's family. */
static enum digest_alg index_alg(enum pii_cipher cipher)
{
	return cipher == PII_SM4_GCM ? DIGEST_SM3 : DIGEST_SHA256;
}

static const unsigned char *enc_key(enum pii_cipher cipher)
{
	return cipher == PII_SM4_GCM ? keys.sm4 : keys.aes;
}

void pii_shutdown(void)
{
	mem_wipe(&keys, sizeof keys);
	keys.ready = false;
	keys.cipher = 0;
}

bool pii_ready(void)
{
	return keys.ready;
}

enum pii_cipher pii_cipher_current(void)
{
	return keys.ready ? keys.cipher : 0;
}

int pii_init(const unsigned char key[KEY_LEN], enum pii_cipher cipher)
{
	unsigned char t[DIGEST_LEN];
	const struct part enc = {label_enc, sizeof label_enc - 1};
	const struct part idx = {label_index, sizeof label_index - 1};

	pii_shutdown();
	if (!cipher_known(cipher) || !ctr_cipher(cipher))
		return SG_EINTERNAL;
	int rc = hmac(DIGEST_SM3, key, KEY_LEN, &enc, 1, t);
	memcpy(keys.sm4, t, SM4_KEY_LEN);
	if (!rc)
		rc = hmac(DIGEST_SHA256, key, KEY_LEN, &enc, 1, keys.aes);
	if (!rc)
		rc = hmac(index_alg(cipher), key, KEY_LEN, &idx, 1, keys.index);
	mem_wipe(t, sizeof t);
	if (rc) {
		pii_shutdown();
		return SG_EINTERNAL;
	}
	keys.cipher = cipher;
	keys.ready = true;
	return 0;
}

/* ---- stored values ---- */

/* The GCM additional data: the version byte, then the column label. */
static int build_aad(unsigned char version, const char *label, unsigned char ad[1 + PII_AAD_MAX],
		     size_t *adlen)
{
	size_t n = label ? strlen(label) : 0;

	if (n > PII_AAD_MAX)
		return SG_EINTERNAL;
	ad[0] = version;
	if (n)
		memcpy(ad + 1, label, n);
	*adlen = 1 + n;
	return 0;
}

int pii_error(sg_err *err, int code)
{
	switch (code) {
	case 0:
		return 0;
	case SG_EINVAL:
		return sg_err_set(err, code, "pii", RULE_PII, "加密字段已损坏、被改动或与密钥不符",
				  "an encrypted field is damaged, was altered, or does not match "
				  "the key");
	case SG_ETOOBIG:
		return sg_err_set(err, code, "pii", RULE_PII, "敏感字段过长",
				  "a sensitive field is too long");
	default:
		return sg_err_set(err, code, "pii", RULE_PII, "敏感字段加解密失败",
				  "encryption of a sensitive field failed");
	}
}

int pii_encrypt(const char *aad, const void *plain, size_t len, unsigned char *out, size_t *outlen)
{
	unsigned char ad[1 + PII_AAD_MAX];
	size_t adlen = 0;

	if (len > PII_MAX_PLAIN)
		return SG_ETOOBIG;
	if (!keys.ready || !out || build_aad((unsigned char)keys.cipher, aad, ad, &adlen))
		return SG_EINTERNAL;
	unsigned char *nonce = out + 1, *body = nonce + PII_NONCE_LEN;
	out[0] = (unsigned char)keys.cipher;
	if (crypto_random(nonce, PII_NONCE_LEN) ||
	    pii_gcm_seal(keys.cipher, enc_key(keys.cipher), nonce, ad, adlen, plain, len, body,
			 body + len))
		return SG_EINTERNAL;
	if (outlen)
		*outlen = len + PII_OVERHEAD;
	return 0;
}

int pii_decrypt(const char *aad, const unsigned char *in, size_t len, char *out, size_t *outlen)
{
	unsigned char ad[1 + PII_AAD_MAX];
	size_t adlen = 0;

	if (!out)
		return SG_EINTERNAL;
	out[0] = '\0';
	if (!keys.ready)
		return SG_EINTERNAL;
	if (!in || len < PII_OVERHEAD || len - PII_OVERHEAD > PII_MAX_PLAIN || !cipher_known(in[0]))
		return SG_EINVAL;
	if (build_aad(in[0], aad, ad, &adlen))
		return SG_EINVAL; /* no label that long was ever used to encrypt */
	size_t n = len - PII_OVERHEAD;
	enum pii_cipher cipher = in[0];
	const unsigned char *nonce = in + 1, *body = nonce + PII_NONCE_LEN;
	int rc = pii_gcm_open(cipher, enc_key(cipher), nonce, ad, adlen, body, n, body + n,
			      (unsigned char *)out);
	if (rc)
		return rc == SG_EINVAL ? SG_EINVAL : SG_EINTERNAL;
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return 0;
}

int pii_blind_index(const char *kind, const void *value, size_t len, char out[PII_INDEX_HEX])
{
	unsigned char mac[DIGEST_LEN];
	const struct part parts[] = {
	    {kind, kind ? strlen(kind) : 0},
	    {"", 1}, /* the NUL separating kind from value */
	    {value, len},
	};

	out[0] = '\0';
	if (!keys.ready ||
	    hmac(index_alg(keys.cipher), keys.index, sizeof keys.index, parts, 3, mac))
		return SG_EINTERNAL;
	hex_encode(mac, sizeof mac, out);
	return 0;
}

/* ---- masks ---- */

/* A kept character: printable ASCII only, anything else becomes '*'. */
static char shown(char c)
{
	return c >= 0x20 && c < 0x7f ? c : '*';
}

/* head characters, then '*' for the middle (at most maxstars), then tail
 * characters; head + tail <= len. */
static void mask_ascii(const char *s, size_t len, size_t head, size_t tail, size_t maxstars,
		       char *out)
{
	size_t o = 0, stars = len - head - tail;

	if (stars > maxstars)
		stars = maxstars;
	for (size_t i = 0; i < head; i++)
		out[o++] = shown(s[i]);
	for (size_t i = 0; i < stars; i++)
		out[o++] = '*';
	for (size_t i = len - tail; i < len; i++)
		out[o++] = shown(s[i]);
	out[o] = '\0';
}

void pii_mask_id_number(const char *s, size_t len, char out[PII_ID_MASK_SIZE])
{
	if (len == 18)
		mask_ascii(s, len, 6, 4, 8, out);
	else
		mask_ascii(s, len, 0, 0, 18, out);
}

void pii_mask_phone(const char *s, size_t len, char out[PII_PHONE_MASK_SIZE])
{
	if (len == 11)
		mask_ascii(s, len, 3, 4, 4, out);
	else if (len >= 9)
		mask_ascii(s, len, 3, 2, 18, out);
	else if (len >= 7)
		mask_ascii(s, len, len - 6, 2, 18, out);
	else
		mask_ascii(s, len, 0, 0, 18, out);
}

int pii_mask_name(const char *s, size_t len, char *out, size_t outsize)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!out || outsize == 0)
		return SG_EINTERNAL;
	out[0] = '\0';
	if (len == 0)
		return 0;
	size_t count = utf8_valid(s, len) ? utf8_count(s, len) : 1;
	if (count == 1) {
		if (outsize < 2)
			return SG_EINTERNAL;
		memcpy(out, "*", 2);
		return 0;
	}
	size_t first = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	bool control = p[0] < 0x20 || p[0] == 0x7f; /* not shown either */
	size_t o = control ? 1 : first;
	if (outsize < o + count)
		return SG_EINTERNAL;
	memcpy(out, control ? "*" : s, o);
	memset(out + o, '*', count - 1);
	out[o + count - 1] = '\0';
	return 0;
}
