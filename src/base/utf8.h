/*
 * utf8.h — strict UTF-8 validation and code point counting.
 *
 * Every text that enters the server goes through utf8_valid before it is
 * stored (SECURITY.md: invalid UTF-8 is a 400), so that names with GB 18030
 * characters, extension B included, round-trip byte for byte and nothing
 * downstream has to cope with malformed text.
 */
#ifndef SG_UTF8_H
#define SG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Returns true if the len bytes at s are well-formed UTF-8 (RFC 3629, the
 * Unicode "well-formed" table) with no NUL byte: overlong forms, UTF-16
 * surrogates (U+D800-U+DFFF), code points above U+10FFFF and truncated
 * sequences are refused. s may be NULL when len is 0.
 */
bool utf8_valid(const char *s, size_t len);

/* Returns the number of code points in the len bytes at s, which must be
 * valid UTF-8 (on invalid input the count is of non-continuation bytes). */
size_t utf8_count(const char *s, size_t len);

/* True when s is NULL, empty, or only spaces: ASCII space and tab and the
 * ideographic space U+3000 that Chinese input methods type. A required
 * text field that is blank is missing. */
bool utf8_blank(const char *s);

#endif
