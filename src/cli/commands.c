/* SPDX-License-Identifier: MIT */
/* The one table of subcommands, and what every command shares: failure messages, opening
 * the database, --help. */
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/pii.h"
#include "cli/cli.h"
#include "db/db.h"
#include "org/org.h"
#include "staff/staff.h"

const struct command commands[] = {
	{"init", "建库 / create the database schema",
	 "yitihua init [--db FILE|URL]\n  建立数据库及全部表结构（已存在则升级）。\n"
	 "  同时建立个人信息密钥文件（默认在数据库文件旁，权限 0600；--key 可另行指定），请妥善备份。\n"
	 "  Creates the database and applies every migration, and the personal-data key file\n"
	 "  (beside the database unless --key says otherwise, mode 0600): back it up.",
	 cmd_init, true},
	{"migrate", "升级表结构 / apply pending migrations",
	 "yitihua migrate [--db FILE|URL]\n  应用尚未执行的编号迁移，并记录在 schema_migrations。\n"
	 "  Applies the numbered migrations not yet recorded.",
	 cmd_migrate},
	{"serve", "启动服务 / run the HTTP server",
	 "yitihua serve [--listen ADDR:PORT] [--threads N] [--db ...] [--web DIR]\n"
	 "  默认 127.0.0.1:8080；端口 0 表示任选空闲端口。Ctrl-C / SIGTERM 正常停止。\n"
	 "  Default 127.0.0.1:8080; port 0 picks a free port. Stops cleanly on Ctrl-C / SIGTERM.",
	 cmd_serve},
	{"import", "导入数据 / import data",
	 "yitihua import divisions FILE\n  导入行政区划 CSV（表头 code,name,level,parent_code；UTF-8 或 GB18030）。\n"
	 "  重复导入同一文件不会改变任何数据。\n"
	 "  Imports administrative divisions; re-importing the same file changes nothing.",
	 cmd_import},
	{"plan", "规划村卫生室 / plan village clinics",
	 "yitihua plan clinics --county CODE\n"
	 "  为该县每个尚无村卫生室的村委会（代码末三位 200–399）规划一所村卫生室，挂在所在乡镇的\n"
	 "  卫生院下（无卫生院的乡镇先规划一所）；乡镇驻地村标为可不设（SR-ORG-1）。\n"
	 "  Plans a clinic for every village committee of the county that has none.",
	 cmd_plan},
	{"user", "用户管理 / manage users",
	 "yitihua user add NAME --role ROLE --institution ID [--display-name TEXT]   (密码从标准输入读取 / password on stdin)\n"
	 "yitihua user passwd NAME   (新密码从标准输入读取 / new password on stdin)\n"
	 "yitihua user list\n"
	 "  角色 / roles: admin county centre clinic finance pharmacy insurance auditor",
	 cmd_user},
	{"check", "运行全部监测并列出预警 / run every monitor and print the alerts",
	 "yitihua check [--county CODE]\n  每条预警注明所依据的规则编号（见 shared/policy/RULES.md）。\n"
	 "  Each alert cites its rule id.",
	 cmd_check},
	{"audit", "审计日志 / audit log",
	 "yitihua audit verify\n  校验审计日志哈希链；损坏时退出码为 1 并给出第一条异常记录。\n"
	 "  Checks the audit chain; exit 1 and the first bad row if it is broken.",
	 cmd_audit},
	{"books", "校验账簿 / verify the books' hash chains",
	 "yitihua books verify [--clinic ID]\n"
	 "  逐条重算每个账套（或 --clinic 指定机构的账套）的分录哈希链，并核对链头、月结封存和凭证号；\n"
	 "  完好时退出码为 0，损坏时为 1 并指出机构和第一条被改、删或插入的分录，无法校验时为 2。\n"
	 "  Recomputes every book's chain (or one institution's); exit 0 if intact, 1 naming the\n"
	 "  institution and the first posting changed, removed or inserted, 2 on errors.",
	 cmd_books},
	{"backup", "在线备份 / consistent online backup (SQLite)",
	 "yitihua backup FILE\n  把 SQLite 数据库一致地复制到 FILE（服务运行中亦可）。PostgreSQL 请用 pg_dump。\n"
	 "  Copies the SQLite database to FILE while it is in use.",
	 cmd_backup},
	{"demo", "建立演示数据 / load the demo",
	 "yitihua demo [--db ...]\n"
	 "  建库、导入区划、为柳北区及横峰县每个镇/乡建卫生院、规划村卫生室，部分开业并持证、\n"
	 "  勾选一体化进度，并为每个角色建一个演示用户（密码 demo1234）。\n"
	 "  init + divisions + centres + planned clinics + a few opened + one user per role.",
	 cmd_demo, true},
};
const unsigned commands_count = sizeof(commands) / sizeof(commands[0]);

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("yitihua: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

int cli_open_db(const struct cli_opts *o, struct db **db)
{
	if (db_open(o->db_url, db) != 0)
		return cli_fail("无法打开数据库 %s / cannot open database %s", o->db_url, o->db_url);
	if (db_migrate(*db) < 0) {
		db_close(*db);
		*db = NULL;
		return cli_fail("数据库迁移失败 / migration failed: %s", o->db_url);
	}
	struct app_error err;
	if (org_profiles_load(o->profiles, &err) < 0) {
		db_close(*db);
		*db = NULL;
		return cli_fail("%s / cannot load the policy profiles", err.message);
	}
	if (cli_load_key(o, *db) != 0) {
		db_close(*db);
		*db = NULL;
		return 1;
	}
	return 0;
}

int cli_load_key(const struct cli_opts *o, struct db *db)
{
	char path[PATH_MAX];
	struct app_error err;
	if (o->key)
		snprintf(path, sizeof(path), "%s", o->key);
	else
		pii_default_key_path(o->db_url, path, sizeof(path));
	bool existed = access(path, F_OK) == 0;
	/* A new key for a database that already holds sealed ids would make them unreadable
	 * and let the same person in twice: the key file must be restored instead. */
	if (!existed && o->create_key && db && staff_people_count(db) > 0)
		return cli_fail("数据库中已有人员档案，但找不到个人信息密钥文件 %s：请从备份恢复该文件，"
				"不要新建 / the database holds people but the key file %s is missing: "
				"restore it from a backup",
				path, path);
	/* Without the file the key stays unloaded, but pii_load still records where it was
	 * looked for, so that whatever needs it later can say so. */
	if (pii_load(path, o->create_key, &err) != 0 && (existed || o->create_key))
		return cli_fail("%s / cannot load the personal-data key file %s", err.message, path);
	if (!existed && o->create_key)
		fprintf(stderr,
			"yitihua: 已生成个人信息密钥文件 %s（权限 0600），请妥善备份，丢失后无法读取已加密的身份证号 / "
			"created the personal-data key file %s: back it up\n",
			path, path);
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_resource(const char *name)
{
	static char found[3][PATH_MAX];
	static const char *const names[3] = {"profiles", "web", "data"};
	if (is_dir(name))
		return name;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return name;
	exe[n] = '\0';
	for (int slot = 0; slot < 3; slot++) {
		if (strcmp(names[slot], name) != 0)
			continue;
		char *dir = dirname(exe);
		/* build/yitihua → <root>; build/asan/yitihua → <root> */
		for (int up = 1; up <= 3; up++) {
			char candidate[PATH_MAX];
			snprintf(candidate, sizeof(candidate), "%s/%s", dir, name);
			if (is_dir(candidate)) {
				snprintf(found[slot], sizeof(found[slot]), "%s", candidate);
				return found[slot];
			}
			dir = dirname(dir);
		}
	}
	return name;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

int cli_help(const struct command *c)
{
	printf("yitihua %s — %s\n\n%s\n", c->name, c->summary, c->usage);
	return 0;
}

const struct command *cli_command(const char *name)
{
	for (unsigned i = 0; i < commands_count; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}
