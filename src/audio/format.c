// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sample formats and per-sample conversions (rules in include/adx/audio/format.h).
 *
 * The conversion loops run on every period, so each is a plain loop over
 * independent samples with no calls and no early exits, which compilers
 * vectorise; rounding is adx/util/round.h's inline trick for that reason.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "adx/audio/format.h"
#include "adx/util/round.h"

#define S16_SCALE 32768.0f               /* 2^15 */
#define S32_SCALE 2147483648.0           /* 2^31 */

struct format_alias {
	const char *text;
	enum adx_sample_format format;
};

static const struct format_alias format_aliases[] = {
	{ "S16_LE", ADX_FMT_S16_LE },  { "s16", ADX_FMT_S16_LE },
	{ "S32_LE", ADX_FMT_S32_LE },  { "s32", ADX_FMT_S32_LE },
	{ "FLOAT32", ADX_FMT_FLOAT32 }, { "float", ADX_FMT_FLOAT32 },
	{ "FLOAT_LE", ADX_FMT_FLOAT32 },
};

bool adx_format_is_valid(enum adx_sample_format format)
{
	/* An enum may hold any int: compare as unsigned so negatives fail too. */
	return (unsigned int)format <= (unsigned int)ADX_FMT_FLOAT32;
}

const char *adx_format_name(enum adx_sample_format format)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		return "S16_LE";
	case ADX_FMT_S32_LE:
		return "S32_LE";
	case ADX_FMT_FLOAT32:
		return "FLOAT32";
	}
	return "invalid";
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool text_equal_nocase(const char *a, const char *b)
{
	while (*a && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}
	return *a == *b;
}

int adx_format_parse(const char *text, enum adx_sample_format *format)
{
	size_t i;

	if (!text || !format)
		return -EINVAL;
	for (i = 0; i < sizeof(format_aliases) / sizeof(format_aliases[0]); i++) {
		if (text_equal_nocase(text, format_aliases[i].text)) {
			*format = format_aliases[i].format;
			return 0;
		}
	}
	return -EINVAL;
}

size_t adx_sample_bytes(enum adx_sample_format format)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		return sizeof(int16_t);
	case ADX_FMT_S32_LE:
		return sizeof(int32_t);
	case ADX_FMT_FLOAT32:
		return sizeof(float);
	}
	return 0;
}

size_t adx_frame_bytes(const struct adx_stream_params *params)
{
	if (!params)
		return 0;
	return (size_t)params->channels * adx_sample_bytes(params->format);
}

bool adx_stream_params_equal(const struct adx_stream_params *a,
			     const struct adx_stream_params *b)
{
	return a->rate == b->rate && a->channels == b->channels &&
	       a->format == b->format;
}

/* ---- integer -> float: exact scaling by a power of two ---- */

static void s16_to_float(const int16_t *src, float *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++)
		dst[i] = (float)src[i] * (1.0f / S16_SCALE);
}

/* int32 -> float rounds to 24 bits, so INT32_MAX becomes exactly 1.0f. */
static void s32_to_float(const int32_t *src, float *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++)
		dst[i] = (float)src[i] * (float)(1.0 / S32_SCALE);
}

/* ---- float -> integer: scale, saturate, NaN to 0, round ---- */

/*
 * Saturating before rounding gives the same result as rounding first,
 * because both bounds are integers; it also keeps every value inside the
 * rounding trick's exact range and makes the final cast well defined.
 */
static void float_to_s16(const float *src, int16_t *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++) {
		float v = src[i] * S16_SCALE;

		v = v > (float)INT16_MAX ? (float)INT16_MAX : v;
		v = v < (float)INT16_MIN ? (float)INT16_MIN : v;
		v = v == v ? v : 0.0f; /* NaN fails both comparisons above */
		v = adx_round_nearest_f(v);
		dst[i] = (int16_t)v;
	}
}

/*
 * A float cannot hold 2^31 - 1 (and 2^31 * (1 - 2^-24) would round up to
 * 2^31 in float arithmetic), so the S32 path scales and saturates in double,
 * where every int32 is exact.
 */
static void float_to_s32(const float *src, int32_t *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++) {
		double v = (double)src[i] * S32_SCALE;

		v = v > (double)INT32_MAX ? (double)INT32_MAX : v;
		v = v < (double)INT32_MIN ? (double)INT32_MIN : v;
		v = v == v ? v : 0.0;
		v = adx_round_nearest_d(v);
		dst[i] = (int32_t)v;
	}
}

/* ---- integer -> integer ---- */

/* |x| * 2^16 <= 2^31 for every int16, so the product never overflows. */
static void s16_to_s32(const int16_t *src, int32_t *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++)
		dst[i] = (int32_t)src[i] * 65536;
}

/*
 * Works on the offset-binary value u = x + 2^31 so that every shift is of an
 * unsigned number (right-shifting a negative int is implementation-defined).
 * Ties to even: add 0x7fff, plus one more when the kept part is odd. The
 * offset 2^31 = 32768 << 16 is even in the kept part, so parity is unchanged.
 */
static void s32_to_s16(const int32_t *src, int16_t *dst, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++) {
		uint64_t u = (uint64_t)((uint32_t)src[i] ^ 0x80000000u);
		uint64_t kept = (u + 0x7fffu + ((u >> 16) & 1u)) >> 16; /* 0 .. 65536 */

		kept = kept > 65535u ? 65535u : kept;
		dst[i] = (int16_t)((int32_t)kept - 32768);
	}
}

/* ---- public entry points ---- */

/* An invalid format converts nothing (dst is left as it was). */
void adx_to_float(enum adx_sample_format format, const void *src, float *dst,
		  size_t samples)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		s16_to_float(src, dst, samples);
		break;
	case ADX_FMT_S32_LE:
		s32_to_float(src, dst, samples);
		break;
	case ADX_FMT_FLOAT32:
		memmove(dst, src, samples * sizeof(float));
		break;
	}
}

void adx_from_float(enum adx_sample_format format, const float *src, void *dst,
		    size_t samples)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		float_to_s16(src, dst, samples);
		break;
	case ADX_FMT_S32_LE:
		float_to_s32(src, dst, samples);
		break;
	case ADX_FMT_FLOAT32:
		memmove(dst, src, samples * sizeof(float));
		break;
	}
}

void adx_convert(enum adx_sample_format src_format, const void *src,
		 enum adx_sample_format dst_format, void *dst, size_t samples)
{
	if (src_format == dst_format) {
		if (adx_format_is_valid(src_format))
			memmove(dst, src, samples * adx_sample_bytes(src_format));
	} else if (src_format == ADX_FMT_FLOAT32) {
		adx_from_float(dst_format, src, dst, samples);
	} else if (dst_format == ADX_FMT_FLOAT32) {
		adx_to_float(src_format, src, dst, samples);
	} else if (src_format == ADX_FMT_S16_LE && dst_format == ADX_FMT_S32_LE) {
		s16_to_s32(src, dst, samples);
	} else if (src_format == ADX_FMT_S32_LE && dst_format == ADX_FMT_S16_LE) {
		s32_to_s16(src, dst, samples);
	}
}
