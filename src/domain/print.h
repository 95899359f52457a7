/*
 * print.h — the printable pages (a contract, an award notice): HTML with an
 * A4 print stylesheet, every value escaped.
 *
 *   print_begin(b, "政府购买服务合同 QJ-…") … the body … print_end(b)
 *
 * The functions append to b and return 0 or its SG_ETOOBIG; they chain as
 * `rc = rc ? rc : print_…(…)`.
 */
#ifndef SG_PRINT_H
#define SG_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/ctx.h"

enum { PRINT_MAX = 4 * 1024 * 1024 };

/* The document's head (title escaped) with the print stylesheet, and the
 * opening <body>. */
int print_begin(sg_buf *b, const char *title);
int print_end(sg_buf *b);
/* s escaped for HTML text and attributes; with breaks, newlines as <br>. */
int print_escaped(sg_buf *b, const char *s, bool breaks);
/* "2026年03月01日" for "2026-03-01", the blank date line for NULL. */
const char *print_date_zh(sg_ctx *ctx, const char *date);
/* "1234.56" for 123456 fen (from ctx's arena). */
const char *print_yuan(sg_ctx *ctx, int64_t fen);

#endif
