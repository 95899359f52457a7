/* test_sheet.c — tables as CSV and xlsx bytes (base/sheet.h). */
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "base/err.h"
#include "base/sheet.h"

/* Every test runs with TMPDIR pointing at this fresh, private directory, so
 * the xlsx temporary files can be counted. */
static char tmpdir[64];

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_sheet-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return setenv("TMPDIR", tmpdir, 1);
}

static int group_teardown(void **state)
{
	(void)state;
	unsetenv("TMPDIR");
	return rmdir(tmpdir); /* fails unless every test left it empty */
}

/* Entries in a directory, . and .. not counted. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* The name of the only entry of dir. */
static void only_entry(const char *dir, char *name, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	name[0] = '\0';
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			snprintf(name, cap, "%s/%s", dir, e->d_name);
	closedir(d);
	assert_true(name[0] != '\0');
}

static int open_fds(void)
{
	return count_entries("/proc/self/fd");
}

/* Builds a one-column table of the given values (the header is "v") and
 * returns the finished bytes, NUL-terminated for strstr. */
static char *finish_ok(sheet *s, size_t *len)
{
	unsigned char *out = NULL;
	sg_err err;

	sg_err_clear(&err);
	int rc = sheet_finish(s, &out, len, &err);
	if (rc)
		fail_msg("sheet_finish: %d %s", rc, err.msg_en);
	assert_non_null(out);
	char *z = malloc(*len + 1);
	assert_non_null(z);
	memcpy(z, out, *len);
	z[*len] = '\0';
	free(out);
	sheet_free(s);
	return z;
}

/* ---- a minimal zip reader (central directory + raw inflate) ---- */

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The member `name` of the zip archive z, uncompressed and NUL-terminated
 * (malloc'd), or NULL when it is missing or damaged. */
static char *zip_member(const unsigned char *z, size_t n, const char *name)
{
	size_t e = n >= 22 ? n - 22 : 0;

	while (e > 0 && le32(z + e) != 0x06054b50)
		e--;
	if (n < 22 || le32(z + e) != 0x06054b50)
		return NULL;
	size_t count = le16(z + e + 10), off = le32(z + e + 16);
	for (size_t i = 0; i < count; i++) {
		if (off + 46 > n || le32(z + off) != 0x02014b50)
			return NULL;
		uint32_t method = le16(z + off + 10);
		size_t csize = le32(z + off + 20), usize = le32(z + off + 24);
		size_t nlen = le16(z + off + 28), local = le32(z + off + 42);
		if (nlen == strlen(name) && memcmp(z + off + 46, name, nlen) == 0) {
			if (local + 30 > n || le32(z + local) != 0x04034b50)
				return NULL;
			size_t data = local + 30 + le16(z + local + 26) + le16(z + local + 28);
			if (data + csize > n)
				return NULL;
			char *out = malloc(usize + 1);
			assert_non_null(out);
			if (method == 0 && csize == usize) {
				memcpy(out, z + data, usize);
			} else if (method == 8) {
				z_stream zs;
				memset(&zs, 0, sizeof zs);
				assert_int_equal(inflateInit2(&zs, -15), Z_OK);
				zs.next_in = (Bytef *)(z + data);
				zs.avail_in = (uInt)csize;
				zs.next_out = (Bytef *)out;
				zs.avail_out = (uInt)usize;
				int rc = inflate(&zs, Z_FINISH);
				size_t got = zs.total_out;
				inflateEnd(&zs);
				if (rc != Z_STREAM_END || got != usize) {
					free(out);
					return NULL;
				}
			} else {
				free(out);
				return NULL;
			}
			out[usize] = '\0';
			return out;
		}
		off += 46 + nlen + le16(z + off + 30) + le16(z + off + 32);
	}
	return NULL;
}

/* ---- formats ---- */

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(sheet_format_from_name("csv"), SHEET_CSV);
	assert_int_equal(sheet_format_from_name("xlsx"), SHEET_XLSX);
	assert_int_equal(sheet_format_from_name("xls"), -1);
	assert_int_equal(sheet_format_from_name("CSV"), -1);
	assert_int_equal(sheet_format_from_name(""), -1);
	assert_int_equal(sheet_format_from_name(NULL), -1);
	assert_string_equal(sheet_content_type(SHEET_CSV), "text/csv; charset=utf-8");
	assert_string_equal(sheet_content_type(SHEET_XLSX),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_null(sheet_content_type(SHEET_FORMAT__MAX));
	assert_null(sheet_content_type((enum sheet_format) - 1));
}

/* ---- CSV ---- */

/* BOM, CRLF, quoting, doubled quotes, empty and NULL cells, integers, short
 * and empty rows, a last row that sheet_finish ends. */
static void test_csv_bytes(void **state)
{
	static const char *const cols[] = {"名称", "code", "备注"};
	static const char want[] = "\xEF\xBB\xBF"
				   "名称,code,备注\r\n"
				   "\"社工站, 一号\",42,\r\n"
				   "\"say \"\"hi\"\"\",,\"line1\nline2\"\r\n"
				   "-7,\"a\rb\",-9223372036854775808\r\n"
				   "\"\"\"\",0,\"\"\"x\"\"\"\r\n"
				   "only,,\r\n"
				   ",,\r\n"
				   "9223372036854775807,plain 中文 text,\r\n";
	size_t len;

	(void)state;
	sheet *s = sheet_new(SHEET_CSV, "机构", cols, 3);
	assert_int_equal(sheet_add_text(s, "社工站, 一号"), 0);
	assert_int_equal(sheet_add_int(s, 42), 0);
	assert_int_equal(sheet_add_text(s, NULL), 0);
	assert_int_equal(sheet_end_row(s), 0);

	assert_int_equal(sheet_add_text(s, "say \"hi\""), 0);
	assert_int_equal(sheet_add_text(s, ""), 0);
	assert_int_equal(sheet_add_text(s, "line1\nline2"), 0);
	assert_int_equal(sheet_end_row(s), 0);

	assert_int_equal(sheet_add_int(s, -7), 0); /* a number: no guard */
	assert_int_equal(sheet_add_text(s, "a\rb"), 0);
	assert_int_equal(sheet_add_int(s, INT64_MIN), 0);
	assert_int_equal(sheet_end_row(s), 0);

	assert_int_equal(sheet_add_text(s, "\""), 0);
	assert_int_equal(sheet_add_int(s, 0), 0);
	assert_int_equal(sheet_add_text(s, "\"x\""), 0);
	assert_int_equal(sheet_end_row(s), 0);

	assert_int_equal(sheet_add_text(s, "only"), 0); /* padded */
	assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_end_row(s), 0); /* an empty row */

	assert_int_equal(sheet_add_int(s, INT64_MAX), 0);
	assert_int_equal(sheet_add_text(s, "plain 中文 text"), 0);
	char *got = finish_ok(s, &len); /* ends the last row */
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(got, want, sizeof want - 1);
	free(got);
	assert_int_equal(count_entries(tmpdir), 0); /* CSV needs no file */
}

static void test_csv_header_only(void **state)
{
	static const char *const cols[] = {"a", NULL, "c,d"};
	size_t len;

	(void)state;
	char *got = finish_ok(sheet_new(SHEET_CSV, NULL, cols, 3), &len);
	assert_string_equal(got, "\xEF\xBB\xBF"
				 "a,,\"c,d\"\r\n");
	free(got);

	static const char *const one[] = {"v"};
	sheet *s = sheet_new(SHEET_CSV, "t", one, 1);
	assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_add_text(s, NULL), 0);
	got = finish_ok(s, &len);
	assert_string_equal(got, "\xEF\xBB\xBFv\r\n\r\n\r\n");
	free(got);
}

/* OWASP CSV injection: text that starts with = + - @ TAB or CR gets a
 * leading apostrophe, inside the quotes when the field is quoted. */
static void test_csv_injection(void **state)
{
	static const char *const cols[] = {"v"};
	static const char *const in[] = {
	    "=1+2",
	    "+86 138 0000 0000",
	    "-5",
	    "@SUM(A1)",
	    "\tx",
	    "\rx",
	    "=HYPERLINK(\"http://x\",\"y\")",
	    "a=b",
	    " =1",
	    "'quoted",
	    "-",
	    "=",
	};
	static const char want[] = "\xEF\xBB\xBFv\r\n"
				   "'=1+2\r\n"
				   "'+86 138 0000 0000\r\n"
				   "'-5\r\n"
				   "'@SUM(A1)\r\n"
				   "'\tx\r\n"
				   "\"'\rx\"\r\n"
				   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
				   "a=b\r\n"
				   " =1\r\n"
				   "'quoted\r\n"
				   "'-\r\n"
				   "'=\r\n"
				   "-5\r\n"
				   "12\r\n";
	size_t len;

	(void)state;
	sheet *s = sheet_new(SHEET_CSV, NULL, cols, 1);
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		assert_int_equal(sheet_add_text(s, in[i]), 0);
		assert_int_equal(sheet_end_row(s), 0);
	}
	assert_int_equal(sheet_add_int(s, -5), 0); /* numbers are not guarded */
	assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_add_int(s, 12), 0);
	assert_int_equal(sheet_end_row(s), 0);
	char *got = finish_ok(s, &len);
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(got, want, sizeof want - 1);
	free(got);
}

/* ---- errors ---- */

/* Finishes s expecting code; checks the error names the export rule and
 * returns nothing to the caller. */
static void finish_fails(sheet *s, int code, sg_err *err)
{
	unsigned char *out = (unsigned char *)"x";
	size_t len = 99;

	sg_err_clear(err);
	assert_int_equal(sheet_finish(s, &out, &len, err), code);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(err->code, code);
	assert_string_equal(err->field, "export");
	assert_true(err->msg[0] != '\0' && err->msg_en[0] != '\0');
	if (code == SG_EINVAL)
		assert_string_equal(err->rule, "R-IO-2");
	sheet_free(s);
}

static void test_column_limits(void **state)
{
	const char *cols[SHEET_MAX_COLUMNS + 1];
	sg_err err;
	size_t len;

	(void)state;
	for (int i = 0; i <= SHEET_MAX_COLUMNS; i++)
		cols[i] = "列";
	for (int f = 0; f < SHEET_FORMAT__MAX; f++) {
		/* 64 columns are fine */
		sheet *s = sheet_new((enum sheet_format)f, "t", cols, SHEET_MAX_COLUMNS);
		for (int i = 0; i < SHEET_MAX_COLUMNS; i++)
			assert_int_equal(sheet_add_int(s, i), 0);
		free(finish_ok(s, &len));

		/* 65 are refused, and so is everything afterwards */
		s = sheet_new((enum sheet_format)f, "t", cols, SHEET_MAX_COLUMNS + 1);
		assert_non_null(s);
		assert_int_equal(sheet_add_text(s, "x"), SG_EINVAL);
		assert_int_equal(sheet_end_row(s), SG_EINVAL);
		finish_fails(s, SG_EINVAL, &err);
		assert_non_null(strstr(err.msg_en, "64 columns"));

		/* no columns, or no labels: a bug in the caller */
		finish_fails(sheet_new((enum sheet_format)f, "t", cols, 0), SG_EINTERNAL, &err);
		finish_fails(sheet_new((enum sheet_format)f, "t", NULL, 2), SG_EINTERNAL, &err);
		assert_int_equal(count_entries(tmpdir), 0);
	}
	finish_fails(sheet_new(SHEET_FORMAT__MAX, "t", cols, 1), SG_EINTERNAL, &err);
}

/* Invalid UTF-8 anywhere is SG_EINVAL naming the position, never the value;
 * the error sticks. */
static void test_invalid_utf8(void **state)
{
	static const char *const cols[] = {"姓名", "电话"};
	static const char *const bad_cols[] = {"姓名", "secret\xC3\x28"};
	sg_err err;

	(void)state;
	for (int f = 0; f < SHEET_FORMAT__MAX; f++) {
		sheet *s = sheet_new((enum sheet_format)f, "t", cols, 2);
		assert_int_equal(sheet_add_text(s, "张三"), 0);
		assert_int_equal(sheet_add_text(s, "secret\xFF"), SG_EINVAL);
		assert_int_equal(sheet_add_text(s, "ok"), SG_EINVAL);
		assert_int_equal(sheet_add_int(s, 1), SG_EINVAL);
		assert_int_equal(sheet_end_row(s), SG_EINVAL);
		finish_fails(s, SG_EINVAL, &err);
		assert_non_null(strstr(err.msg, "第 2 行第 2 列"));
		assert_non_null(strstr(err.msg_en, "row 2, column 2"));
		assert_null(strstr(err.msg, "secret"));
		assert_null(strstr(err.msg_en, "secret"));

		/* in a header label */
		finish_fails(sheet_new((enum sheet_format)f, "t", bad_cols, 2), SG_EINVAL, &err);
		assert_non_null(strstr(err.msg_en, "row 1, column 2"));
		/* overlong, surrogate and truncated forms */
		static const char *const bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xE4\xB8",
						  "\xF4\x90\x80\x80"};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			s = sheet_new((enum sheet_format)f, "t", cols, 2);
			assert_int_equal(sheet_add_text(s, bad[i]), SG_EINVAL);
			finish_fails(s, SG_EINVAL, &err);
		}
		/* in the title */
		finish_fails(sheet_new((enum sheet_format)f, "\xFF", cols, 2), SG_EINVAL, &err);
		assert_int_equal(count_entries(tmpdir), 0);
	}
}

/* A text cell holds at most 32,767 characters (Excel's limit), counted as
 * characters, not bytes. */
static void test_cell_length(void **state)
{
	static const char *const cols[] = {"v"};
	enum { N = SHEET_MAX_CELL_CHARS };
	char *v = malloc(3 * (N + 1) + 1);
	sg_err err;
	size_t len;

	(void)state;
	assert_non_null(v);
	for (int i = 0; i <= N; i++)
		memcpy(v + 3 * i, "中", 3);
	for (int f = 0; f < SHEET_FORMAT__MAX; f++) {
		v[3 * N] = '\0';
		sheet *s = sheet_new((enum sheet_format)f, "t", cols, 1);
		assert_int_equal(sheet_add_text(s, v), 0);
		free(finish_ok(s, &len));

		memcpy(v + 3 * N, "中", 4);
		s = sheet_new((enum sheet_format)f, "t", cols, 1);
		assert_int_equal(sheet_add_text(s, v), SG_EINVAL);
		finish_fails(s, SG_EINVAL, &err);
		assert_non_null(strstr(err.msg_en, "32767 characters"));
	}
	free(v);
	assert_int_equal(count_entries(tmpdir), 0);
}

/* Calls in the wrong order are SG_EINTERNAL. */
static void test_misuse(void **state)
{
	static const char *const cols[] = {"a", "b"};
	unsigned char *out;
	size_t len;
	sg_err err;

	(void)state;
	for (int f = 0; f < SHEET_FORMAT__MAX; f++) {
		/* a cell past the last column */
		sheet *s = sheet_new((enum sheet_format)f, "t", cols, 2);
		assert_int_equal(sheet_add_text(s, "1"), 0);
		assert_int_equal(sheet_add_int(s, 2), 0);
		assert_int_equal(sheet_add_int(s, 3), SG_EINTERNAL);
		assert_int_equal(sheet_end_row(s), SG_EINTERNAL);
		finish_fails(s, SG_EINTERNAL, &err);
		assert_non_null(strstr(err.msg_en, "row 2"));

		/* anything after sheet_finish */
		s = sheet_new((enum sheet_format)f, "t", cols, 2);
		assert_int_equal(sheet_add_text(s, "1"), 0);
		assert_int_equal(sheet_finish(s, &out, &len, NULL), 0);
		free(out);
		assert_int_equal(sheet_add_text(s, "x"), SG_EINTERNAL);
		assert_int_equal(sheet_add_int(s, 1), SG_EINTERNAL);
		assert_int_equal(sheet_end_row(s), SG_EINTERNAL);
		assert_int_equal(sheet_finish(s, &out, &len, &err), SG_EINTERNAL);
		assert_null(out);
		assert_int_equal(len, 0);
		sheet_free(s);

		/* a finish without somewhere to put the bytes */
		s = sheet_new((enum sheet_format)f, "t", cols, 2);
		assert_int_equal(sheet_finish(s, NULL, &len, &err), SG_EINTERNAL);
		sheet_free(s);
	}
	assert_int_equal(sheet_add_text(NULL, "x"), SG_EINTERNAL);
	assert_int_equal(sheet_add_int(NULL, 1), SG_EINTERNAL);
	assert_int_equal(sheet_end_row(NULL), SG_EINTERNAL);
	assert_int_equal(sheet_finish(NULL, &out, &len, NULL), SG_EINTERNAL);
	sheet_free(NULL);
	assert_int_equal(count_entries(tmpdir), 0);
}

/* 100,000 data rows and no more; an empty row counts. */
static void test_row_limit(void **state)
{
	static const char *const cols[] = {"n"};
	sg_err err;
	size_t len;

	(void)state;
	sheet *s = sheet_new(SHEET_CSV, "t", cols, 1);
	for (int i = 0; i < SHEET_MAX_ROWS; i++) {
		assert_int_equal(sheet_add_int(s, i), 0);
		assert_int_equal(sheet_end_row(s), 0);
	}
	char *got = finish_ok(s, &len);
	assert_non_null(strstr(got, "\r\n99999\r\n"));
	free(got);

	s = sheet_new(SHEET_CSV, "t", cols, 1);
	for (int i = 0; i < SHEET_MAX_ROWS; i++)
		assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_add_int(s, 1), SG_EINVAL);
	finish_fails(s, SG_EINVAL, &err);
	assert_non_null(strstr(err.msg_en, "100000 rows"));

	s = sheet_new(SHEET_CSV, "t", cols, 1);
	for (int i = 0; i < SHEET_MAX_ROWS; i++)
		assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_end_row(s), SG_EINVAL);
	finish_fails(s, SG_EINVAL, &err);
}

/* ---- XLSX ---- */

/* The file's parts: a string header row that is bold and frozen, strings
 * that are never formulas, numbers, widths; the temporary file is 0600 in
 * a 0700 directory and gone afterwards. */
static void test_xlsx_contents(void **state)
{
	static const char *const cols[] = {"名称", "数量", "备注"};
	char dir[512], file[1024];
	struct stat st;
	size_t len;

	(void)state;
	int fds = open_fds();
	sheet *s = sheet_new(SHEET_XLSX, "机构[名录]", cols, 3);
	assert_int_equal(count_entries(tmpdir), 1);
	only_entry(tmpdir, dir, sizeof dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(count_entries(dir), 1); /* libxlsxwriter's own are unlinked */
	only_entry(dir, file, sizeof file);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(sheet_add_text(s, "=1+2"), 0);
	assert_int_equal(sheet_add_int(s, 42), 0);
	assert_int_equal(sheet_add_text(s, "a\x01<b>&"), 0);
	assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_add_text(s, "某某市某某区社会工作服务中心第一站点"), 0);
	assert_int_equal(sheet_add_int(s, 999999999999999), 0);
	assert_int_equal(sheet_add_text(s, NULL), 0);
	assert_int_equal(sheet_end_row(s), 0);
	assert_int_equal(sheet_add_text(s, ""), 0);
	assert_int_equal(sheet_add_int(s, -1234567890123456789), 0);
	char *z = finish_ok(s, &len);
	assert_int_equal(count_entries(tmpdir), 0);
	assert_int_equal(open_fds(), fds);

	assert_true(len > 4);
	assert_memory_equal(z, "PK\x03\x04", 4);
	char *ws = zip_member((unsigned char *)z, len, "xl/worksheets/sheet1.xml");
	char *wb = zip_member((unsigned char *)z, len, "xl/workbook.xml");
	char *styles = zip_member((unsigned char *)z, len, "xl/styles.xml");
	assert_non_null(ws);
	assert_non_null(wb);
	assert_non_null(styles);
	char *types = zip_member((unsigned char *)z, len, "[Content_Types].xml");
	assert_non_null(types);
	free(types);

	/* the header: Chinese strings in the bold style (xf 1) */
	assert_non_null(strstr(ws, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>名称</t></is></c>"));
	assert_non_null(strstr(ws, "<c r=\"C1\" s=\"1\" t=\"inlineStr\"><is><t>备注</t></is></c>"));
	assert_non_null(strstr(styles, "<b/>"));
	/* frozen below the header */
	assert_non_null(strstr(ws,
			       "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
			       "state=\"frozen\"/>"));
	/* text is a string, never a formula; XML and control characters escaped */
	assert_non_null(strstr(ws, "<c r=\"A2\" t=\"inlineStr\"><is><t>=1+2</t></is></c>"));
	assert_null(strstr(ws, "<f>"));
	assert_non_null(strstr(ws, "<t>a_x0001_&lt;b&gt;&amp;</t>"));
	/* integers are numbers in the built-in "0" format, up to 15 digits */
	assert_non_null(strstr(ws, "<c r=\"B2\" s=\"2\"><v>42</v></c>"));
	assert_non_null(strstr(ws, "<c r=\"B3\" s=\"2\"><v>999999999999999</v></c>"));
	assert_non_null(strstr(styles, "<xf numFmtId=\"1\" fontId=\"0\""));
	/* ... and longer ones are text rather than rounded */
	assert_non_null(strstr(ws, "<c r=\"B4\" t=\"inlineStr\"><is><t>-1234567890123456789</t>"));
	/* empty and NULL cells are blank */
	assert_null(strstr(ws, "r=\"C3\""));
	assert_null(strstr(ws, "r=\"A4\""));
	/* widths: 18 CJK characters = 36 + 2; "-1234567890123456789" = 20 + 2;
	 * a short column keeps the minimum of 8 */
	assert_non_null(
	    strstr(ws, "<col min=\"1\" max=\"1\" width=\"38.7109375\" customWidth=\"1\"/>"));
	assert_non_null(
	    strstr(ws, "<col min=\"2\" max=\"2\" width=\"22.7109375\" customWidth=\"1\"/>"));
	assert_non_null(
	    strstr(ws, "<col min=\"3\" max=\"3\" width=\"8.7109375\" customWidth=\"1\"/>"));
	/* the sanitised sheet name */
	assert_non_null(strstr(wb, "<sheet name=\"机构_名录_\" sheetId=\"1\""));
	assert_null(zip_member((unsigned char *)z, len, "xl/no-such-part.xml"));
	free(ws);
	free(wb);
	free(styles);
	free(z);
}

static char *xlsx_sheet_name(const char *title)
{
	static const char *const cols[] = {"v"};
	size_t len;

	char *z = finish_ok(sheet_new(SHEET_XLSX, title, cols, 1), &len);
	char *wb = zip_member((unsigned char *)z, len, "xl/workbook.xml");
	assert_non_null(wb);
	free(z);
	char *p = strstr(wb, "<sheet name=\"");
	assert_non_null(p);
	p += strlen("<sheet name=\"");
	char *q = strchr(p, '"');
	assert_non_null(q);
	*q = '\0';
	memmove(wb, p, strlen(p) + 1);
	return wb;
}

/* Excel's rules for a worksheet name: no []:*?/\, no apostrophe at either
 * end, at most 31 UTF-16 units, not empty, not "History". */
static void test_xlsx_title(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"机构名录", "机构名录"},
	    {"a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"},
	    {"'引号'", "_引号_"},
	    {"x\ty", "x_y"},
	    {NULL, "Sheet1"},
	    {"", "Sheet1"},
	    {"history", "history_"},
	    {"1234567890123456789012345678901234567890", "1234567890123456789012345678901"},
	    {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三",
	     "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"},
	    /* U+20000 is two UTF-16 units: 15 of them and one more unit */
	    {"\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "ab",
	     "\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80\xF0\xA0\x80\x80"
	     "a"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *name = xlsx_sheet_name(cases[i].in);
		if (strcmp(name, cases[i].want) != 0)
			fail_msg("title %zu: got \"%s\", want \"%s\"", i, name, cases[i].want);
		free(name);
	}
	assert_int_equal(count_entries(tmpdir), 0);
}

/* The temporary file goes away on every path: freed unfinished, failed,
 * and when the temporary directory cannot be used at all. */
static void test_xlsx_cleanup(void **state)
{
	static const char *const cols[] = {"a", "b"};
	char missing[128];
	sg_err err;

	(void)state;
	int fds = open_fds();
	sheet *s = sheet_new(SHEET_XLSX, "t", cols, 2);
	assert_int_equal(sheet_add_text(s, "x"), 0);
	assert_int_equal(count_entries(tmpdir), 1);
	sheet_free(s); /* never finished */
	assert_int_equal(count_entries(tmpdir), 0);
	assert_int_equal(open_fds(), fds);

	s = sheet_new(SHEET_XLSX, "t", cols, 2);
	assert_int_equal(sheet_add_text(s, "\xFF"), SG_EINVAL);
	assert_int_equal(count_entries(tmpdir), 1);
	finish_fails(s, SG_EINVAL, &err);
	assert_int_equal(count_entries(tmpdir), 0);
	assert_int_equal(open_fds(), fds);

	/* TMPDIR that does not exist: an internal error without the path */
	snprintf(missing, sizeof missing, "%s/missing", tmpdir);
	assert_int_equal(setenv("TMPDIR", missing, 1), 0);
	s = sheet_new(SHEET_XLSX, "t", cols, 2);
	assert_int_equal(sheet_add_text(s, "x"), SG_EINTERNAL);
	finish_fails(s, SG_EINTERNAL, &err);
	assert_null(strstr(err.msg_en, tmpdir));
	assert_null(strstr(err.msg, tmpdir));
	assert_int_equal(setenv("TMPDIR", tmpdir, 1), 0);
	assert_int_equal(count_entries(tmpdir), 0);
	assert_int_equal(open_fds(), fds);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 10,000 rows of 10 columns, in both formats: well under a second in the
 * plain build (the bound here leaves room for sanitizers and slow CI). */
static void test_speed(void **state)
{
	static const char *const cols[] = {
	    "统一社会信用代码", "名称", "类型",	    "所在区划", "地址",
	    "负责人",		"电话", "成立年份", "人数",	"备注"};
	char text[64];

	(void)state;
	for (int f = 0; f < SHEET_FORMAT__MAX; f++) {
		struct timespec t0;
		unsigned char *out;
		size_t len;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		sheet *s = sheet_new((enum sheet_format)f, "机构", cols, 10);
		for (int r = 0; r < 10000; r++) {
			snprintf(text, sizeof text, "52110000MJ%08d", r);
			sheet_add_text(s, text);
			snprintf(text, sizeof text, "某某区第%d社会工作服务站", r);
			sheet_add_text(s, text);
			sheet_add_text(s, "社会服务机构");
			sheet_add_text(s, "宁夏回族自治区银川市兴庆区");
			snprintf(text, sizeof text, "解放西街%d号, 2号楼", r % 500);
			sheet_add_text(s, text);
			sheet_add_text(s, "张*");
			sheet_add_text(s, "138****5678");
			sheet_add_int(s, 2000 + r % 25);
			sheet_add_int(s, r % 97);
			sheet_add_text(s, r % 3 ? NULL : "=cmd|' /C calc'!A0");
			sheet_end_row(s);
		}
		assert_int_equal(sheet_finish(s, &out, &len, NULL), 0);
		double secs = seconds_since(&t0);
		sheet_free(s);
		print_message("    10000 x 10 %s: %.3f s, %zu bytes\n", f ? "xlsx" : "csv", secs,
			      len);
		assert_true(secs < 5.0);
		if (f == SHEET_XLSX) {
			char *ws = zip_member(out, len, "xl/worksheets/sheet1.xml");
			assert_non_null(ws);
			assert_non_null(strstr(ws, "<row r=\"10001\""));
			assert_null(strstr(ws, "<row r=\"10002\""));
			free(ws);
		}
		free(out);
	}
	assert_int_equal(count_entries(tmpdir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_names),    cmocka_unit_test(test_csv_bytes),
	    cmocka_unit_test(test_csv_header_only), cmocka_unit_test(test_csv_injection),
	    cmocka_unit_test(test_column_limits),   cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_cell_length),	    cmocka_unit_test(test_misuse),
	    cmocka_unit_test(test_row_limit),	    cmocka_unit_test(test_xlsx_contents),
	    cmocka_unit_test(test_xlsx_title),	    cmocka_unit_test(test_xlsx_cleanup),
	    cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
