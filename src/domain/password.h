/*
 * password.h — the password policy (SECURITY.md "Passwords", SPEC R-AUTH-1):
 * 12 to 128 characters counted as code points (a Chinese character is one),
 * valid UTF-8, no composition rules, and a refusal of passwords that are easy
 * to guess: a list of common passwords, one character or a short group
 * repeated, or the user name. Hashing lives elsewhere; this module only says
 * whether a new password may be set.
 */
#ifndef SG_PASSWORD_H
#define SG_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_CHARS 128

/*
 * Check a new password of len bytes at pw (need not be NUL-terminated) for
 * the account username (NUL-terminated; NULL or "" skips the user name
 * rules). field names the JSON field in the error ("password" if NULL), so
 * that a change-password form can say "new_password". Returns 0 or SG_EINVAL
 * with rule "R-AUTH-1"; messages never contain the password or the user name.
 */
int password_check(const char *pw, size_t len, const char *field, const char *username,
		   sg_err *err);

/* Returns true if the len bytes at pw are, ignoring ASCII case, on the
 * embedded list of common passwords. */
bool password_is_common(const char *pw, size_t len);

/* Returns the embedded list (lower-case, sorted by byte value, each at least
 * PASSWORD_MIN_CHARS long) and stores its length in *count; for tests. */
const char *const *password_common_list(size_t *count);

#endif
