/* crypto.c — digests, randomness, password hashing, encodings. */
#include "base/crypto.h"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>

#include "base/err.h"

static const char *const digest_names[DIGEST__MAX] = {
    [DIGEST_SM3] = "sm3",
    [DIGEST_SHA256] = "sha256",
};

int digest_from_name(const char *name)
{
	for (int i = 0; i < DIGEST__MAX; i++)
		if (name && strcmp(name, digest_names[i]) == 0)
			return i;
	return -1;
}

const char *digest_name(enum digest_alg alg)
{
	return alg < DIGEST__MAX ? digest_names[alg] : "?";
}

/* Fetched once: EVP_sm3() and EVP_sha256() make every EVP_DigestInit_ex
 * look the algorithm up in the provider store again (a lock and a search
 * on each session lookup). The fetched objects live as long as the process. */
static EVP_MD *md_sm3, *md_sha256;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_fetch(void)
{
	md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *digest_md(enum digest_alg alg)
{
	pthread_once(&md_once, md_fetch);
	if (alg == DIGEST_SM3)
		return md_sm3 ? md_sm3 : EVP_sm3();
	return md_sha256 ? md_sha256 : EVP_sha256();
}

/* One digest context per thread, reused: allocating one per digest costs
 * more than hashing a session token. Freed when the thread ends. */
static pthread_key_t md_key;
static pthread_once_t md_key_once = PTHREAD_ONCE_INIT;

static void md_free(void *md)
{
	EVP_MD_CTX_free(md);
}

static void md_key_make(void)
{
	pthread_key_create(&md_key, md_free);
}

static EVP_MD_CTX *thread_md(void)
{
	pthread_once(&md_key_once, md_key_make);
	EVP_MD_CTX *md = pthread_getspecific(md_key);
	if (!md && (md = EVP_MD_CTX_new()))
		pthread_setspecific(md_key, md);
	return md;
}

int crypto_digest2(enum digest_alg alg, const void *a, size_t alen, const void *b, size_t blen,
		   unsigned char out[DIGEST_LEN])
{
	EVP_MD_CTX *md = thread_md();
	unsigned int n = 0;
	int ok = md && EVP_DigestInit_ex2(md, digest_md(alg), NULL) &&
		 EVP_DigestUpdate(md, a, alen) && (blen == 0 || EVP_DigestUpdate(md, b, blen)) &&
		 EVP_DigestFinal_ex(md, out, &n) && n == DIGEST_LEN;
	return ok ? 0 : SG_EINTERNAL;
}

int crypto_digest(enum digest_alg alg, const void *data, size_t len, unsigned char out[DIGEST_LEN])
{
	return crypto_digest2(alg, data, len, NULL, 0, out);
}

int crypto_random(void *out, size_t n)
{
	unsigned char *p = out;
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0)
			return SG_EINTERNAL;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

enum { ARGON_T = 2, ARGON_M = 19456, ARGON_P = 1, ARGON_SALT = 16, ARGON_LEN = 32 };

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX])
{
	unsigned char salt[ARGON_SALT];
	if (crypto_random(salt, sizeof salt))
		return SG_EINTERNAL;
	int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, pw, len, salt, sizeof salt,
				       ARGON_LEN, out, PASSWORD_HASH_MAX);
	return rc == ARGON2_OK ? 0 : SG_EINTERNAL;
}

bool password_verify(const char *encoded, const char *pw, size_t len)
{
	return argon2id_verify(encoded, pw, len) == ARGON2_OK;
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void base64url_encode(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = tab[(v >> 6) & 63];
	}
	out[o] = '\0';
}

bool crypto_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	return CRYPTO_memcmp(a, b, alen) == 0;
}
