/* SPDX-License-Identifier: MIT */
/* yitihua: the command line entry point. Takes the global options (--db, --key,
 * --profiles, --web) from anywhere on the line and runs the subcommand from cli/commands.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void usage(FILE *out)
{
	fprintf(out, "用法 / usage: yitihua [--db FILE|URL] [--key FILE] [--profiles DIR] [--web DIR] COMMAND [ARGS]\n\n"
		     "乡村卫生健康服务一体化管理 — integrated management of village clinics\n\n"
		     "命令 / commands:\n");
	for (unsigned i = 0; i < commands_count; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'yitihua COMMAND --help' 显示命令帮助 / shows a command's help.\n"
		     "数据库 / database: --db, or $YITIHUA_DB; default var/yitihua.db; "
		     "postgresql://... for PostgreSQL.\n"
		     "个人信息密钥 / personal-data key: --key, or $YITIHUA_KEY; default <db>.key beside an "
		     "SQLite file, var/yitihua.key for PostgreSQL.\n");
}

/* Take "--name VALUE" / "--name=VALUE" out of ARGV; returns VALUE (borrowed) or NULL. */
static const char *take_option(int *argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < *argc; i++) {
		const char *value = NULL;
		int width = 0;
		if (strcmp(argv[i], name) == 0 && i + 1 < *argc) {
			value = argv[i + 1];
			width = 2;
		} else if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
			value = argv[i] + n + 1;
			width = 1;
		} else {
			continue;
		}
		memmove(&argv[i], &argv[i + width], (size_t)(*argc - i - width + 1) * sizeof(char *));
		*argc -= width;
		return value;
	}
	return NULL;
}

static const char *or_env(const char *value, const char *env, const char *fallback)
{
	if (value)
		return value;
	const char *e = getenv(env);
	return e && *e ? e : fallback;
}

int main(int argc, char **argv)
{
	struct cli_opts o;
	o.db_url = or_env(take_option(&argc, argv, "--db"), "YITIHUA_DB", "var/yitihua.db");
	o.profiles = or_env(take_option(&argc, argv, "--profiles"), "YITIHUA_PROFILES", NULL);
	o.web_root = or_env(take_option(&argc, argv, "--web"), "YITIHUA_WEB", NULL);
	o.key = or_env(take_option(&argc, argv, "--key"), "YITIHUA_KEY", NULL);
	o.create_key = false;
	if (!o.profiles)
		o.profiles = cli_resource("profiles");
	if (!o.web_root)
		o.web_root = cli_resource("web");
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const struct command *c = cli_command(argv[1]);
	if (!c)
		return cli_fail("未知命令 %s / unknown command %s (yitihua --help)", argv[1], argv[1]);
	if (cli_wants_help(argc - 1, argv + 1))
		return cli_help(c);
	o.create_key = c->creates_key;
	return c->run(argc - 1, argv + 1, &o);
}
