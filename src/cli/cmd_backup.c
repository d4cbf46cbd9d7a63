/* SPDX-License-Identifier: MIT */
/* yitihua backup FILE: a consistent copy of the SQLite database, taken while the server
 * may be running (SQLite's online backup). PostgreSQL databases are dumped with pg_dump. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "db/db.h"

int cmd_backup(int argc, char **argv, const struct cli_opts *o)
{
	if (argc != 2 || argv[1][0] == '\0')
		return cli_fail("用法：yitihua backup FILE / usage: yitihua backup FILE");
	const char *file = argv[1];
	if (access(file, F_OK) == 0)
		return cli_fail("%s 已存在，不会覆盖 / %s exists; it is not overwritten", file,
		                file);
	bool pg = strncmp(o->db_url, "postgresql://", 13) == 0 ||
	          strncmp(o->db_url, "postgres://", 11) == 0;
	if (!pg && access(o->db_url, F_OK) != 0) /* opening would create an empty one */
		return cli_fail("数据库 %s 不存在 / database %s does not exist", o->db_url,
		                o->db_url);
	struct db *db;
	if (db_open(o->db_url, &db) != 0)
		return cli_fail("无法打开数据库 %s / cannot open database %s", o->db_url,
		                o->db_url);
	if (db_kind(db) == DB_POSTGRES) {
		db_close(db);
		return cli_fail("PostgreSQL 数据库请用 pg_dump 备份 / use pg_dump to back up a "
		                "PostgreSQL database");
	}
	int rc = db_backup(db, file);
	db_close(db);
	if (rc != 0)
		return cli_fail("备份到 %s 失败 / backup to %s failed", file, file);
	struct stat st;
	long long size = stat(file, &st) == 0 ? (long long)st.st_size : 0;
	printf("已备份 %s 到 %s（%lld 字节）/ backed up %s to %s (%lld bytes)\n", o->db_url, file,
	       size, o->db_url, file, size);
	return 0;
}
