/* sheet.c — a table as CSV or xlsx bytes (see sheet.h). */
#include "base/sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"

enum {
	WIDTH_MIN = 8, /* Excel's default column is 8.43 characters wide */
	WIDTH_MAX = 50,
	WIDTH_PAD = 2,
	TITLE_UNITS = 31, /* Excel's limit for a worksheet name, in UTF-16 units */
	TITLE_BYTES = TITLE_UNITS * 3 + 2
};

/* The largest integers Excel shows exactly: it keeps 15 significant digits. */
#define XLSX_INT_MAX INT64_C(999999999999999)

struct sheet {
	enum sheet_format format;
	int ncolumns;
	int row;      /* the row being filled: 0 is the header, then data rows */
	int col;      /* cells in that row so far */
	size_t bytes; /* text and digits taken so far (SHEET_MAX_BYTES) */
	int rc;	      /* the first error, sticky; its message is in err */
	bool finished;
	sg_err err;

	sg_buf csv;

	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *integer;
	int fd; /* the output file from mkstemp, kept open to read it back */
	char dir[PATH_MAX - 32], path[PATH_MAX]; /* path = dir + "/sheet-XXXXXX" */
	unsigned width[SHEET_MAX_COLUMNS];	 /* display width, capped at WIDTH_MAX */
};

static const char *const format_names[SHEET_FORMAT__MAX] = {
    [SHEET_CSV] = "csv",
    [SHEET_XLSX] = "xlsx",
};
static const char *const content_types[SHEET_FORMAT__MAX] = {
    [SHEET_CSV] = "text/csv; charset=utf-8",
    [SHEET_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

int sheet_format_from_name(const char *name)
{
	for (int f = 0; name && f < SHEET_FORMAT__MAX; f++)
		if (strcmp(name, format_names[f]) == 0)
			return f;
	return -1;
}

const char *sheet_content_type(enum sheet_format f)
{
	return (unsigned)f < SHEET_FORMAT__MAX ? content_types[f] : NULL;
}

/* ---- errors ---- */

static int internal(sheet *s, const char *zh, const char *en)
{
	return s->rc = sg_err_set(&s->err, SG_EINTERNAL, "export", NULL, zh, en);
}

static int too_many_rows(sheet *s)
{
	return s->rc = sg_err_setf(
		   &s->err, SG_EINVAL, "export", "R-IO-2", "导出超过 %d 行的上限，请缩小查询范围",
		   "the export exceeds the limit of %d rows; narrow the search", SHEET_MAX_ROWS);
}

/* Checks that a cell of `bytes` bytes may go at (s->row, s->col). */
static int cell_begin(sheet *s, size_t bytes)
{
	if (s->rc)
		return s->rc;
	if (s->col >= s->ncolumns)
		return s->rc = sg_err_setf(&s->err, SG_EINTERNAL, "export", NULL,
					   "导出第 %d 行的单元格多于 %d 列",
					   "export row %d has more cells than its %d columns",
					   s->row + 1, s->ncolumns);
	if (s->row > SHEET_MAX_ROWS)
		return too_many_rows(s);
	if (bytes > (size_t)SHEET_MAX_BYTES - s->bytes)
		return s->rc =
			   sg_err_setf(&s->err, SG_EINVAL, "export", "R-IO-2",
				       "导出内容超过 %d MB 的上限，请缩小查询范围",
				       "the export exceeds the limit of %d MB; narrow the search",
				       SHEET_MAX_BYTES >> 20);
	s->bytes += bytes;
	return 0;
}

/* ---- CSV ---- */

static void csv_put(sheet *s, const void *p, size_t n)
{
	/* The cap is out of reach given SHEET_MAX_BYTES; kept as a backstop. */
	if (buf_append(&s->csv, p, n) && !s->rc)
		internal(s, "导出文件过大", "the export file is too large");
}

static bool csv_needs_quotes(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == ',' || v[i] == '"' || v[i] == '\r' || v[i] == '\n')
			return true;
	return false;
}

/* RFC 4180 field, with the OWASP formula guard for text. */
static void csv_text(sheet *s, const char *v, size_t n)
{
	bool guard = n > 0 && memchr("=+-@\t\r", v[0], 6) != NULL;
	bool quote = csv_needs_quotes(v, n);

	if (s->col > 0)
		csv_put(s, ",", 1);
	if (quote)
		csv_put(s, "\"", 1);
	if (guard)
		csv_put(s, "'", 1);
	if (!quote) {
		csv_put(s, v, n);
		return;
	}
	for (const char *q; n > 0 && (q = memchr(v, '"', n)) != NULL;) {
		size_t k = (size_t)(q - v) + 1; /* up to and with the quote */
		csv_put(s, v, k);
		csv_put(s, "\"", 1);
		v += k;
		n -= k;
	}
	csv_put(s, v, n);
	csv_put(s, "\"", 1);
}

/* ---- XLSX ---- */

/* East Asian Wide and Fullwidth characters, which take two columns. */
static bool wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

/* Display width of the longest line of v (valid UTF-8), up to WIDTH_MAX. */
static unsigned text_width(const char *v, size_t n)
{
	const unsigned char *p = (const unsigned char *)v;
	unsigned best = 0, cur = 0;

	for (size_t i = 0; i < n && best < WIDTH_MAX;) {
		uint32_t c = p[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

		if (k > 1)
			c &= 0x3Fu >> (k - 1);
		for (size_t j = 1; j < k; j++)
			c = c << 6 | (p[i + j] & 0x3Fu);
		i += k;
		if (c == '\n') {
			cur = 0;
			continue;
		}
		cur += wide(c) ? 2 : 1;
		if (cur > best)
			best = cur;
	}
	return best < WIDTH_MAX ? best : WIDTH_MAX;
}

static void note_width(sheet *s, unsigned w)
{
	if (w > s->width[s->col])
		s->width[s->col] = w;
}

/*
 * The worksheet name Excel accepts: []:*?/\ and control characters become
 * '_', so does an apostrophe at either end; at most 31 UTF-16 units; never
 * empty, never "History" (reserved by Excel). title is valid UTF-8.
 */
static void title_sanitise(char name[TITLE_BYTES], const char *title)
{
	const unsigned char *p = (const unsigned char *)(title ? title : "");
	size_t o = 0;
	int units = 0;

	while (*p) {
		size_t k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		int u = k == 4 ? 2 : 1; /* a surrogate pair in UTF-16 */

		if (units + u > TITLE_UNITS)
			break;
		if (k == 1 && (*p < 0x20 || *p == 0x7F || strchr("[]:*?/\\", *p)))
			name[o++] = '_';
		else {
			memcpy(name + o, p, k);
			o += k;
		}
		units += u;
		p += k;
	}
	name[o] = '\0';
	if (o == 0) {
		memcpy(name, "Sheet1", sizeof "Sheet1");
		return;
	}
	if (name[0] == '\'')
		name[0] = '_';
	if (name[o - 1] == '\'')
		name[o - 1] = '_';
	if (strcasecmp(name, "History") == 0)
		memcpy(name + o, "_", 2);
}

static int xlsx_open_failed(sheet *s, const char *step)
{
	log_error("export: cannot create the temporary xlsx file",
		  json_pack("{s:s,s:i}", "step", step, "errno", errno));
	return internal(s, "无法创建导出用的临时文件", "cannot create the temporary export file");
}

/* The private directory, the output file in it, the workbook and the
 * worksheet with the bold and integer formats. */
static int xlsx_open(sheet *s, const char *title)
{
	const char *tmp = getenv("TMPDIR");
	char name[TITLE_BYTES];
	int n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(s->dir, sizeof s->dir, "%s/shegong-sheet-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof s->dir || !mkdtemp(s->dir)) {
		s->dir[0] = '\0';
		return xlsx_open_failed(s, "mkdtemp");
	}
	snprintf(s->path, sizeof s->path, "%s/sheet-XXXXXX", s->dir); /* fits: see struct sheet */
	if ((s->fd = mkostemp(s->path, O_CLOEXEC)) < 0) {
		s->path[0] = '\0';
		return xlsx_open_failed(s, "mkstemp");
	}
	/*
	 * constant_memory streams each finished row to a temporary file, so a
	 * large export does not hold every cell in memory; its temporary files
	 * go to the private directory too and are unlinked as soon as opened
	 * (their names come from an unsynchronised static seed in its
	 * tmpfileplus; with a directory per sheet, threads cannot collide).
	 * libxlsxwriter later opens s->path by name ("wb"), which truncates our
	 * 0600 file in place instead of creating one with the umask's mode.
	 */
	lxw_workbook_options opt = {
	    .constant_memory = LXW_TRUE, .tmpdir = s->dir, .use_zip64 = LXW_FALSE};
	s->wb = workbook_new_opt(s->path, &opt);
	if (!s->wb)
		return xlsx_open_failed(s, "workbook_new");
	title_sanitise(name, title);
	s->ws = workbook_add_worksheet(s->wb, name);
	if (!s->ws)
		return xlsx_open_failed(s, "worksheet");
	s->bold = workbook_add_format(s->wb);
	s->integer = workbook_add_format(s->wb);
	if (!s->bold || !s->integer)
		return internal(s, "无法创建 Excel 格式", "cannot create the Excel cell formats");
	format_set_bold(s->bold);
	/* Excel's built-in "0": General would show 12+ digits as 1.2E+11. */
	format_set_num_format_index(s->integer, 1);
	worksheet_freeze_panes(s->ws, 1, 0);
	return 0;
}

/* Removes every trace of the xlsx file; safe to call more than once. */
static void xlsx_discard(sheet *s)
{
	if (s->wb) {
		/* Only workbook_close closes the constant_memory row file
		 * (libxlsxwriter 1.1.4): lxw_workbook_free would leak it. */
		if (s->ws && s->ws->optimize_tmpfile) {
			fclose(s->ws->optimize_tmpfile);
			s->ws->optimize_tmpfile = NULL;
		}
		lxw_workbook_free(s->wb);
		s->wb = NULL;
	}
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	if (s->path[0]) {
		unlink(s->path);
		s->path[0] = '\0';
	}
	if (s->dir[0]) {
		rmdir(s->dir);
		s->dir[0] = '\0';
	}
}

static int xlsx_write_failed(sheet *s)
{
	return internal(s, "写入 Excel 单元格失败", "cannot write an Excel cell");
}

static int xlsx_finish(sheet *s, unsigned char **out, size_t *len)
{
	struct stat st;

	for (int c = 0; c < s->ncolumns; c++) {
		unsigned w = s->width[c] + WIDTH_PAD;
		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
	}
	lxw_error e = workbook_close(s->wb); /* frees the workbook, also on error */
	s->wb = NULL;
	if (e != LXW_NO_ERROR) {
		log_error("export: cannot write the xlsx file",
			  json_pack("{s:s}", "error", lxw_strerror(e)));
		return internal(s, "无法生成 Excel 文件", "cannot write the Excel file");
	}
	if (fstat(s->fd, &st) != 0 || st.st_size <= 0 ||
	    (uintmax_t)st.st_size > (uintmax_t)4 * SHEET_MAX_BYTES)
		return internal(s, "无法读取生成的 Excel 文件", "cannot read the Excel file back");
	size_t n = (size_t)st.st_size, got = 0;
	unsigned char *p = xmalloc(n);
	while (got < n) {
		ssize_t r = pread(s->fd, p + got, n - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(p);
			return internal(s, "无法读取生成的 Excel 文件",
					"cannot read the Excel file back");
		}
		got += (size_t)r;
	}
	*out = p;
	*len = n;
	return 0;
}

/* ---- cells and rows ---- */

static int put_text(sheet *s, const char *v, lxw_format *fmt)
{
	size_t n = v ? strlen(v) : 0;
	int rc = cell_begin(s, n);

	if (rc)
		return rc;
	if (!utf8_valid(v, n))
		return s->rc = sg_err_setf(&s->err, SG_EINVAL, "export", "R-IO-2",
					   "导出第 %d 行第 %d 列不是有效的 UTF-8 文本",
					   "export row %d, column %d is not valid UTF-8 text",
					   s->row + 1, s->col + 1);
	if (n > SHEET_MAX_CELL_CHARS && utf8_count(v, n) > SHEET_MAX_CELL_CHARS)
		return s->rc = sg_err_setf(&s->err, SG_EINVAL, "export", "R-IO-2",
					   "导出第 %d 行第 %d 列超过 %d 个字符",
					   "export row %d, column %d is longer than %d characters",
					   s->row + 1, s->col + 1, SHEET_MAX_CELL_CHARS);
	if (s->format == SHEET_CSV) {
		csv_text(s, v, n);
	} else if (n > 0) {
		/* A string cell: Excel never reads it as a formula. */
		if (worksheet_write_string(s->ws, (lxw_row_t)s->row, (lxw_col_t)s->col, v, fmt))
			return xlsx_write_failed(s);
		note_width(s, text_width(v, n));
	}
	s->col++;
	return s->rc;
}

/* Pads a CSV record to ncolumns fields and moves to the next row. */
static int row_end(sheet *s)
{
	if (s->row > SHEET_MAX_ROWS)
		return too_many_rows(s);
	if (s->format == SHEET_CSV) {
		for (int c = s->col > 0 ? s->col : 1; c < s->ncolumns; c++)
			csv_put(s, ",", 1);
		csv_put(s, "\r\n", 2);
	}
	s->row++;
	s->col = 0;
	return s->rc;
}

sheet *sheet_new(enum sheet_format f, const char *title, const char *const *columns, int ncolumns)
{
	sheet *s = xcalloc(1, sizeof *s);

	s->format = f;
	s->fd = -1;
	/* Out of reach: SHEET_MAX_BYTES of input at most doubles when quoted. */
	buf_init(&s->csv, (size_t)4 * SHEET_MAX_BYTES);
	if ((unsigned)f >= SHEET_FORMAT__MAX || ncolumns < 1 || !columns) {
		internal(s, "导出参数有误", "invalid export arguments");
		return s;
	}
	if (ncolumns > SHEET_MAX_COLUMNS) {
		s->rc =
		    sg_err_setf(&s->err, SG_EINVAL, "export", "R-IO-2", "导出不能超过 %d 列",
				"an export cannot have more than %d columns", SHEET_MAX_COLUMNS);
		return s;
	}
	s->ncolumns = ncolumns;
	if (title && !utf8_valid(title, strlen(title))) {
		s->rc = sg_err_set(&s->err, SG_EINVAL, "export", "R-IO-2",
				   "导出的工作表名称不是有效的 UTF-8 文本",
				   "the export's sheet title is not valid UTF-8 text");
		return s;
	}
	if (f == SHEET_CSV)
		csv_put(s, "\xEF\xBB\xBF", 3); /* the BOM tells Excel it is UTF-8 */
	else if (xlsx_open(s, title))
		return s;
	for (int c = 0; c < ncolumns && !s->rc; c++)
		put_text(s, columns[c], s->bold);
	if (!s->rc)
		row_end(s);
	return s;
}

int sheet_add_text(sheet *s, const char *value)
{
	if (!s || s->finished)
		return SG_EINTERNAL;
	return put_text(s, value, NULL);
}

int sheet_add_int(sheet *s, int64_t v)
{
	char digits[24];

	if (!s || s->finished)
		return SG_EINTERNAL;
	int n = snprintf(digits, sizeof digits, "%" PRId64, v);
	int rc = cell_begin(s, (size_t)n);
	if (rc)
		return rc;
	if (s->format == SHEET_CSV) {
		if (s->col > 0)
			csv_put(s, ",", 1);
		csv_put(s, digits, (size_t)n);
	} else {
		lxw_row_t r = (lxw_row_t)s->row;
		lxw_col_t c = (lxw_col_t)s->col;
		lxw_error e = v >= -XLSX_INT_MAX && v <= XLSX_INT_MAX
				  ? worksheet_write_number(s->ws, r, c, (double)v, s->integer)
				  : worksheet_write_string(s->ws, r, c, digits, NULL);
		if (e)
			return xlsx_write_failed(s);
		note_width(s, (unsigned)n);
	}
	s->col++;
	return s->rc;
}

int sheet_end_row(sheet *s)
{
	if (!s || s->finished)
		return SG_EINTERNAL;
	if (s->rc)
		return s->rc;
	return row_end(s);
}

int sheet_finish(sheet *s, unsigned char **out, size_t *len, sg_err *err)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!s || !out || !len || s->finished)
		return sg_err_set(err, SG_EINTERNAL, "export", NULL, "导出已完成或参数有误",
				  "the export was already finished, or called wrongly");
	s->finished = true;
	if (!s->rc && s->col > 0)
		row_end(s);
	if (!s->rc && s->format == SHEET_CSV) {
		*out = (unsigned char *)s->csv.p; /* the buffer is handed over */
		*len = s->csv.len;
		buf_init(&s->csv, 0);
	} else if (!s->rc) {
		xlsx_finish(s, out, len);
	}
	xlsx_discard(s);
	buf_free(&s->csv);
	if (s->rc) {
		if (err)
			*err = s->err;
		return s->rc;
	}
	return 0;
}

void sheet_free(sheet *s)
{
	if (!s)
		return;
	xlsx_discard(s);
	buf_free(&s->csv);
	free(s);
}
