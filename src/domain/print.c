/* print.c — the printable pages' shared parts (print.h). */
#include "domain/print.h"

#include <string.h>

static const char style[] =
    "@page{size:A4;margin:20mm 18mm}"
    "body{font-family:\"SimSun\",\"Songti SC\",\"Noto Serif CJK SC\",serif;font-size:12pt;"
    "line-height:1.8;color:#000;background:#fff;max-width:174mm;margin:0 auto;padding:8mm 0}"
    "h1{text-align:center;font-size:18pt;letter-spacing:.2em;margin:0 0 .5em}"
    "h2{font-size:13pt;margin:1.2em 0 .3em}"
    ".code{text-align:right;margin:0}"
    "table{border-collapse:collapse;width:100%;page-break-inside:avoid}"
    "th,td{border:1px solid #000;padding:2pt 6pt;text-align:left;vertical-align:top}"
    "td.amount{text-align:right;white-space:nowrap}"
    ".signatures{display:flex;justify-content:space-between;margin-top:3em;"
    "page-break-inside:avoid}"
    ".signatures div{width:46%}"
    ".issuer{text-align:right;margin-top:3em}"
    "@media print{body{padding:0}}";

int print_escaped(sg_buf *b, const char *s, bool breaks)
{
	int rc = 0;
	for (; s && *s && !rc; s++) {
		switch (*s) {
		case '&':
			rc = buf_puts(b, "&amp;");
			break;
		case '<':
			rc = buf_puts(b, "&lt;");
			break;
		case '>':
			rc = buf_puts(b, "&gt;");
			break;
		case '"':
			rc = buf_puts(b, "&quot;");
			break;
		case '\'':
			rc = buf_puts(b, "&#39;");
			break;
		case '\n':
			rc = breaks ? buf_puts(b, "<br>") : buf_puts(b, " ");
			break;
		case '\r':
			break;
		default:
			rc = buf_append(b, s, 1);
		}
	}
	return rc;
}

int print_begin(sg_buf *b, const char *title)
{
	int rc = buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
			     "<title>");
	rc = rc ? rc : print_escaped(b, title, false);
	rc = rc ? rc : buf_puts(b, "</title><style>");
	rc = rc ? rc : buf_puts(b, style);
	return rc ? rc : buf_puts(b, "</style></head><body>\n");
}

int print_end(sg_buf *b)
{
	return buf_puts(b, "</body></html>\n");
}

const char *print_date_zh(sg_ctx *ctx, const char *d)
{
	if (!d || strlen(d) != 10)
		return "　　　　年　　月　　日";
	return arena_printf(ctx->arena, "%.4s年%.2s月%.2s日", d, d + 5, d + 8);
}

const char *print_yuan(sg_ctx *ctx, int64_t fen)
{
	int64_t a = fen < 0 ? -fen : fen;
	return arena_printf(ctx->arena, "%s%lld.%02lld", fen < 0 ? "-" : "", (long long)(a / 100),
			    (long long)(a % 100));
}
