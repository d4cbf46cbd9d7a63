/* SPDX-License-Identifier: MIT */
/* This file contains the reading of citizen identity numbers (公民身份号码, GB 11643-1999):
 * the ISO 7064 MOD 11-2 check character, the birth date and sex inside, the masked form
 * lists and exports show, and the canonical form the keyed hash is taken of. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/citizen_id.h"
#include "core/entity.h"

#define CID_LEN 18

/* ISO 7064 MOD 11-2: weight of each of the first 17 digits, and the check character for
 * each remainder of the weighted sum modulo 11. */
static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[] = "10X98765432";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

char citizen_id_check_char(const char *id)
{
	if (!id)
		return '\0';
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(id[i]))
			return '\0';
		sum += (id[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

enum citizen_id_status citizen_id_parse(const char *id, char *birth, const char **sex)
{
	if (!id || strlen(id) != CID_LEN)
		return CID_LENGTH;
	for (int i = 0; i < 17; i++)
		if (!is_digit(id[i]))
			return CID_DIGITS;
	char last = id[17] == 'x' ? 'X' : id[17];
	if (!is_digit(last) && last != 'X')
		return CID_DIGITS;
	char date[11];
	snprintf(date, sizeof(date), "%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
	if (!ent_is_date(date))
		return CID_DATE;
	if (citizen_id_check_char(id) != last)
		return CID_CHECK;
	if (birth)
		memcpy(birth, date, sizeof(date));
	if (sex)
		*sex = (id[16] - '0') % 2 ? "male" : "female";
	return CID_OK;
}

const char *citizen_id_status_text(enum citizen_id_status status)
{
	switch (status) {
	case CID_OK:
		return "有效";
	case CID_LENGTH:
		return "应为 18 位";
	case CID_DIGITS:
		return "前 17 位应为数字，最后一位为数字或 X";
	case CID_DATE:
		return "第 7–14 位的出生日期不是有效日期";
	case CID_CHECK:
		return "校验码（最后一位）不正确，请核对号码";
	}
	return "无效";
}

void citizen_id_normalise(const char *id, char out[19])
{
	size_t n = id ? strnlen(id, CID_LEN) : 0;
	for (size_t i = 0; i < n; i++)
		out[i] = id[i] == 'x' ? 'X' : id[i];
	out[n] = '\0';
}

void citizen_id_mask(const char *id, char out[19])
{
	char canon[19];
	citizen_id_normalise(id, canon);
	size_t n = strlen(canon);
	/* Too short to keep 4 + 4 without showing all of it: hide everything. */
	bool keep = n > 8;
	for (size_t i = 0; i < n; i++)
		out[i] = keep && (i < 4 || i >= n - 4) ? canon[i] : '*';
	out[n] = '\0';
}
