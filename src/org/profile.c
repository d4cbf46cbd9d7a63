/* SPDX-License-Identifier: MIT */
/* This file contains the policy profiles: loading them from profiles/NAME.json, checking their
 * shape, binding them to divisions and reading their parameters. Where the two policy
 * documents differ, the difference is here, as data. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "org/org.h"

#define MAX_PROFILES 64

/* Loaded once at start and only read afterwards, so threads share it without locks. */
static json_t *profiles;    /* array of profile documents */
static json_t *merged;      /* object: "<profile id>@<version>/<county>" → merged document */

void org_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int bad(struct app_error *err, const char *file, const char *what)
{
	return err_set(err, ERR_INTERNAL, NULL, NULL, "政策配置文件 %s 有误：%s", file, what);
}

/* Check the shape the code relies on, so that a bad file fails at start, not mid-request. */
static int check_profile(const json_t *p, const char *file, struct app_error *err)
{
	if (!json_is_object(p))
		return bad(err, file, "应为 JSON 对象");
	if (!json_is_string(json_object_get(p, "id")) || !json_is_string(json_object_get(p, "name")))
		return bad(err, file, "缺少 id 或 name");
	if (!json_is_integer(json_object_get(p, "version")))
		return bad(err, file, "缺少整数 version");
	if (!ent_is_date(json_string_value(json_object_get(p, "effective_from"))))
		return bad(err, file, "effective_from 应为日期 YYYY-MM-DD");
	json_t *until = json_object_get(p, "effective_until");
	if (until && !json_is_null(until) && !ent_is_date(json_string_value(until)))
		return bad(err, file, "effective_until 应为日期或 null");
	json_t *divisions = json_object_get(p, "divisions");
	if (!json_is_array(divisions) || json_array_size(divisions) == 0)
		return bad(err, file, "divisions 应为非空数组");
	size_t i;
	json_t *v;
	json_array_foreach(divisions, i, v) if (!json_is_string(v)) return bad(err, file, "divisions 应为代码文本");
	json_t *items = json_object_get(p, "checklist");
	if (!json_is_array(items) || json_array_size(items) == 0)
		return bad(err, file, "checklist 应为非空数组");
	json_array_foreach(items, i, v)
	{
		if (!json_is_string(json_object_get(v, "key")) ||
		    !json_is_string(json_object_get(v, "label")))
			return bad(err, file, "checklist 每项须有 key 与 label");
	}
	json_t *targets = json_object_get(p, "coverage_targets");
	if (!json_is_array(targets))
		return bad(err, file, "coverage_targets 应为数组");
	json_array_foreach(targets, i, v)
	{
		if (!json_is_integer(json_object_get(v, "year")) ||
		    !json_is_integer(json_object_get(v, "pct")))
			return bad(err, file, "coverage_targets 每项须有整数 year 与 pct");
	}
	if (!json_is_string(json_object_get(p, "coverage_rule")))
		return bad(err, file, "缺少 coverage_rule");
	if (!json_is_object(json_object_get(p, "parameters")))
		return bad(err, file, "parameters 应为对象");
	json_t *overrides = json_object_get(p, "county_overrides");
	if (overrides && !json_is_object(overrides))
		return bad(err, file, "county_overrides 应为对象");
	return 0;
}

void org_profiles_free(void)
{
	json_decref(profiles);
	json_decref(merged);
	profiles = NULL;
	merged = NULL;
}

/* Deep merge of OVERRIDE into a copy of BASE: objects merge key by key, anything else
 * replaces. New reference. */
static json_t *merge(const json_t *base, const json_t *override)
{
	json_t *out = json_deep_copy(base);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)override, key, v)
	{
		json_t *old = json_object_get(out, key);
		if (json_is_object(old) && json_is_object(v))
			json_object_set_new(out, key, merge(old, v));
		else
			json_object_set(out, key, v);
	}
	return out;
}

static int by_file_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool is_json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

static int json_file_filter(const struct dirent *d)
{
	return is_json_file(d);
}

int org_profiles_load(const char *dir, struct app_error *err)
{
	struct dirent **names;
	int n = scandir(dir, &names, json_file_filter, by_file_name);
	if (n < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, "无法读取政策配置目录 %s", dir);
	json_t *list = json_array(), *cache = json_object();
	int rc = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		json_error_t jerr;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		json_t *p = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		if (!p) {
			rc = err_set(err, ERR_INTERNAL, NULL, NULL, "政策配置文件 %s 第 %d 行：%s",
				     path, jerr.line, jerr.text);
		} else if (check_profile(p, path, err) != 0) {
			json_decref(p);
			rc = -1;
		} else {
			json_array_append_new(list, p);
		}
		free(names[i]);
	}
	free(names);
	if (rc != 0 || json_array_size(list) == 0) {
		if (rc == 0)
			rc = err_set(err, ERR_INTERNAL, NULL, NULL, "目录 %s 中没有政策配置文件", dir);
		json_decref(list);
		json_decref(cache);
		return rc;
	}
	org_profiles_free();
	profiles = list;
	/* Precompute each county override so that lookups never allocate. */
	size_t i;
	json_t *p;
	json_array_foreach(profiles, i, p)
	{
		const char *county;
		json_t *override;
		json_object_foreach(json_object_get(p, "county_overrides"), county, override)
		{
			char key[256];
			snprintf(key, sizeof(key), "%s@%lld/%s", org_profile_id(p),
				 (long long)json_integer_value(json_object_get(p, "version")), county);
			json_t *m = merge(p, override);
			json_object_set_new(m, "county_override", json_string(county));
			json_object_set_new(cache, key, m);
		}
	}
	merged = cache;
	return (int)json_array_size(profiles);
}

const json_t *org_profile_for(const char *county_code, const char *date)
{
	char today[11];
	if (!date) {
		org_today(today);
		date = today;
	}
	const json_t *best = NULL;
	size_t best_len = 0, i, j;
	const char *best_from = "";
	json_t *p, *d;
	json_array_foreach(profiles, i, p)
	{
		const char *from = json_string_value(json_object_get(p, "effective_from"));
		json_array_foreach(json_object_get(p, "divisions"), j, d)
		{
			const char *prefix = json_string_value(d);
			size_t len = strlen(prefix);
			if (strncmp(county_code, prefix, len) != 0)
				continue;
			/* Prefer the longest binding; among versions, the latest in force on DATE;
			 * a version not yet in force is used only if nothing else binds. */
			bool in_force = strcmp(from, date) <= 0;
			bool best_in_force = best && strcmp(best_from, date) <= 0;
			if (!best || len > best_len ||
			    (len == best_len && ((in_force && !best_in_force) ||
						 (in_force == best_in_force && strcmp(from, best_from) > 0)))) {
				best = p;
				best_len = len;
				best_from = from;
			}
		}
	}
	if (!best)
		return NULL;
	char key[256];
	snprintf(key, sizeof(key), "%s@%lld/%s", org_profile_id(best),
		 (long long)json_integer_value(json_object_get(best, "version")), county_code);
	const json_t *m = json_object_get(merged, key);
	return m ? m : best;
}

json_t *org_profiles_json(void)
{
	return profiles ? json_deep_copy(profiles) : json_array();
}

const json_t *org_profile_by_id(const char *id)
{
	const json_t *best = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(profiles, i, p)
	{
		if (strcmp(org_profile_id(p), id) != 0)
			continue;
		if (!best || json_integer_value(json_object_get(p, "version")) >
				     json_integer_value(json_object_get(best, "version")))
			best = p;
	}
	return best;
}

const char *org_profile_id(const json_t *p)
{
	return json_string_value(json_object_get(p, "id"));
}

const char *org_profile_name(const json_t *p)
{
	return json_string_value(json_object_get(p, "name"));
}

const json_t *org_profile_checklist(const json_t *p)
{
	return json_object_get(p, "checklist");
}

size_t org_profile_items(const json_t *p)
{
	return json_array_size(json_object_get(p, "checklist"));
}

const char *org_profile_item_label(const json_t *p, const char *key)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(p, "checklist"), i, item)
	{
		if (strcmp(json_string_value(json_object_get(item, "key")), key) == 0)
			return json_string_value(json_object_get(item, "label"));
	}
	return NULL;
}

int org_profile_target(const json_t *p, int year)
{
	int best_year = -1, pct = -1;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(p, "coverage_targets"), i, t)
	{
		int y = (int)json_integer_value(json_object_get(t, "year"));
		if (y <= year && y > best_year) {
			best_year = y;
			pct = (int)json_integer_value(json_object_get(t, "pct"));
		}
	}
	return pct;
}

const char *org_profile_coverage_rule(const json_t *p)
{
	return json_string_value(json_object_get(p, "coverage_rule"));
}

long long org_profile_param(const json_t *p, const char *name, long long fallback)
{
	json_t *v = json_object_get(json_object_get(p, "parameters"), name);
	return json_is_integer(v) ? (long long)json_integer_value(v) : fallback;
}

const json_t *org_profile_group(const json_t *p, const char *group)
{
	return json_object_get(json_object_get(p, "parameters"), group);
}

long long org_profile_param_in(const json_t *p, const char *group, const char *name,
			       long long fallback)
{
	json_t *v = json_object_get(org_profile_group(p, group), name);
	return json_is_integer(v) ? (long long)json_integer_value(v) : fallback;
}
