/* SPDX-License-Identifier: MIT */
/* yitihua check [--county CODE]: runs every monitor and prints the alerts, each with the
 * rule it cites. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "org/org_impl.h"

int cmd_check(int argc, char **argv, const struct cli_opts *o)
{
	const char *county = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--county") == 0 && i + 1 < argc)
			county = argv[++i];
		else
			return cli_fail("check: 未知参数 %s / unknown argument %s", argv[i], argv[i]);
	}
	struct db *db;
	struct app_error err;
	if (cli_open_db(o, &db) != 0)
		return 1;
	json_t *alerts = org_alerts(db, "/", county, &err);
	db_close(db);
	if (!alerts)
		return cli_fail("监测失败：%s / monitors failed", err.message);
	json_t *by_rule = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(alerts, i, a)
	{
		const char *rule = json_string_value(json_object_get(a, "rule"));
		printf("%-9s %-7s %s  %s\n", rule, json_string_value(json_object_get(a, "severity")),
		       json_string_value(json_object_get(a, "title")),
		       json_string_value(json_object_get(a, "message")));
		json_object_set_new(by_rule, rule,
				    json_integer(json_integer_value(json_object_get(by_rule, rule)) + 1));
	}
	printf("共 %zu 条预警 / %zu alerts", json_array_size(alerts), json_array_size(alerts));
	const char *rule;
	json_object_foreach(by_rule, rule, a) printf("  %s: %lld", rule, (long long)json_integer_value(a));
	printf("\n");
	json_decref(by_rule);
	json_decref(alerts);
	return 0;
}
