/* SPDX-License-Identifier: MIT */
/* Administrative division codes and names (统计用区划代码): what kind of village or
 * township a code or name denotes, and the names the plan derives from them. Pure logic. */
#ifndef YTH_CORE_DIVCODE_H
#define YTH_CORE_DIVCODE_H

#include <stdbool.h>
#include <stddef.h>

enum village_kind {
	VILLAGE_NONE,      /* not a 12-digit village-level code */
	VILLAGE_RESIDENTS, /* 居委会: last three digits 001–199 */
	VILLAGE_COMMITTEE, /* 村委会: 200–399, where SR-ORG-1 wants a clinic */
	VILLAGE_OTHER,     /* 400–999: farms, forestry living areas, ... */
};

enum township_kind {
	TOWNSHIP_STREET, /* 街道 (and 办事处): gets a 社区卫生服务中心 */
	TOWNSHIP_TOWN,   /* 镇, 乡 and the rest: gets a 乡镇卫生院 */
};

/* Kind of village-level CODE (12 digits). */
enum village_kind divcode_village_kind(const char *code);

/* Kind of township from its NAME ("白露街道" → street, "沙塘镇" → town). */
enum township_kind divcode_township_kind(const char *name);

/* True if CODE is all digits and LEN long. */
bool divcode_is(const char *code, size_t len);

/* The county (6 digits) of any code of 6 digits or more, into OUT (7 bytes). False if
 * CODE is shorter or not digits. */
bool divcode_county(const char *code, char out[7]);

/* NAME without its administrative suffix: "沙塘村委会" → "沙塘", "沙塘镇" → "沙塘",
 * "白露街道" → "白露". Written into OUT (LEN bytes). */
void divcode_stem(const char *name, char *out, size_t len);

/* True if the village is at the township seat (乡镇驻地): its stem equals the township's
 * stem. SR-ORG-1 lets such villages go without a clinic of their own. */
bool divcode_is_seat(const char *village_name, const char *township_name);

/* Name of the clinic planned for a village: "沙塘村委会" → "沙塘村卫生室". */
void divcode_clinic_name(const char *village_name, char *out, size_t len);

/* Name of the centre planned for a township: "沙塘镇" → "沙塘镇卫生院",
 * "白露街道" → "白露街道社区卫生服务中心". */
void divcode_centre_name(const char *township_name, char *out, size_t len);

#endif
