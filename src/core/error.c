/* SPDX-License-Identifier: MIT */
/* The table of user-facing error codes: HTTP status, stable name, default Chinese text. */
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const struct {
	int status;
	const char *name;
	const char *message;
} table[ERR_COUNT] = {
	[ERR_OK] = {200, "ok", "成功"},
	[ERR_BAD_JSON] = {400, "bad_json", "请求体不是合法的 JSON 对象"},
	[ERR_BAD_REQUEST] = {400, "bad_request", "请求参数有误"},
	[ERR_UNKNOWN_FIELD] = {400, "unknown_field", "请求包含未定义的字段"},
	[ERR_TYPE] = {400, "wrong_type", "字段类型错误"},
	[ERR_REQUIRED] = {422, "required", "缺少必填字段"},
	[ERR_INVALID] = {422, "invalid_field", "字段值无效"},
	[ERR_RULE] = {422, "rule_violation", "违反政策规定"},
	[ERR_NOT_FOUND] = {404, "not_found", "未找到"},
	[ERR_CONFLICT] = {409, "conflict", "与现有数据冲突"},
	[ERR_UNAUTHENTICATED] = {401, "unauthenticated", "请先登录"},
	[ERR_FORBIDDEN] = {403, "forbidden", "无权执行此操作"},
	[ERR_CSRF] = {403, "csrf", "缺少或错误的 CSRF 令牌，请刷新页面后重试"},
	[ERR_LOCKED] = {423, "locked", "登录失败次数过多，账户已锁定 15 分钟"},
	[ERR_TOO_LARGE] = {413, "too_large", "请求体超过 1 MiB"},
	[ERR_METHOD] = {405, "method_not_allowed", "不支持该请求方法"},
	[ERR_UNAVAILABLE] = {503, "unavailable", "数据库繁忙，请稍后重试"},
	[ERR_INTERNAL] = {500, "internal", "服务器内部错误"},
};

static enum err_code checked(enum err_code code)
{
	return (unsigned)code < ERR_COUNT ? code : ERR_INTERNAL;
}

int err_http_status(enum err_code code)
{
	return table[checked(code)].status;
}

const char *err_code_name(enum err_code code)
{
	return table[checked(code)].name;
}

int err_vset(struct app_error *err, enum err_code code, const char *field, const char *rule,
	     const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->code = checked(code);
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	snprintf(err->rule, sizeof(err->rule), "%s", rule ? rule : "");
	if (fmt)
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
	else
		snprintf(err->message, sizeof(err->message), "%s", table[err->code].message);
	return -1;
}

int err_set(struct app_error *err, enum err_code code, const char *field, const char *rule,
	    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(err, code, field, rule, fmt, ap);
	va_end(ap);
	return -1;
}

void err_prefix_item(struct app_error *err, const char *list, size_t i, const char *unit)
{
	char field[64], lead[64];
	int nf = snprintf(field, sizeof(field), "%s.%zu%s", list, i, err->field[0] ? "." : "");
	int nl = snprintf(lead, sizeof(lead), "第 %zu %s：", i + 1, unit);
	size_t flen = strlen(err->field), mlen = strlen(err->message);
	if (nf > 0 && (size_t)nf < sizeof(field) && flen + (size_t)nf < sizeof(err->field)) {
		memmove(err->field + nf, err->field, flen + 1);
		memcpy(err->field, field, (size_t)nf);
	}
	if (nl > 0 && (size_t)nl < sizeof(lead) && mlen + (size_t)nl < sizeof(err->message)) {
		memmove(err->message + nl, err->message, mlen + 1);
		memcpy(err->message, lead, (size_t)nl);
	}
}
