/* SPDX-License-Identifier: MIT */
/* yitihua plan clinics --county CODE: one planned clinic per village committee (SR-ORG-1). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "org/org_impl.h"

int cli_plan_county(struct db *db, const char *county, bool quiet)
{
	struct app_error err;
	json_t *created;
	size_t clinics, centres;
	if (org_plan_clinics(db, NULL, county, &created, &clinics, &centres, &err) != 0)
		return cli_fail("规划失败：%s / planning failed", err.message);
	printf("县（区）%s：新建村卫生室 %zu 所，卫生院 %zu 所 / created %zu clinics and %zu "
	       "centres\n",
	       county, clinics, centres, clinics, centres);
	size_t i;
	json_t *line;
	json_array_foreach(created, i, line)
	{
		if (quiet)
			break;
		printf("  %s\t%s\t%s\n", json_string_value(json_array_get(line, 0)),
		       json_string_value(json_array_get(line, 1)),
		       json_string_value(json_array_get(line, 2)));
	}
	json_decref(created);
	return 0;
}

int cmd_plan(int argc, char **argv, const struct cli_opts *o)
{
	const char *county = NULL;
	if (argc < 2 || strcmp(argv[1], "clinics") != 0)
		return cli_fail("用法 / usage: yitihua plan clinics --county CODE");
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--county") == 0 && i + 1 < argc)
			county = argv[++i];
		else
			return cli_fail("plan: 未知参数 %s / unknown argument %s", argv[i], argv[i]);
	}
	if (!county)
		return cli_fail("缺少 --county 县级区划代码 / --county CODE is required");
	struct db *db;
	if (cli_open_db(o, &db) != 0)
		return 1;
	int rc = cli_plan_county(db, county, false);
	db_close(db);
	return rc;
}
