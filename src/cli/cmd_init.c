/* SPDX-License-Identifier: MIT */
/* yitihua init / migrate: create or upgrade the schema through the numbered migrations;
 * init also creates the personal-data key file when there is none. */
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"

/* Apply the migrations; with KEY, also load (or create) the personal-data key. */
static int apply(const struct cli_opts *o, bool key)
{
	struct db *db;
	if (db_open(o->db_url, &db) != 0)
		return cli_fail("无法打开数据库 %s / cannot open database %s", o->db_url, o->db_url);
	int applied = db_migrate(db);
	int version = db_schema_version(db);
	int rc = applied < 0 ? cli_fail("数据库迁移失败 / migration failed: %s", o->db_url)
	         : key	     ? cli_load_key(o, db)
			     : 0;
	db_close(db);
	if (rc == 0)
		printf("数据库 %s：应用 %d 个迁移，当前版本 %d / applied %d migrations, schema "
		       "version %d\n",
		       o->db_url, applied, version, applied, version);
	return rc;
}

int cmd_init(int argc, char **argv, const struct cli_opts *o)
{
	(void)argv;
	if (argc > 1)
		return cli_fail("init 不接受参数 / init takes no arguments");
	return apply(o, true);
}

int cmd_migrate(int argc, char **argv, const struct cli_opts *o)
{
	(void)argv;
	if (argc > 1)
		return cli_fail("migrate 不接受参数 / migrate takes no arguments");
	return apply(o, false);
}
