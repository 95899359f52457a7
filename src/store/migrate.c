/* migrate.c — applies the embedded schema/NNN_*.sql files in order. */
#include "store/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/embedded.h"
#include "base/mem.h"

static const char sql_create[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				 " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				 " applied_at BIGINT NOT NULL)";
static const char sql_current[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char sql_record[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

static int version_of(const char *name)
{
	return (int)strtol(name, NULL, 10);
}

int migrate_latest(void)
{
	return schema_files_count ? version_of(schema_files[schema_files_count - 1].name) : 0;
}

char *migrate_dialect(const char *script, const char *backend)
{
	sg_buf out;
	bool keep = true;

	buf_init(&out, (size_t)-1);
	for (const char *line = script; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
		if (strncmp(line, "-- @", 4) == 0) {
			const char *tag = line + 4;
			keep = strncmp(tag, "all", 3) == 0 ||
			       strncmp(tag, backend, strlen(backend)) == 0;
		} else if (keep) {
			buf_append(&out, line, n);
		}
		line += n;
	}
	if (!out.p)
		return xstrdup("");
	return out.p;
}

int migrate_current(db *d, int64_t *v)
{
	int rc = db_run(d, sql_create, NULL);
	return rc ? rc : db_one_int(d, v, sql_current, NULL);
}

int migrate_check(db *d, sg_err *err)
{
	int64_t v = 0;
	/* Read only: the server's database role need not be allowed DDL, and
	 * a standby allows none. A database without the table has never been
	 * initialised (or is not shegong's). */
	int rc = db_one_int(d, &v, sql_current, NULL);
	if (rc)
		return sg_err_set(err, rc == SG_EBUSY ? SG_EBUSY : SG_ECONFLICT, "db", NULL,
				  "无法读取数据库版本：数据库是否已用 shegong init 初始化？",
				  "cannot read the database version: was it set up with `shegong "
				  "init`?");
	if (v > migrate_latest())
		return sg_err_setf(err, SG_ECONFLICT, "db", NULL,
				   "数据库版本 %lld 比程序（%d）新：请使用新版程序",
				   "the database (version %lld) is newer than this program (%d): "
				   "use the newer program",
				   (long long)v, migrate_latest());
	if (v < migrate_latest())
		return sg_err_setf(err, SG_ECONFLICT, "db", NULL,
				   "数据库版本为 %lld，程序需要 %d：请先运行 shegong init 升级",
				   "the database is at version %lld, this program needs %d: run "
				   "`shegong init` to upgrade it",
				   (long long)v, migrate_latest());
	return 0;
}

int migrate_up(db *d, int *applied, sg_err *err)
{
	int64_t v = 0;
	int n = 0;
	int rc = migrate_current(d, &v);

	if (applied)
		*applied = 0;
	if (rc)
		return sg_err_set(err, rc, "db", NULL, "无法读取数据库版本",
				  "cannot read the database version");
	if (v > migrate_latest())
		return sg_err_setf(err, SG_ECONFLICT, "db", NULL,
				   "数据库版本 %lld 比程序（%d）新，拒绝运行",
				   "the database (version %lld) is newer than this program (%d)",
				   (long long)v, migrate_latest());
	for (size_t i = 0; i < schema_files_count; i++) {
		const struct embedded_file *f = &schema_files[i];
		int ver = version_of(f->name);
		if (ver <= v)
			continue;
		char *script = migrate_dialect((const char *)f->data, db_backend_name(d));
		rc = db_begin(d);
		if (!rc)
			rc = db_exec_script(d, script, err);
		if (!rc)
			rc = db_run(d, sql_record, "iti", (int64_t)ver, f->name, clock_now_ms());
		if (!rc)
			rc = db_commit(d);
		else
			db_rollback(d);
		free(script);
		if (rc)
			return sg_err_setf(err, rc, "db", NULL, "迁移 %s 失败",
					   "migration %s failed", f->name);
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
}
