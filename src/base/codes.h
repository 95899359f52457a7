/*
 * codes.h — checking the national codes organisations and people are
 * identified by: the Unified Social Credit Code of an organisation
 * (GB 32100-2015), the resident ID number of a person (GB 11643-1999) and the
 * statistical division code of a place (R-DIV-1).
 *
 * The checkers take a pointer and a length (the input need not be
 * NUL-terminated), return 0 or SG_EINVAL, and on failure fill *err (which may
 * be NULL) with the field, the rule and a message saying which part of the
 * code is wrong. Messages never repeat the input: ID numbers are sensitive
 * personal data and must not reach logs.
 */
#ifndef SG_CODES_H
#define SG_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define USCC_LEN      18
#define ID_NUMBER_LEN 18

/*
 * Check a Unified Social Credit Code: 18 characters from
 * "0123456789ABCDEFGHJKLMNPQRTUWXY"; a registration authority (position 1) and
 * organisation category (position 2) that the code tables assign; a 6-digit
 * division code of the registering authority (positions 3-8); an organisation
 * code whose own GB 11714 check character (position 17) is right; and the
 * check character (position 18). Lower-case letters are refused, not folded.
 * Returns 0 or SG_EINVAL (field "uscc", rule "R-ORG-2").
 */
int uscc_check(const char *s, size_t len, sg_err *err);

/*
 * Write into out the 17 characters of first17 (a NUL-terminated string of
 * exactly 17 characters of the USCC character set) followed by the check
 * character and a NUL. Only the character set and length are checked, so
 * tests can build codes that are wrong in other ways. Used for demo data and
 * tests. Returns 0, or SG_EINVAL (out untouched) on bad input.
 */
int uscc_make(char out[USCC_LEN + 1], const char *first17);

/*
 * Write into out the 8 characters of first8 (digits or upper-case letters,
 * NUL-terminated, exactly 8) followed by their GB 11714 check character and a
 * NUL: an organisation code for positions 9-17 of a USCC. Returns 0, or
 * SG_EINVAL (out untouched) on bad input.
 */
int orgcode_make(char out[10], const char *first8);

/*
 * Check a resident ID number: 18 characters, 17 digits and a check character
 * (a digit or X; a lower-case x is accepted, see id_number_normalise), a
 * province code (first two digits, GB/T 2260, including 71/81/82 and the 83
 * of residence permits), a real calendar birth date (positions 7-14, years
 * from 1800) and the ISO 7064 MOD 11-2 check character. If today_yyyymmdd is
 * not 0, a birth date after it is refused too. Returns 0 or SG_EINVAL (field
 * "id_number", rule "R-ORG-2").
 */
int id_number_check(const char *s, size_t len, int64_t today_yyyymmdd, sg_err *err);

/* Upper-case a trailing 'x' of an ID number in place, so that stored and
 * hashed numbers have one spelling. Touches only s[len - 1]. */
void id_number_normalise(char *s, size_t len);

/*
 * Write into out the 17 digits of first17 (NUL-terminated, exactly 17
 * digits) followed by their check character and a NUL. For demo data and
 * tests. Returns 0, or SG_EINVAL (out untouched) on bad input.
 */
int id_number_make(char out[ID_NUMBER_LEN + 1], const char *first17);

/* Levels of the statistical division codes, by length: 2, 4, 6, 9, 12. */
enum div_level {
	DIV_PROVINCE,	/* 省级, 2 digits */
	DIV_PREFECTURE, /* 地级, 4 digits */
	DIV_COUNTY,	/* 县级, 6 digits */
	DIV_TOWNSHIP,	/* 乡级 (township/street), 9 digits */
	DIV_VILLAGE,	/* 村级 (village/community), 12 digits */
	DIV__MAX
};

/*
 * Check a statistical division code: digits only, 2, 4, 6, 9 or 12 of them,
 * starting with a province code. Returns 0 or SG_EINVAL (field
 * "division_code", rule "R-DIV-1").
 */
int division_code_check(const char *s, size_t len, sg_err *err);

/* Returns the enum div_level of a division code, or -1 if
 * division_code_check would refuse it. */
int division_code_level(const char *s, size_t len);

#endif
