/* test_pii.c — field encryption (SM4-GCM, AES-256-GCM), the blind index and
 * masks (SECURITY.md "Personal data", R-PII-1). */
#include "testlib.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/crypto.h"
#include "base/pii.h"

/* ---- helpers ---- */

static size_t unhex(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			fail_msg("bad hex in test data");
		out[i] = (unsigned char)v;
	}
	return n;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 3));
}

static const unsigned char master[KEY_LEN] = {
    0x3c, 0x11, 0x5a, 0x90, 0x27, 0xe4, 0x08, 0x6b, 0xd2, 0x41, 0x9f, 0x73, 0x10, 0xaa, 0x5e, 0xc8,
    0x01, 0x77, 0xb3, 0x6d, 0x2f, 0x95, 0xe0, 0x4c, 0x88, 0x19, 0xfe, 0x36, 0xa1, 0x52, 0xcd, 0x0b,
};

static int setup_sm4(void **state)
{
	(void)state;
	return pii_init(master, PII_SM4_GCM);
}

static int teardown(void **state)
{
	(void)state;
	pii_shutdown();
	return 0;
}

/* The errors the decrypt path must give for bad input. */
static void expect_bad(const char *aad, const unsigned char *in, size_t len)
{
	char out[256];
	size_t outlen = 12345;
	sg_err err;

	memset(out, 'Z', sizeof out);
	assert_int_equal(pii_decrypt(aad, in, len, out, &outlen), SG_EINVAL);
	sg_err_clear(&err);
	assert_int_equal(pii_error(&err, SG_EINVAL), SG_EINVAL);
	assert_int_equal(err.code, SG_EINVAL);
	assert_string_equal(err.field, "pii");
	assert_string_equal(err.rule, "R-PII-1");
	assert_string_equal(out, "");
	assert_int_equal(outlen, 12345);
}

/* ---- names ---- */

static void test_cipher_names(void **state)
{
	(void)state;
	assert_int_equal(pii_cipher_from_name("sm4-gcm"), PII_SM4_GCM);
	assert_int_equal(pii_cipher_from_name("aes-256-gcm"), PII_AES_256_GCM);
	assert_int_equal(pii_cipher_from_name("SM4-GCM"), -1);
	assert_int_equal(pii_cipher_from_name("sm4"), -1);
	assert_int_equal(pii_cipher_from_name(""), -1);
	assert_int_equal(pii_cipher_from_name(NULL), -1);
	assert_string_equal(pii_cipher_name(PII_SM4_GCM), "sm4-gcm");
	assert_string_equal(pii_cipher_name(PII_AES_256_GCM), "aes-256-gcm");
	assert_string_equal(pii_cipher_name(0), "?");
	assert_string_equal(pii_cipher_name(PII_CIPHER__MAX), "?");
}

/* ---- GCM ---- */

/* RFC 8998 appendix A.1 (the same vector is in nettle, Go's sm4 and Tongsuo
 * test suites). */
static void test_sm4_gcm_rfc8998(void **state)
{
	unsigned char key[16], iv[12], aad[20], pt[64], ct[64], tag[16];
	unsigned char out[64], got_tag[16], bad[64];

	(void)state;
	unhex("0123456789ABCDEFFEDCBA9876543210", key);
	unhex("00001234567800000000ABCD", iv);
	unhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2", aad);
	unhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
	      "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
	      pt);
	unhex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
	      "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D",
	      ct);
	unhex("83DE3541E4C2B58177E065A9BF7B62EC", tag);

	assert_int_equal(pii_gcm_seal(PII_SM4_GCM, key, iv, aad, 20, pt, 64, out, got_tag), 0);
	assert_memory_equal(out, ct, 64);
	assert_memory_equal(got_tag, tag, 16);

	memset(out, 0, sizeof out);
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, ct, 64, tag, out), 0);
	assert_memory_equal(out, pt, 64);

	/* a flipped bit anywhere: ciphertext, tag, AAD, IV; out is untouched */
	for (size_t i = 0; i < 64; i++) {
		memcpy(bad, ct, 64);
		bad[i] ^= 0x01;
		memset(out, 0x55, sizeof out);
		assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, bad, 64, tag, out),
				 SG_EINVAL);
		for (size_t k = 0; k < 64; k++)
			assert_int_equal(out[k], 0x55);
	}
	for (size_t i = 0; i < 16; i++) {
		memcpy(got_tag, tag, 16);
		got_tag[i] ^= 0x80;
		assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, ct, 64, got_tag, out),
				 SG_EINVAL);
	}
	aad[19] ^= 1;
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, ct, 64, tag, out), SG_EINVAL);
	aad[19] ^= 1;
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 19, ct, 64, tag, out), SG_EINVAL);
	iv[0] ^= 1;
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, ct, 64, tag, out), SG_EINVAL);
	iv[0] ^= 1;
	/* the same bytes with AES-256 (and a 32-byte key) do not verify */
	unsigned char key32[32] = {0};
	memcpy(key32, key, 16);
	assert_int_equal(pii_gcm_open(PII_AES_256_GCM, key32, iv, aad, 20, ct, 64, tag, out),
			 SG_EINVAL);
	/* a shorter message (a prefix of the ciphertext) does not verify */
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, aad, 20, ct, 48, tag, out), SG_EINVAL);
}

/* AES-256-GCM by OpenSSL's own implementation, for comparison. */
static void openssl_aes_gcm(const unsigned char key[32], const unsigned char iv[12],
			    const unsigned char *aad, size_t aadlen, const unsigned char *pt,
			    size_t len, unsigned char *ct, unsigned char tag[16])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv), 1);
	if (aadlen)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aadlen), 1);
	if (len) {
		assert_int_equal(EVP_EncryptUpdate(ctx, ct, &n, pt, (int)len), 1);
		assert_int_equal(n, (int)len);
	}
	assert_int_equal(EVP_EncryptFinal_ex(ctx, ct + len, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(ctx);
}

static void test_aes_gcm_matches_openssl(void **state)
{
	static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000};
	static const size_t aadlens[] = {0, 1, 13, 16, 20, 33};
	unsigned char key[32], iv[12], aad[64], pt[1000], want[1000], wtag[16];
	unsigned char got[1000], gtag[16], back[1000];
	unsigned seed = 1;

	(void)state;
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		for (size_t j = 0; j < sizeof aadlens / sizeof aadlens[0]; j++) {
			size_t len = lens[i], aadlen = aadlens[j];
			fill(key, sizeof key, seed++);
			fill(iv, sizeof iv, seed++);
			fill(aad, sizeof aad, seed++);
			fill(pt, sizeof pt, seed++);
			openssl_aes_gcm(key, iv, aad, aadlen, pt, len, want, wtag);
			assert_int_equal(pii_gcm_seal(PII_AES_256_GCM, key, iv, aadlen ? aad : NULL,
						      aadlen, len ? pt : NULL, len, got, gtag),
					 0);
			if (len)
				assert_memory_equal(got, want, len);
			assert_memory_equal(gtag, wtag, 16);
			assert_int_equal(pii_gcm_open(PII_AES_256_GCM, key, iv, aad, aadlen, want,
						      len, wtag, back),
					 0);
			if (len)
				assert_memory_equal(back, pt, len);
		}
	}
}

/* Both ciphers at every length up to a few blocks, out of place and in
 * place (the SM4 path has only the RFC vector to compare with). */
static void test_gcm_lengths_and_in_place(void **state)
{
	unsigned char key[32], iv[12], aad[20], pt[70], buf[70], ct[70], tag[16];

	(void)state;
	fill(key, sizeof key, 7);
	fill(iv, sizeof iv, 8);
	fill(aad, sizeof aad, 9);
	for (int c = PII_SM4_GCM; c <= PII_AES_256_GCM; c++) {
		for (size_t len = 0; len <= sizeof pt; len++) {
			fill(pt, sizeof pt, (unsigned)len);
			assert_int_equal(pii_gcm_seal(c, key, iv, aad, 20, pt, len, ct, tag), 0);
			memcpy(buf, pt, len);
			unsigned char tag2[16];
			assert_int_equal(pii_gcm_seal(c, key, iv, aad, 20, buf, len, buf, tag2), 0);
			assert_memory_equal(tag, tag2, 16);
			if (len)
				assert_memory_equal(buf, ct, len);
			assert_int_equal(pii_gcm_open(c, key, iv, aad, 20, buf, len, tag, buf), 0);
			if (len)
				assert_memory_equal(buf, pt, len);
		}
	}
	/* outside the enum */
	assert_int_equal(pii_gcm_seal(0, key, iv, aad, 20, pt, 16, ct, tag), SG_EINTERNAL);
	assert_int_equal(pii_gcm_seal(3, key, iv, aad, 20, pt, 16, ct, tag), SG_EINTERNAL);
}

static void test_gcm_limit(void **state)
{
	unsigned char key[16] = {0}, iv[12] = {0}, tag[16];
	unsigned char *big = calloc(1, PII_MAX_PLAIN + 1), *out = malloc(PII_MAX_PLAIN + 1);

	(void)state;
	assert_non_null(big);
	assert_non_null(out);
	assert_int_equal(
	    pii_gcm_seal(PII_SM4_GCM, key, iv, NULL, 0, big, PII_MAX_PLAIN + 1, out, tag),
	    SG_EINVAL);
	assert_int_equal(
	    pii_gcm_seal(PII_SM4_GCM, key, iv, big, PII_MAX_PLAIN + 1, NULL, 0, out, tag),
	    SG_EINVAL);
	assert_int_equal(pii_gcm_seal(PII_SM4_GCM, key, iv, NULL, 0, big, PII_MAX_PLAIN, out, tag),
			 0);
	assert_int_equal(pii_gcm_open(PII_SM4_GCM, key, iv, NULL, 0, out, PII_MAX_PLAIN, tag, out),
			 0);
	for (size_t i = 0; i < PII_MAX_PLAIN; i += 4099)
		assert_int_equal(out[i], 0);
	free(big);
	free(out);
}

/* ---- stored values ---- */

static void round_trip(const char *aad, const void *plain, size_t len)
{
	unsigned char ct[512];
	char back[512];
	size_t ctlen = 0, backlen = 0;

	assert_true(len + PII_OVERHEAD <= sizeof ct);
	assert_int_equal(pii_encrypt(aad, plain, len, ct, &ctlen), 0);
	assert_int_equal(ctlen, len + PII_OVERHEAD);
	assert_int_equal(ct[0], pii_cipher_current());
	memset(back, 'Z', sizeof back);
	assert_int_equal(pii_decrypt(aad, ct, ctlen, back, &backlen), 0);
	assert_int_equal(backlen, len);
	if (len)
		assert_memory_equal(back, plain, len);
	assert_int_equal(back[len], '\0');
}

static void test_round_trip(void **state)
{
	static const char *const values[] = {
	    "",
	    "6",
	    "64010219900101123X",
	    "13812345678",
	    "宁夏回族自治区银川市兴庆区解放东街 1 号",
	    "𠀀𪚥 (extension B)",
	};
	unsigned char bytes[300];

	(void)state;
	for (int c = PII_SM4_GCM; c <= PII_AES_256_GCM; c++) {
		assert_int_equal(pii_init(master, c), 0);
		assert_true(pii_ready());
		assert_int_equal(pii_cipher_current(), c);
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
			round_trip("persons.id_number", values[i], strlen(values[i]));
		fill(bytes, sizeof bytes, 3);
		bytes[5] = 0; /* NULs inside are kept */
		for (size_t len = 0; len <= sizeof bytes; len += 13)
			round_trip("persons.address", bytes, len);
		round_trip(NULL, "x", 1);
		round_trip("", NULL, 0);
	}
}

static void test_nonce_is_random(void **state)
{
	unsigned char a[64], b[64];
	size_t alen, blen;

	(void)state;
	assert_int_equal(pii_encrypt("t.c", "13812345678", 11, a, &alen), 0);
	assert_int_equal(pii_encrypt("t.c", "13812345678", 11, b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a + 1, b + 1, PII_NONCE_LEN);
	assert_memory_not_equal(a + 1 + PII_NONCE_LEN, b + 1 + PII_NONCE_LEN, 11);
}

static void test_tamper(void **state)
{
	static const char id[] = "64010219900101123X";
	unsigned char ct[64], bad[64];
	size_t len;

	(void)state;
	for (int c = PII_SM4_GCM; c <= PII_AES_256_GCM; c++) {
		assert_int_equal(pii_init(master, c), 0);
		assert_int_equal(pii_encrypt("persons.id_number", id, 18, ct, &len), 0);
		/* every byte: version, nonce, body, tag */
		for (size_t i = 0; i < len; i++) {
			for (int bit = 0; bit < 8; bit += 7) {
				memcpy(bad, ct, len);
				bad[i] ^= (unsigned char)(1 << bit);
				expect_bad("persons.id_number", bad, len);
			}
		}
		/* the other cipher's version byte, and unknown ones */
		static const unsigned char versions[] = {0, 1, 2, 3, 0x81, 0xff};
		for (size_t v = 0; v < sizeof versions; v++) {
			if (versions[v] == c)
				continue;
			memcpy(bad, ct, len);
			bad[0] = versions[v];
			expect_bad("persons.id_number", bad, len);
		}
		/* another column, no column, a longer or shorter label */
		expect_bad("persons.phone", ct, len);
		expect_bad(NULL, ct, len);
		expect_bad("", ct, len);
		expect_bad("persons.id_number ", ct, len);
		expect_bad("persons.id_numbe", ct, len);
		/* truncated at every length, and extended */
		for (size_t n = 0; n < len; n++)
			expect_bad("persons.id_number", ct, n);
		expect_bad("persons.id_number", NULL, 0);
		memcpy(bad, ct, len);
		bad[len] = 0;
		expect_bad("persons.id_number", bad, len + 1);
		/* the original still decrypts */
		char out[32];
		assert_int_equal(pii_decrypt("persons.id_number", ct, len, out, NULL), 0);
		assert_string_equal(out, id);
	}
}

/* Errors never contain the value: not in the message, not in out. */
static void test_errors_hide_value(void **state)
{
	static const int codes[] = {SG_EINVAL, SG_ETOOBIG, SG_EINTERNAL};
	static const char id[] = "64010219900101123X";
	unsigned char ct[64];
	char out[64];
	size_t len;
	sg_err err;

	(void)state;
	assert_int_equal(pii_encrypt("p.id", id, 18, ct, &len), 0);
	memset(out, 'Z', sizeof out);
	assert_int_equal(pii_decrypt("p.other", ct, len, out, NULL), SG_EINVAL);
	assert_string_equal(out, "");
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		sg_err_clear(&err);
		assert_int_equal(pii_error(&err, codes[i]), codes[i]);
		assert_int_equal(err.code, codes[i]);
		assert_string_equal(err.field, "pii");
		assert_string_equal(err.rule, "R-PII-1");
		assert_true(err.msg[0] && err.msg_en[0]);
		assert_null(strstr(err.msg, "6401"));
		assert_null(strstr(err.msg_en, "6401"));
	}
	assert_int_equal(pii_error(NULL, SG_EINVAL), SG_EINVAL);
	assert_int_equal(pii_error(&err, 0), 0);
}

static void test_sizes_and_state(void **state)
{
	static unsigned char big[PII_MAX_PLAIN + 1];
	unsigned char ct[PII_AAD_MAX + 64];
	char label[PII_AAD_MAX + 2], out[8];
	char idx[PII_INDEX_HEX];
	size_t len = 0;

	(void)state;
	/* over the size limit; exactly at it is fine */
	assert_int_equal(pii_encrypt("a", big, sizeof big, ct, &len), SG_ETOOBIG);
	unsigned char *huge = malloc(PII_MAX_PLAIN + PII_OVERHEAD);
	char *back = malloc(PII_MAX_PLAIN + 1);
	assert_non_null(huge);
	assert_non_null(back);
	assert_int_equal(pii_encrypt("a", big, PII_MAX_PLAIN, huge, &len), 0);
	assert_int_equal(len, PII_MAX_PLAIN + PII_OVERHEAD);
	assert_int_equal(pii_decrypt("a", huge, len, back, &len), 0);
	assert_int_equal(len, PII_MAX_PLAIN);
	free(huge);
	free(back);

	/* labels up to PII_AAD_MAX bytes */
	memset(label, 'c', sizeof label);
	label[PII_AAD_MAX] = '\0';
	assert_int_equal(pii_encrypt(label, "1", 1, ct, &len), 0);
	assert_int_equal(pii_decrypt(label, ct, len, out, NULL), 0);
	assert_string_equal(out, "1");
	label[PII_AAD_MAX] = 'c';
	label[PII_AAD_MAX + 1] = '\0';
	assert_int_equal(pii_encrypt(label, "1", 1, ct, &len), SG_EINTERNAL);
	expect_bad(label, ct, len);

	/* not a cipher: not ready */
	assert_int_equal(pii_init(master, 0), SG_EINTERNAL);
	assert_false(pii_ready());
	assert_int_equal(pii_init(master, PII_CIPHER__MAX), SG_EINTERNAL);
	assert_false(pii_ready());
	assert_int_equal(pii_cipher_current(), 0);

	/* after shutdown nothing works */
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
	assert_int_equal(pii_encrypt("a", "1", 1, ct, &len), 0);
	pii_shutdown();
	assert_false(pii_ready());
	memcpy(out, "junk", 5);
	assert_int_equal(pii_decrypt("a", ct, len, out, NULL), SG_EINTERNAL);
	assert_string_equal(out, "");
	assert_int_equal(pii_encrypt("a", "1", 1, ct, &len), SG_EINTERNAL);
	assert_int_equal(pii_blind_index("id_number", "1", 1, idx), SG_EINTERNAL);
	assert_string_equal(idx, "");
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
}

/* Values written under one cipher setting stay readable under the other;
 * another deployment key reads nothing. */
static void test_switch_cipher_and_key(void **state)
{
	unsigned char sm4[64], aes[64], other[KEY_LEN];
	char out[64];
	size_t sm4len, aeslen;

	(void)state;
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
	assert_int_equal(pii_encrypt("c", "13812345678", 11, sm4, &sm4len), 0);
	assert_int_equal(sm4[0], PII_SM4_GCM);
	assert_int_equal(pii_init(master, PII_AES_256_GCM), 0);
	assert_int_equal(pii_encrypt("c", "13812345678", 11, aes, &aeslen), 0);
	assert_int_equal(aes[0], PII_AES_256_GCM);
	assert_int_equal(pii_decrypt("c", sm4, sm4len, out, NULL), 0);
	assert_string_equal(out, "13812345678");
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
	assert_int_equal(pii_decrypt("c", aes, aeslen, out, NULL), 0);
	assert_string_equal(out, "13812345678");

	memcpy(other, master, KEY_LEN);
	other[31] ^= 1;
	assert_int_equal(pii_init(other, PII_SM4_GCM), 0);
	expect_bad("c", sm4, sm4len);
	expect_bad("c", aes, aeslen);
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
}

/* The stored format, pinned with an independent derivation of the key:
 * HMAC-SM3(master, "shegong pii enc v1")[0..16] (HMAC-SHA-256 for AES),
 * AAD = version ‖ label. */
static void test_format(void **state)
{
	unsigned char ct[64], k[32], ad[32], pt[32];
	unsigned int klen = 0;
	size_t len;

	(void)state;
	for (int c = PII_SM4_GCM; c <= PII_AES_256_GCM; c++) {
		assert_int_equal(pii_init(master, c), 0);
		assert_int_equal(pii_encrypt("orgs.id_number", "110101199003074477", 18, ct, &len),
				 0);
		assert_int_equal(len, 1 + 12 + 18 + 16);
		assert_int_equal(ct[0], c);
		assert_non_null(HMAC(c == PII_SM4_GCM ? EVP_sm3() : EVP_sha256(), master, KEY_LEN,
				     (const unsigned char *)"shegong pii enc v1", 18, k, &klen));
		ad[0] = (unsigned char)c;
		memcpy(ad + 1, "orgs.id_number", 14);
		assert_int_equal(pii_gcm_open(c, k, ct + 1, ad, 15, ct + 13, 18, ct + 31, pt), 0);
		assert_memory_equal(pt, "110101199003074477", 18);
	}
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
}

/* ---- blind index ---- */

static void expect_index(enum digest_alg alg, const char *kind, const char *value, const char *got)
{
	const EVP_MD *md = alg == DIGEST_SM3 ? EVP_sm3() : EVP_sha256();
	unsigned char k[32], mac[32], msg[128];
	unsigned int n = 0;
	char hex[65];
	size_t kl = strlen(kind), vl = strlen(value);

	assert_non_null(
	    HMAC(md, master, KEY_LEN, (const unsigned char *)"shegong pii index v1", 20, k, &n));
	memcpy(msg, kind, kl);
	msg[kl] = 0;
	memcpy(msg + kl + 1, value, vl);
	assert_non_null(HMAC(md, k, 32, msg, kl + 1 + vl, mac, &n));
	hex_encode(mac, 32, hex);
	assert_string_equal(got, hex);
}

static void test_blind_index(void **state)
{
	char a[PII_INDEX_HEX], b[PII_INDEX_HEX], sm4[PII_INDEX_HEX], aes[PII_INDEX_HEX];
	unsigned char other[KEY_LEN];

	(void)state;
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
	assert_int_equal(pii_blind_index("id_number", "64010219900101123X", 18, a), 0);
	assert_int_equal(strlen(a), 64);
	for (int i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	expect_index(DIGEST_SM3, "id_number", "64010219900101123X", a);
	memcpy(sm4, a, sizeof a);

	/* stable */
	assert_int_equal(pii_blind_index("id_number", "64010219900101123X", 18, b), 0);
	assert_string_equal(a, b);
	/* per value, per kind, and the kind/value boundary counts */
	assert_int_equal(pii_blind_index("id_number", "64010219900101123x", 18, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(pii_blind_index("phone", "64010219900101123X", 18, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(pii_blind_index("ab", "c", 1, a), 0);
	assert_int_equal(pii_blind_index("a", "bc", 2, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(pii_blind_index(NULL, "", 0, a), 0);
	assert_int_equal(pii_blind_index("", NULL, 0, b), 0);
	assert_string_equal(a, b);

	/* per key */
	memcpy(other, master, KEY_LEN);
	other[0] ^= 0x80;
	assert_int_equal(pii_init(other, PII_SM4_GCM), 0);
	assert_int_equal(pii_blind_index("id_number", "64010219900101123X", 18, a), 0);
	assert_string_not_equal(a, sm4);

	/* HMAC-SHA-256 under AES-256-GCM */
	assert_int_equal(pii_init(master, PII_AES_256_GCM), 0);
	assert_int_equal(pii_blind_index("id_number", "64010219900101123X", 18, aes), 0);
	expect_index(DIGEST_SHA256, "id_number", "64010219900101123X", aes);
	assert_string_not_equal(aes, sm4);
	assert_int_equal(pii_init(master, PII_SM4_GCM), 0);
}

/* ---- threads ---- */

static void *worker(void *arg)
{
	unsigned n = (unsigned)(uintptr_t)arg;
	char value[32], back[32], idx[PII_INDEX_HEX], first[PII_INDEX_HEX];
	unsigned char ct[64];
	size_t len, backlen;

	for (unsigned i = 0; i < 300; i++) {
		int vl = snprintf(value, sizeof value, "138%04u%04u", n, i);
		if (pii_encrypt("t.phone", value, (size_t)vl, ct, &len) ||
		    pii_decrypt("t.phone", ct, len, back, &backlen) || backlen != (size_t)vl ||
		    memcmp(back, value, backlen) != 0)
			return (void *)1;
		if (pii_blind_index("phone", "13812345678", 11, idx))
			return (void *)1;
		if (i == 0)
			memcpy(first, idx, sizeof idx);
		else if (strcmp(first, idx) != 0)
			return (void *)1;
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	void *rc;

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i), 0);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
}

/* ---- masks ---- */

static void expect_id_mask(const char *s, const char *want)
{
	char out[PII_ID_MASK_SIZE];

	memset(out, 'Z', sizeof out);
	pii_mask_id_number(s, s ? strlen(s) : 0, out);
	assert_string_equal(out, want);
}

static void test_mask_id_number(void **state)
{
	(void)state;
	expect_id_mask("640102199001011234", "640102********1234");
	expect_id_mask("64010219900101123X", "640102********123X");
	expect_id_mask("640102900101123", "***************"); /* 15-digit, old style */
	expect_id_mask("6401021990010112345", "******************");
	expect_id_mask("64010219900101123456789", "******************");
	expect_id_mask("1", "*");
	expect_id_mask("", "");
	expect_id_mask(NULL, "");
	/* 18 bytes, but not ASCII where it would be shown */
	expect_id_mask("六010219900101123", "***010********1123");
}

static void expect_phone_mask(const char *s, const char *want)
{
	char out[PII_PHONE_MASK_SIZE];

	memset(out, 'Z', sizeof out);
	pii_mask_phone(s, s ? strlen(s) : 0, out);
	assert_string_equal(out, want);
}

static void test_mask_phone(void **state)
{
	(void)state;
	expect_phone_mask("13812345678", "138****5678");
	expect_phone_mask("+8613812345678", "+86*********78");
	expect_phone_mask("0951-1234567", "095*******67");
	expect_phone_mask("095112345", "095****45");
	expect_phone_mask("12345678", "12****78");
	expect_phone_mask("1234567", "1****67");
	expect_phone_mask("123456", "******");
	expect_phone_mask("1", "*");
	expect_phone_mask("", "");
	expect_phone_mask(NULL, "");
	/* long input: at most 18 '*' */
	expect_phone_mask("123456789012345678901234567890", "123******************90");
	/* a control byte is not shown */
	expect_phone_mask("\n3812345678\t", "*38*******8*");
}

static void expect_name_mask(const char *s, size_t len, const char *want)
{
	char out[64];

	memset(out, 'Z', sizeof out);
	assert_int_equal(pii_mask_name(s, len, out, sizeof out), 0);
	assert_string_equal(out, want);
	/* len + 2 always suffices */
	memset(out, 'Z', sizeof out);
	assert_int_equal(pii_mask_name(s, len, out, len + 2), 0);
	assert_string_equal(out, want);
}

static void test_mask_name(void **state)
{
	char out[8];

	(void)state;
	expect_name_mask("张三", 6, "张*");
	expect_name_mask("张小三", 9, "张**");
	expect_name_mask("欧阳娜娜", 12, "欧***");
	expect_name_mask("张", 3, "*");
	expect_name_mask("A", 1, "*");
	expect_name_mask("", 0, "");
	expect_name_mask(NULL, 0, "");
	expect_name_mask("John Smith", 10, "J*********");
	expect_name_mask("阿依古丽·买买提", 23, "阿*******");
	expect_name_mask("𠀀𪚥", 8, "𠀀*"); /* extension B: 4-byte code points */
	expect_name_mask("é李", 5, "é*");
	expect_name_mask("\t李", 4, "**"); /* a control character is not shown */
	/* invalid UTF-8 */
	expect_name_mask("\xff", 1, "*");
	expect_name_mask("张\xe4\xb8", 5, "*");	    /* truncated */
	expect_name_mask("\xc0\xaf张", 5, "*");	    /* overlong */
	expect_name_mask("\xed\xa0\x80三", 6, "*"); /* surrogate */
	expect_name_mask("张\0三", 7, "*");	    /* NUL inside */
	/* only the given length counts */
	expect_name_mask("张三丰", 6, "张*");

	/* too small: SG_EINTERNAL and "" */
	memset(out, 'Z', sizeof out);
	assert_int_equal(pii_mask_name("张三", 6, out, 4), SG_EINTERNAL);
	assert_string_equal(out, "");
	assert_int_equal(pii_mask_name("张三", 6, out, 5), 0);
	assert_string_equal(out, "张*");
	assert_int_equal(pii_mask_name("张", 3, out, 1), SG_EINTERNAL);
	assert_string_equal(out, "");
	assert_int_equal(pii_mask_name("张", 3, out, 0), SG_EINTERNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cipher_names),
	    cmocka_unit_test(test_sm4_gcm_rfc8998),
	    cmocka_unit_test(test_aes_gcm_matches_openssl),
	    cmocka_unit_test(test_gcm_lengths_and_in_place),
	    cmocka_unit_test(test_gcm_limit),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_nonce_is_random),
	    cmocka_unit_test(test_tamper),
	    cmocka_unit_test(test_errors_hide_value),
	    cmocka_unit_test(test_sizes_and_state),
	    cmocka_unit_test(test_switch_cipher_and_key),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_blind_index),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_mask_id_number),
	    cmocka_unit_test(test_mask_phone),
	    cmocka_unit_test(test_mask_name),
	};

	return cmocka_run_group_tests(tests, setup_sm4, teardown);
}
