/* SPDX-License-Identifier: MIT */
/* Citizen identity numbers (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit
 * birth date, 3-digit sequence (odd: male, even: female) and an ISO 7064 MOD 11-2 check
 * character (0-9 or X). Pure logic. */
#ifndef YTH_CORE_CITIZEN_ID_H
#define YTH_CORE_CITIZEN_ID_H

enum citizen_id_status {
	CID_OK = 0,
	CID_LENGTH,  /* not 18 characters */
	CID_DIGITS,  /* a character other than digits (and a final X / x) */
	CID_DATE,    /* the birth date inside is not a real date */
	CID_CHECK,   /* the check character does not match */
};

/* The check character of the first 17 digits of ID ('0'-'9' or 'X'), or '\0' if they are
 * not 17 digits. */
char citizen_id_check_char(const char *id);

/* Check ID. On CID_OK writes its birth date "YYYY-MM-DD" to BIRTH (11 bytes, may be NULL)
 * and its sex "male" / "female" to *SEX (may be NULL; static string). A lower-case x is
 * accepted and means X. */
enum citizen_id_status citizen_id_parse(const char *id, char *birth, const char **sex);

/* Chinese explanation of STATUS, for errors naming the field. Static string. */
const char *citizen_id_status_text(enum citizen_id_status status);

/* ID with its middle masked for lists and exports: the first 4 and last 4 characters kept,
 * "4502**********123X". OUT has room for 19 bytes. */
void citizen_id_mask(const char *id, char out[19]);

/* ID in canonical form (upper-case X) into OUT (19 bytes). */
void citizen_id_normalise(const char *id, char out[19]);

#endif
