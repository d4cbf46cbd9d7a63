/* SPDX-License-Identifier: MIT */
/* Text encodings of imported files: UTF-8 (with or without a byte order mark) and
 * GB18030, which Chinese spreadsheet software writes. Everything inside is UTF-8. */
#ifndef YTH_CORE_TEXT_H
#define YTH_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum text_encoding { TEXT_UTF8, TEXT_GB18030 };

/* DATA (LEN bytes, borrowed) as UTF-8: a UTF-8 byte order mark is stripped; valid UTF-8 is
 * copied; anything else is converted from GB18030 (glibc iconv), whose own byte order
 * mark is stripped too. Returns a new malloc'd NUL-terminated string (caller frees), its
 * length in *OUT_LEN and the encoding read in *ENC (either may be NULL); NULL if the data
 * is neither (or holds a NUL byte, or memory ran out). */
char *text_to_utf8(const char *data, size_t len, size_t *out_len, enum text_encoding *enc);

/* "UTF-8" or "GB18030". Static string. */
const char *text_encoding_name(enum text_encoding e);

/* True if S (LEN bytes) is strict UTF-8: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence, and no NUL byte. */
bool text_is_utf8(const char *s, size_t len);

/* Number of code points in the NUL-terminated UTF-8 string S (assumed valid). */
size_t text_utf8_chars(const char *s);

/* The first LEN bytes of S at most, not cutting a character, into OUT (LEN + 1 bytes). */
void text_cut_utf8(const char *s, size_t len, char *out);

#endif
