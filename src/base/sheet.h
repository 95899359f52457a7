/*
 * sheet.h — a table (column headers + rows of cells) as a CSV or Excel
 * .xlsx file in memory, for the "export the list" buttons (SPEC R-IO-2).
 *
 * The caller declares the columns, then fills the rows cell by cell, left
 * to right, ending each row with sheet_end_row; sheet_finish hands over the
 * file's bytes. A short row is padded with empty cells.
 *
 *   CSV   RFC 4180: UTF-8 with a byte order mark (so Excel reads Chinese),
 *         CRLF line ends, fields quoted when they hold a comma, quote, CR or
 *         LF, quotes doubled. A text cell that begins with = + - @ TAB or CR
 *         gets a leading apostrophe so a spreadsheet never runs it as a
 *         formula (OWASP "CSV injection"); integers are written as numbers.
 *   XLSX  libxlsxwriter: bold, frozen header row, column widths from the
 *         longest value (CJK counted double, capped), text always as a
 *         string (never a formula), integers as numbers. libxlsxwriter 1.1
 *         only writes files, so the workbook is written to a file of mode
 *         0600 in a private directory (mkdtemp) under $TMPDIR or /tmp,
 *         read back and removed — by sheet_finish or sheet_free, on success
 *         and on every error. Rows stream to disk: memory stays small.
 *
 * Errors are sticky: the first failure (invalid UTF-8, a limit, a misuse)
 * is kept, every later call returns the same code, and sheet_finish fills
 * the sg_err. So a caller may ignore the results of sheet_add_* and
 * sheet_end_row and check sheet_finish alone. Bad content and limits are
 * SG_EINVAL with field "export" and rule "R-IO-2"; misuse of the API (a cell
 * past the last column, a call after sheet_finish) and I/O failures are
 * SG_EINTERNAL. Messages name a position — row as numbered in the file,
 * the header being row 1, and column from 1 — and never a cell's value,
 * which may be personal data.
 *
 * A sheet is used by one thread at a time; different sheets are
 * independent.
 */
#ifndef SG_SHEET_H
#define SG_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum sheet_format { SHEET_CSV, SHEET_XLSX, SHEET_FORMAT__MAX };

enum {
	SHEET_MAX_ROWS = 100000,      /* data rows, the header not counted */
	SHEET_MAX_COLUMNS = 64,	      /* columns */
	SHEET_MAX_CELL_CHARS = 32767, /* code points in one text cell (Excel's limit) */
	SHEET_MAX_BYTES = 128 << 20   /* text and digits of all cells together */
};

/* "csv" → SHEET_CSV, "xlsx" → SHEET_XLSX (exact, lower case); -1 for
 * anything else, NULL included. */
int sheet_format_from_name(const char *name);

/* The Content-Type of a format ("text/csv; charset=utf-8", the
 * spreadsheetml MIME type for xlsx); NULL for a value out of range. */
const char *sheet_content_type(enum sheet_format f);

typedef struct sheet sheet;

/*
 * Starts a table with ncolumns (1 to SHEET_MAX_COLUMNS) columns and writes
 * the header row from columns[0..ncolumns-1] (UTF-8; a NULL label is an
 * empty cell). title names the worksheet of an xlsx file (UTF-8; NULL or
 * empty means "Sheet1"): []:*?/\ and control characters become '_', an
 * apostrophe at either end becomes '_', and it is cut to 31 UTF-16 units as
 * Excel requires. CSV has no title.
 *
 * Never returns NULL: a failure here (too many columns, invalid UTF-8, no
 * temporary directory) is kept and reported by sheet_finish. The caller
 * releases the sheet with sheet_free.
 */
sheet *sheet_new(enum sheet_format f, const char *title, const char *const *columns, int ncolumns);

/* Appends a text cell to the current row; NULL is an empty cell. The value
 * is copied. Returns 0, SG_EINVAL (invalid UTF-8, over SHEET_MAX_CELL_CHARS
 * characters, over SHEET_MAX_ROWS rows or SHEET_MAX_BYTES) or SG_EINTERNAL
 * (more cells than columns, the sheet already finished), or an earlier
 * error. */
int sheet_add_text(sheet *s, const char *value);

/* Appends an integer cell, written as a number. Excel keeps 15 significant
 * digits, so in xlsx an integer of 16 or more digits is written as text
 * rather than rounded. Returns as sheet_add_text. */
int sheet_add_int(sheet *s, int64_t v);

/* Ends the current row (an empty row when it has no cells). Returns 0,
 * SG_EINVAL when that would exceed SHEET_MAX_ROWS, SG_EINTERNAL after
 * sheet_finish, or an earlier error. */
int sheet_end_row(sheet *s);

/*
 * Ends a row still in progress, completes the file and sets *out to its
 * bytes (malloc'd, owned by the caller, who frees them with free()) and
 * *len to their number. Returns 0, or the sheet's first error — then *out
 * is NULL, *len 0 and err (which may be NULL) is filled. Call it once; the
 * sheet accepts nothing afterwards but sheet_free.
 */
int sheet_finish(sheet *s, unsigned char **out, size_t *len, sg_err *err);

/* Releases the sheet and, when it was not finished, its temporary files.
 * NULL is allowed. */
void sheet_free(sheet *s);

#endif
