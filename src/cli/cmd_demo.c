/* SPDX-License-Identifier: MIT */
/* yitihua demo: a database to try yitihua with — divisions, institutions with progress and
 * alerts, and one user per role (password demo1234). `make run` uses it. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "db/db.h"
#include "finance/finance.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "staff/staff.h"

#define DEMO_PASSWORD "demo1234"

int cmd_demo(int argc, char **argv, const struct cli_opts *o)
{
	(void)argv;
	if (argc > 1)
		return cli_fail("demo 不接受参数 / demo takes no arguments");
	struct db *db;
	struct app_error err;
	struct org_demo ids;
	char path[4096], clinic_user[37] = "";
	if (cli_open_db(o, &db) != 0)
		return 1;
	int rc = org_has_institutions(db);
	if (rc != 0) {
		db_close(db);
		return rc < 0 ? cli_fail("数据库错误 / database error")
			      : cli_fail("数据库中已有机构，演示数据只能装入空库 / the database is "
					 "not empty");
	}
	snprintf(path, sizeof(path), "%s/divisions-demo.csv", cli_resource("data"));
	rc = cli_import_divisions(db, path);
	if (rc == 0 && org_demo_seed(db, &ids, &err) != 0)
		rc = cli_fail("演示机构建立失败：%s / demo institutions failed", err.message);
	const struct {
		const char *username, *display_name, *role, *institution;
	} users[] = {
		{"admin", "系统管理员", "admin", ids.bureau},
		{"county", "柳北区卫健局 王科长", "county", ids.bureau},
		{"centre", "沙塘镇中心卫生院 彭院长", "centre", ids.centre},
		{"clinic", "村医 韦秀兰", "clinic", ids.clinic},
		{"finance", "财务 梅会计", "finance", ids.centre},
		{"pharmacy", "药房 舒药师", "pharmacy", ids.centre},
		{"insurance", "医保 包专员", "insurance", ids.bureau},
		{"auditor", "审计 朱审计", "auditor", ids.bureau},
	};
	for (size_t i = 0; rc == 0 && i < sizeof(users) / sizeof(users[0]); i++) {
		char id[37];
		json_t *rec = json_pack("{s:s, s:s, s:s, s:s}", "username", users[i].username,
					"display_name", users[i].display_name, "role", users[i].role,
					"institution_id", users[i].institution);
		if (auth_user_create(db, NULL, rec, DEMO_PASSWORD, id, &err) != 0)
			rc = cli_fail("演示用户 %s 建立失败：%s / demo user failed", users[i].username,
				      err.message);
		json_decref(rec);
		if (rc == 0 && strcmp(users[i].username, "clinic") == 0)
			snprintf(clinic_user, sizeof(clinic_user), "%s", id);
	}
	if (rc == 0 && staff_demo_seed(db, ids.clinic, clinic_user, &err) != 0)
		rc = cli_fail("演示人员建立失败：%s / demo staff failed", err.message);
	if (rc == 0 && pharm_demo_seed(db, &err) != 0)
		rc = cli_fail("演示药械建立失败：%s / demo drugs failed", err.message);
	if (rc == 0 && fin_demo_seed(db, &err) != 0)
		rc = cli_fail("演示账簿建立失败：%s / demo books failed", err.message);
	db_close(db);
	if (rc != 0)
		return rc;
	printf("演示数据已建立 / demo loaded: %s\n演示账号 / demo sign-ins (密码 / password %s):\n",
	       o->db_url, DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		printf("  %-10s %-9s %s\n", users[i].username, users[i].role, users[i].display_name);
	return 0;
}
