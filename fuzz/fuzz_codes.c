/*
 * fuzz_codes.c — libFuzzer harness for the code and text checkers: USCC,
 * resident ID numbers, division codes, UTF-8 and the password policy.
 *
 * Besides looking for crashes and undefined behaviour, it checks properties
 * that must hold for every input and aborts when one does not:
 *  - a checker that accepts fills no error, one that refuses fills all of it;
 *  - uscc_make / id_number_make rebuild every accepted code exactly;
 *  - division_code_level agrees with division_code_check;
 *  - utf8_count never exceeds the byte length;
 *  - an accepted password is 12-128 code points of valid UTF-8;
 *  - no message contains a run of 8 digits of the input.
 *
 * Build and run: see fuzz/README.md. fuzz/replay.c runs the same function
 * over the corpus without libFuzzer.
 */
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/err.h"
#include "base/utf8.h"
#include "domain/password.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int cond)
{
	if (!cond)
		abort();
}

/* The result of a checker and the error it filled agree, and a refusal
 * neither repeats the input nor leaves a message empty. */
static void check_result(int rc, const sg_err *err, const char *in, size_t len)
{
	if (rc == 0) {
		require(err->code == 0 && err->msg[0] == '\0' && err->field[0] == '\0');
		return;
	}
	require(rc == SG_EINVAL && err->code == SG_EINVAL);
	require(err->field[0] && err->rule[0] && err->msg[0] && err->msg_en[0]);
	require(memchr(err->msg, '\0', sizeof err->msg) != NULL);
	require(memchr(err->msg_en, '\0', sizeof err->msg_en) != NULL);
	/* Any run of 8 digits in the input (a date of birth, most of an ID
	 * number) must not show up; messages have no such runs of their own. */
	for (size_t i = 0, run = 0; i < len; i++) {
		run = in[i] >= '0' && in[i] <= '9' ? run + 1 : 0;
		if (run >= 8) {
			char digits[9];

			memcpy(digits, in + i - 7, 8);
			digits[8] = '\0';
			require(strstr(err->msg, digits) == NULL);
			require(strstr(err->msg_en, digits) == NULL);
		}
	}
}

static void fuzz_uscc(const char *s, size_t len)
{
	sg_err err;
	char first17[18], out[USCC_LEN + 1];
	int rc;

	sg_err_clear(&err);
	rc = uscc_check(s, len, &err);
	check_result(rc, &err, s, len);
	require(uscc_check(s, len, NULL) == rc);
	if (len >= 17) {
		memcpy(first17, s, 17);
		first17[17] = '\0';
		if (uscc_make(out, first17) == 0) {
			require(strlen(out) == 18 && memcmp(out, s, 17) == 0);
			/* the made code passes the check-character test at least */
			if (rc == 0)
				require(len == 18 && memcmp(out, s, 18) == 0);
		}
	}
}

static void fuzz_id(const char *s, size_t len, int64_t today)
{
	sg_err err;
	char first17[18], out[ID_NUMBER_LEN + 1], copy[ID_NUMBER_LEN];
	int rc;

	sg_err_clear(&err);
	rc = id_number_check(s, len, today, &err);
	check_result(rc, &err, s, len);
	if (rc == 0) {
		require(len == 18);
		require(id_number_check(s, len, 0, NULL) == 0);
		memcpy(first17, s, 17);
		first17[17] = '\0';
		require(id_number_make(out, first17) == 0);
		memcpy(copy, s, sizeof copy);
		id_number_normalise(copy, sizeof copy);
		require(memcmp(out, copy, 18) == 0);
	}
}

static void fuzz_division(const char *s, size_t len)
{
	sg_err err;
	int rc, level;

	sg_err_clear(&err);
	rc = division_code_check(s, len, &err);
	check_result(rc, &err, s, len);
	level = division_code_level(s, len);
	require(rc == 0 ? level >= 0 && level < DIV__MAX : level == -1);
}

static void fuzz_password(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);
	char user[64];
	sg_err err;
	int rc;

	sg_err_clear(&err);
	rc = password_check(s, len, "password", NULL, &err);
	check_result(rc, &err, s, len);
	if (rc == 0) {
		size_t n = utf8_count(s, len);

		require(utf8_valid(s, len));
		require(n >= PASSWORD_MIN_CHARS && n <= PASSWORD_MAX_CHARS);
		require(!password_is_common(s, len));
	}

	/* "username\npassword": the user name rules */
	if (nl && (size_t)(nl - s) < sizeof user) {
		size_t ulen = (size_t)(nl - s);
		const char *pw = nl + 1;
		size_t pwlen = len - ulen - 1;

		memcpy(user, s, ulen);
		user[ulen] = '\0';
		sg_err_clear(&err);
		rc = password_check(pw, pwlen, "new_password", user, &err);
		check_result(rc, &err, pw, pwlen);
		if (rc != 0)
			require(strcmp(err.field, "new_password") == 0);
	}
}

/* Valid UTF-8 stays valid when its last character is removed, and becomes
 * invalid when only the last byte of a multi-byte character is. */
static void fuzz_utf8(const char *s, size_t len)
{
	bool valid = utf8_valid(s, len);
	size_t n = utf8_count(s, len);

	require(n <= len);
	if (!valid)
		return;
	require(!memchr(s, '\0', len));
	if (len > 0) {
		bool ascii_last = ((unsigned char)s[len - 1] & 0x80) == 0;

		require(utf8_valid(s, len - 1) == ascii_last);
		require(utf8_count(s, len - 1) == (ascii_last ? n - 1 : n));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int64_t today = 0;

	fuzz_uscc(s, size);
	/* "today" from the last 8 bytes when they are all digits, else 0 */
	for (size_t i = size >= 8 ? size - 8 : size; i < size; i++) {
		if (data[i] < '0' || data[i] > '9') {
			today = 0;
			break;
		}
		today = today * 10 + (data[i] - '0');
	}
	fuzz_id(s, size, today);
	fuzz_id(s, size, 20260101);
	fuzz_division(s, size);
	fuzz_utf8(s, size);
	fuzz_password(s, size);
	return 0;
}
