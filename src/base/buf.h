/*
 * buf.h — a growable byte buffer with a hard cap (curl's dynbuf).
 *
 * Appending past the cap fails with SG_ETOOBIG and leaves the buffer as it
 * was; the contents are always NUL-terminated for convenience.
 */
#ifndef SG_BUF_H
#define SG_BUF_H

#include <stddef.h>

typedef struct sg_buf {
	char *p;
	size_t len, cap, max;
} sg_buf;

void buf_init(sg_buf *b, size_t max);
/* 0, or SG_ETOOBIG when len + n would exceed max. */
int buf_append(sg_buf *b, const void *data, size_t n);
int buf_puts(sg_buf *b, const char *s);
int buf_printf(sg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(sg_buf *b);
/* Makes room for n more bytes up front (a hint; the cap still applies). */
void buf_reserve(sg_buf *b, size_t n);
/* Frees the storage; the buffer can be reused after buf_init. */
void buf_free(sg_buf *b);

#endif
