/* SPDX-License-Identifier: MIT */
/* The command line: one table of subcommands (cli/commands.c), one file per command. */
#ifndef YTH_CLI_CLI_H
#define YTH_CLI_CLI_H

#include <stdbool.h>

struct db;

/* Options every command takes. */
struct cli_opts {
	const char *db_url;   /* --db, else $YITIHUA_DB, else var/yitihua.db */
	const char *profiles; /* --profiles, else $YITIHUA_PROFILES, else profiles */
	const char *web_root; /* --web, else $YITIHUA_WEB, else web */
	/* --key, else $YITIHUA_KEY, else NULL: the personal-data key file beside the database
	 * (pii_default_key_path). */
	const char *key;
	bool create_key; /* the command creates the key file when missing (init, demo) */
};

struct command {
	const char *name;
	const char *summary; /* "中文 / English", one line */
	const char *usage;   /* full --help text after the first line */
	/* ARGV[0] is the command name; global options are already removed. Returns the exit
	 * status. */
	int (*run)(int argc, char **argv, const struct cli_opts *o);
	bool creates_key; /* sets cli_opts.create_key: makes the personal-data key if missing */
};

extern const struct command commands[];
extern const unsigned commands_count;

/* Print "yitihua: <ZH> / <EN>" (one line) to stderr and return 1. Each of ZH and EN is a
 * printf format; both take the same ARGS... so pass the argument twice if both use it. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open the database named by O, bring its schema up to date (migrate), load the policy
 * profiles and the personal-data key (cli_load_key). Returns 0 and sets *DB, or prints the
 * failure and returns 1. */
int cli_open_db(const struct cli_opts *o, struct db **db);

/* Load the personal-data key file named by O (auth/pii.h): created first when
 * O->create_key, otherwise loaded only if it exists — commands still run without it, and
 * sealing or opening a citizen id then fails saying where the key was looked for. A key
 * file others may read is refused. Returns 0, or prints the failure and returns 1. */
int cli_load_key(const struct cli_opts *o, struct db *db);

/* The folder NAME shipped with yitihua (profiles, web, data): NAME itself if it exists in
 * the working directory, else beside the program's build folder (<root>/build/yitihua or
 * <root>/build/asan/yitihua). Static or interned string. */
const char *cli_resource(const char *name);

/* True if ARGV contains -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Print the command's help (summary + usage) to stdout and return 0. */
int cli_help(const struct command *c);
/* The command named NAME, or NULL. */
const struct command *cli_command(const char *name);



/* Shared by import / plan and demo: import the divisions file PATH, plan COUNTY (QUIET:
 * counts only). Print the outcome; return the exit status. */
int cli_import_divisions(struct db *db, const char *path);
int cli_plan_county(struct db *db, const char *county, bool quiet);

/* The commands, one file each (cli/cmd_<name>.c). */
int cmd_init(int argc, char **argv, const struct cli_opts *o);
int cmd_migrate(int argc, char **argv, const struct cli_opts *o);
int cmd_serve(int argc, char **argv, const struct cli_opts *o);
int cmd_import(int argc, char **argv, const struct cli_opts *o);
int cmd_plan(int argc, char **argv, const struct cli_opts *o);
int cmd_user(int argc, char **argv, const struct cli_opts *o);
int cmd_check(int argc, char **argv, const struct cli_opts *o);
int cmd_audit(int argc, char **argv, const struct cli_opts *o);
int cmd_books(int argc, char **argv, const struct cli_opts *o);
int cmd_backup(int argc, char **argv, const struct cli_opts *o);
int cmd_demo(int argc, char **argv, const struct cli_opts *o);
#endif
