/* SPDX-License-Identifier: MIT */
/* This file contains the implementation of the text encoding helpers: strict UTF-8
 * validation and the conversion of imported files to UTF-8, trying UTF-8 first and then
 * GB18030 (a file that is valid UTF-8 is almost never meant as GB18030, while most
 * GB18030 Chinese text is not valid UTF-8). */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static const char bom[] = "\xEF\xBB\xBF";

const char *text_encoding_name(enum text_encoding e)
{
	return e == TEXT_GB18030 ? "GB18030" : "UTF-8";
}

/* Length of the well-formed UTF-8 sequence at S (AVAIL bytes left), or 0 if it is not one
 * (Unicode 15, table 3-7). NUL counts as not well-formed: it would end the C string. */
static size_t sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	if (c >= 0x01 && c <= 0x7F)
		return 1;
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0; /* below is overlong */
		else if (c == 0xED)
			hi = 0x9F; /* above are the surrogates D800–DFFF */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90; /* below is overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above is past U+10FFFF */
	} else {
		return 0; /* NUL, a continuation byte, C0/C1 (overlong), F5–FF */
	}
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

bool text_is_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* Runs of ASCII are the common case in CSV; take them a byte at a time without
		 * the table. */
		if (p[i] >= 0x01 && p[i] <= 0x7F) {
			i++;
			continue;
		}
		size_t n = sequence_length(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t text_utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

void text_cut_utf8(const char *s, size_t len, char *out)
{
	size_t n = strlen(s);
	if (n > len) {
		n = len;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* A copy of LEN bytes of S with a NUL after them, or NULL. */
static char *copy_text(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* DATA converted from GB18030 into a new NUL-terminated UTF-8 string, its length in *LEN;
 * NULL if DATA is not GB18030 (an invalid or truncated sequence) or memory ran out. */
static char *from_gb18030(const char *data, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	/* A GB18030 character is 1, 2 or 4 bytes and becomes 1, 3 or 4 bytes of UTF-8, so
	 * twice the input is always enough; E2BIG is still handled in case it is not. */
	size_t cap = len * 2 + 16;
	char *out = malloc(cap);
	if (!out)
		goto out_close_iconv;
	char *in = (char *)data; /* iconv's prototype is not const-correct; it does not write */
	size_t in_left = len;
	char *w = out;
	size_t out_left = cap - 1;
	/* GB18030 has no shift states, so there is nothing to flush at the end. */
	while (in_left > 0) {
		if (iconv(cd, &in, &in_left, &w, &out_left) != (size_t)-1)
			continue;
		if (errno != E2BIG)
			goto out_free_out; /* EILSEQ invalid, EINVAL truncated at the end */
		size_t used = (size_t)(w - out);
		char *bigger = realloc(out, cap * 2);
		if (!bigger)
			goto out_free_out;
		out = bigger;
		cap *= 2;
		w = out + used;
		out_left = cap - 1 - used;
	}
	iconv_close(cd);
	size_t n = (size_t)(w - out);
	/* GB18030's own byte order mark (84 31 95 33) decodes to U+FEFF. */
	if (n >= 3 && memcmp(out, bom, 3) == 0) {
		memmove(out, out + 3, n - 3);
		n -= 3;
	}
	out[n] = '\0';
	/* A NUL byte converts to NUL; the result must also be usable as a C string. */
	if (!text_is_utf8(out, n)) {
		free(out);
		return NULL;
	}
	*out_len = n;
	return out;

out_free_out:
	free(out);
out_close_iconv:
	iconv_close(cd);
	return NULL;
}

char *text_to_utf8(const char *data, size_t len, size_t *out_len, enum text_encoding *enc)
{
	size_t n = 0;
	char *out;
	if (len >= 3 && memcmp(data, bom, 3) == 0) {
		/* A file that says it is UTF-8 and is not is broken, not GB18030. */
		if (!text_is_utf8(data + 3, len - 3))
			return NULL;
		n = len - 3;
		out = copy_text(data + 3, n);
		if (enc)
			*enc = TEXT_UTF8;
	} else if (text_is_utf8(data, len)) {
		n = len;
		out = copy_text(data, n);
		if (enc)
			*enc = TEXT_UTF8;
	} else {
		out = from_gb18030(data, len, &n);
		if (enc)
			*enc = TEXT_GB18030;
	}
	if (out && out_len)
		*out_len = n;
	return out;
}
