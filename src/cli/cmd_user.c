/* SPDX-License-Identifier: MIT */
/* yitihua user add / passwd / list: manage users from the command line. Passwords come on
 * standard input (the first line), with echo off when it is a terminal, so that they
 * never appear in the process list or the shell history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "db/db.h"

/* The first line of standard input, without its line end, into a new malloc'd string
 * (the caller frees it after wiping it), or NULL. PROMPT goes to stderr on a terminal. */
static char *read_password(const char *prompt)
{
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	char *line = NULL;
	size_t cap = 0;

	if (tty) {
		fputs(prompt, stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void free_password(char *password)
{
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
}

/* Print ERR as a CLI failure. Returns 1. */
static int fail_error(const char *what, const struct app_error *err)
{
	if (err->field[0])
		return cli_fail("%s（%s） / %s: %s (%s)", err->message, err->field, what,
		                err_code_name(err->code), err->field);
	return cli_fail("%s / %s: %s", err->message, what, err_code_name(err->code));
}

static int user_add(int argc, char **argv, const struct cli_opts *o)
{
	const char *name = NULL, *role = NULL, *institution = NULL, *display = NULL;
	struct app_error err;
	struct db *db;
	char id[37];
	int status = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--institution") == 0 && i + 1 < argc)
			institution = argv[++i];
		else if (strcmp(argv[i], "--display-name") == 0 && i + 1 < argc)
			display = argv[++i];
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return cli_fail("user add: 未知参数 %s / unknown argument %s", argv[i],
			                argv[i]);
	}
	if (!name || !role || !institution)
		return cli_fail(
		    "用法：user add NAME --role ROLE --institution ID / usage: user add "
		    "NAME --role ROLE --institution ID");
	json_t *rec =
	    json_pack("{s:s, s:s, s:s, s:s}", "username", name, "display_name",
	              display ? display : name, "role", role, "institution_id", institution);
	if (!rec)
		return cli_fail("参数不是有效的 UTF-8 / arguments are not valid UTF-8");
	if (ent_validate(&user_entity, rec, ENT_CREATE, &err) != 0) {
		status = fail_error("invalid user", &err);
		goto out_free_rec;
	}
	char *password = read_password("密码 / password: ");
	if (!password) {
		status = cli_fail("标准输入没有密码 / no password on standard input");
		goto out_free_rec;
	}
	if (auth_password_check(password, &err) != 0) {
		status = fail_error("password refused", &err);
		goto out_free_password;
	}
	if (cli_open_db(o, &db) != 0)
		goto out_free_password;
	if (auth_user_create(db, NULL, rec, password, id, &err) != 0)
		status = fail_error("cannot add user", &err);
	else {
		printf("已建立用户 %s（%s） / user %s added: %s\n", name, id, name, id);
		status = 0;
	}
	db_close(db);
out_free_password:
	free_password(password);
out_free_rec:
	json_decref(rec);
	return status;
}

static int user_passwd(int argc, char **argv, const struct cli_opts *o)
{
	struct app_error err;
	struct db *db;
	int status = 1;

	if (argc != 3 || argv[2][0] == '-')
		return cli_fail("用法：user passwd NAME / usage: user passwd NAME");
	char *password = read_password("新密码 / new password: ");
	if (!password)
		return cli_fail("标准输入没有密码 / no password on standard input");
	if (auth_password_check(password, &err) != 0) {
		status = fail_error("password refused", &err);
		goto out_free_password;
	}
	if (cli_open_db(o, &db) != 0)
		goto out_free_password;
	if (auth_user_set_password(db, NULL, argv[2], password, &err) != 0)
		status = fail_error("cannot set password", &err);
	else {
		printf("已修改 %s 的密码 / password of %s changed\n", argv[2], argv[2]);
		status = 0;
	}
	db_close(db);
out_free_password:
	free_password(password);
	return status;
}

static const char *text_of(const json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(rec, key));
	return s ? s : "";
}

static int user_list(int argc, char **argv, const struct cli_opts *o)
{
	struct db *db;
	(void)argv;
	if (argc != 2)
		return cli_fail("user list 不接受参数 / user list takes no arguments");
	if (cli_open_db(o, &db) != 0)
		return 1;
	printf("%-32s %-10s %-36s %-4s %s\n", "username", "role", "institution_id", "停用",
	       "姓名 / display name");
	struct ent_list l = {.e = &user_entity, .limit = 500, .offset = 0};
	bool more = true;
	int status = 0;
	while (more) {
		json_t *items = NULL;
		int rc = auth_store_users_list(db, &l, "/", &items, &more);
		if (rc < 0) {
			status = cli_fail("无法读取用户 / cannot read users");
			break;
		}
		size_t i;
		json_t *u;
		json_array_foreach(items, i, u)
		{
			printf("%-32s %-10s %-36s %-4s %s\n", text_of(u, "username"),
			       text_of(u, "role"), text_of(u, "institution_id"),
			       json_is_true(json_object_get(u, "disabled")) ? "是" : "",
			       text_of(u, "display_name"));
		}
		json_decref(items);
		l.offset += l.limit;
	}
	db_close(db);
	return status;
}

int cmd_user(int argc, char **argv, const struct cli_opts *o)
{
	if (argc < 2)
		return cli_fail("用法：user add|passwd|list / usage: user add|passwd|list");
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc, argv, o);
	if (strcmp(argv[1], "passwd") == 0)
		return user_passwd(argc, argv, o);
	if (strcmp(argv[1], "list") == 0)
		return user_list(argc, argv, o);
	return cli_fail("user：未知子命令 %s / unknown subcommand %s", argv[1], argv[1]);
}
