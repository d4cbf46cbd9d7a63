/* SPDX-License-Identifier: MIT */
/* Unit tests of core/text.c: UTF-8 with and without a byte order mark, GB18030 made here
 * from UTF-8 with iconv and read back, strict UTF-8 validation, and data that is neither. */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the headers above first. */
#include <cmocka.h>

#include "core/text.h"

/* Chinese text as a spreadsheet would hold it; 㐀 and 😀 are outside GBK, so GB18030
 * writes them as four-byte sequences. */
static const char sample[] = "code,name,level\r\n361102001,水南街道,township\r\n"
                             "450205,柳北区㐀😀,county\r\n";

/* UTF-8 text S converted to GB18030 with glibc's iconv, independently of text.c. New
 * malloc'd buffer, length in *LEN. */
static char *to_gb18030(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t in_left = strlen(s), cap = in_left * 2 + 8, out_left = cap;
	char *out = malloc(cap);
	assert_non_null(out);
	char *in = (char *)s, *w = out;
	assert_true(iconv(cd, &in, &in_left, &w, &out_left) != (size_t)-1);
	assert_int_equal(in_left, 0);
	iconv_close(cd);
	*len = cap - out_left;
	return out;
}

static void utf8_without_bom_is_copied(void **state)
{
	(void)state;
	size_t n = 0;
	enum text_encoding enc = TEXT_GB18030;
	char *out = text_to_utf8(sample, strlen(sample), &n, &enc);
	assert_non_null(out);
	assert_int_equal(enc, TEXT_UTF8);
	assert_int_equal(n, strlen(sample));
	assert_string_equal(out, sample);
	free(out);
}

static void utf8_bom_is_stripped(void **state)
{
	(void)state;
	char data[sizeof(sample) + 3];
	memcpy(data, "\xEF\xBB\xBF", 3);
	memcpy(data + 3, sample, sizeof(sample));
	size_t n = 0;
	enum text_encoding enc = TEXT_GB18030;
	char *out = text_to_utf8(data, strlen(data), &n, &enc);
	assert_non_null(out);
	assert_int_equal(enc, TEXT_UTF8);
	assert_int_equal(n, strlen(sample));
	assert_string_equal(out, sample);
	free(out);
}

static void empty_data_is_empty_utf8(void **state)
{
	(void)state;
	size_t n = 99;
	enum text_encoding enc = TEXT_GB18030;
	char *out = text_to_utf8("", 0, &n, &enc);
	assert_non_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(enc, TEXT_UTF8);
	assert_string_equal(out, "");
	free(out);
}

static void gb18030_chinese_is_converted_back_to_the_same_utf8(void **state)
{
	(void)state;
	size_t gb_len;
	char *gb = to_gb18030(sample, &gb_len);
	/* The test means something only if the GB18030 bytes differ and are not UTF-8. */
	assert_true(gb_len != strlen(sample) || memcmp(gb, sample, gb_len) != 0);
	assert_false(text_is_utf8(gb, gb_len));
	size_t n = 0;
	enum text_encoding enc = TEXT_UTF8;
	char *out = text_to_utf8(gb, gb_len, &n, &enc);
	assert_non_null(out);
	assert_int_equal(enc, TEXT_GB18030);
	assert_string_equal(text_encoding_name(enc), "GB18030");
	assert_int_equal(n, strlen(sample));
	assert_string_equal(out, sample);
	free(out);
	free(gb);
}

static void gb18030_bom_is_stripped(void **state)
{
	(void)state;
	size_t gb_len;
	char *gb = to_gb18030("\xEF\xBB\xBF江西省", &gb_len); /* U+FEFF first */
	assert_memory_equal(gb, "\x84\x31\x95\x33", 4);
	enum text_encoding enc = TEXT_UTF8;
	size_t n = 0;
	char *out = text_to_utf8(gb, gb_len, &n, &enc);
	assert_non_null(out);
	assert_int_equal(enc, TEXT_GB18030);
	assert_string_equal(out, "江西省");
	assert_int_equal(n, strlen("江西省"));
	free(out);
	free(gb);
}

static void out_parameters_may_be_null(void **state)
{
	(void)state;
	char *out = text_to_utf8("abc", 3, NULL, NULL);
	assert_non_null(out);
	assert_string_equal(out, "abc");
	free(out);
}

static void data_valid_in_neither_is_refused(void **state)
{
	(void)state;
	/* 0xFF is no lead byte in either; 0x80 alone is not a GB18030 character; D6 at the
	 * end is a GB18030 lead byte with its trail byte missing; 81 20 has a bad trail. */
	static const char *const bad[] = {"abc\xFF\xFE",
	                                  "\xFF\xFE"
	                                  "a\0b\0",
	                                  "abc\x80", "ab\xD6", "\x81\x20xyz"};
	static const size_t lens[] = {5, 6, 4, 3, 5};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = 7;
		char *out = text_to_utf8(bad[i], lens[i], &n, NULL);
		assert_null(out);
		assert_int_equal(n, 7); /* untouched */
	}
}

static void nul_byte_is_refused(void **state)
{
	(void)state;
	assert_null(text_to_utf8("a\0b", 3, NULL, NULL));
}

static void utf8_bom_before_invalid_bytes_is_refused(void **state)
{
	(void)state;
	/* "江" in GB18030 (BD AD) after a UTF-8 byte order mark: the file contradicts itself. */
	assert_null(text_to_utf8("\xEF\xBB\xBF\xBD\xAD", 5, NULL, NULL));
}

static void strict_utf8_accepts_every_well_formed_range(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "a",                /* ASCII */
	    "\xC2\x80",         /* U+0080, smallest two-byte */
	    "\xDF\xBF",         /* U+07FF */
	    "\xE0\xA0\x80",     /* U+0800, smallest three-byte */
	    "\xED\x9F\xBF",     /* U+D7FF, just below the surrogates */
	    "\xEE\x80\x80",     /* U+E000, just above */
	    "\xEF\xBF\xBF",     /* U+FFFF */
	    "\xF0\x90\x80\x80", /* U+10000, smallest four-byte */
	    "\xF4\x8F\xBF\xBF", /* U+10FFFF, the largest */
	    "江西省上饶市",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(text_is_utf8(good[i], strlen(good[i])));
	assert_true(text_is_utf8("", 0));
}

static void strict_utf8_refuses_overlongs_surrogates_and_nul(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "\xC0\xAF",         /* overlong "/" */
	    "\xC1\xBF",         /* overlong */
	    "\xE0\x80\xAF",     /* overlong three-byte */
	    "\xF0\x80\x80\xAF", /* overlong four-byte */
	    "\xED\xA0\x80",     /* U+D800, a surrogate */
	    "\xED\xBF\xBF",     /* U+DFFF */
	    "\xF4\x90\x80\x80", /* U+110000, too large */
	    "\xF5\x80\x80\x80", /* no such lead byte */
	    "\x80",             /* a continuation byte alone */
	    "\xE6\xB1",         /* truncated "江" */
	    "\xE6\x28\x9F",     /* bad continuation */
	    "\xFF",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(text_is_utf8(bad[i], strlen(bad[i])));
	assert_false(text_is_utf8("a\0b", 3));
	/* A truncated sequence at the end of the given length, though more bytes follow. */
	assert_false(text_is_utf8("江", 2));
}

static void utf8_chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_chars(""), 0);
	assert_int_equal(text_utf8_chars("abc"), 3);
	assert_int_equal(text_utf8_chars("江西省abc"), 6);
	assert_int_equal(text_utf8_chars("😀㐀"), 2);
}

static void cut_utf8_never_splits_a_character(void **state)
{
	(void)state;
	char out[16];
	text_cut_utf8("江西省abc", 7, out); /* 7 bytes fall inside 省 */
	assert_string_equal(out, "江西");
	text_cut_utf8("江西省abc", 9, out);
	assert_string_equal(out, "江西省");
	text_cut_utf8("abc", 10, out);
	assert_string_equal(out, "abc");
	text_cut_utf8("江", 2, out);
	assert_string_equal(out, "");
}

static void encoding_names(void **state)
{
	(void)state;
	assert_string_equal(text_encoding_name(TEXT_UTF8), "UTF-8");
	assert_string_equal(text_encoding_name(TEXT_GB18030), "GB18030");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(utf8_without_bom_is_copied),
	    cmocka_unit_test(utf8_bom_is_stripped),
	    cmocka_unit_test(empty_data_is_empty_utf8),
	    cmocka_unit_test(gb18030_chinese_is_converted_back_to_the_same_utf8),
	    cmocka_unit_test(gb18030_bom_is_stripped),
	    cmocka_unit_test(out_parameters_may_be_null),
	    cmocka_unit_test(data_valid_in_neither_is_refused),
	    cmocka_unit_test(nul_byte_is_refused),
	    cmocka_unit_test(utf8_bom_before_invalid_bytes_is_refused),
	    cmocka_unit_test(strict_utf8_accepts_every_well_formed_range),
	    cmocka_unit_test(strict_utf8_refuses_overlongs_surrogates_and_nul),
	    cmocka_unit_test(utf8_chars_counts_code_points),
	    cmocka_unit_test(cut_utf8_never_splits_a_character),
	    cmocka_unit_test(encoding_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
