/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sample formats and conversions.
 *
 * Conversions to float map full scale to [-1.0, 1.0): S16 divides by 2^15,
 * S32 by 2^31 (float keeps 24 bits, so S32 values round to the nearest
 * float: INT32_MAX becomes exactly 1.0f). Conversions from float multiply
 * by the same factor, round to nearest (ties to even, the FPU default) and
 * saturate to the integer range, so +1.0 becomes INT16_MAX / INT32_MAX
 * rather than wrapping. NaN converts to 0. Integer-to-integer conversions
 * shift (S16 -> S32 is exact; S32 -> S16 rounds to nearest, ties to even,
 * and saturates). A conversion with an invalid format writes nothing.
 */
#ifndef ADX_FORMAT_H
#define ADX_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum adx_sample_format {
	ADX_FMT_S16_LE,
	ADX_FMT_S32_LE,
	ADX_FMT_FLOAT32,
};

struct adx_stream_params {
	uint32_t rate;       /* frames per second */
	uint16_t channels;
	enum adx_sample_format format;
};

#define ADX_MAX_CHANNELS 8

/* "S16_LE", "S32_LE", "FLOAT32"; "invalid" for anything else. */
const char *adx_format_name(enum adx_sample_format format);
/*
 * Parses "s16", "S16_LE", "s32", "S32_LE", "float", "FLOAT32", "FLOAT_LE"
 * in any letter case; -EINVAL otherwise (format untouched).
 */
int adx_format_parse(const char *text, enum adx_sample_format *format);
bool adx_format_is_valid(enum adx_sample_format format);

size_t adx_sample_bytes(enum adx_sample_format format);
size_t adx_frame_bytes(const struct adx_stream_params *params);
bool adx_stream_params_equal(const struct adx_stream_params *a,
			     const struct adx_stream_params *b);

void adx_to_float(enum adx_sample_format format, const void *src, float *dst,
		  size_t samples);
void adx_from_float(enum adx_sample_format format, const float *src, void *dst,
		    size_t samples);
/* Any format to any format; src and dst must not overlap unless formats match. */
void adx_convert(enum adx_sample_format src_format, const void *src,
		 enum adx_sample_format dst_format, void *dst, size_t samples);

#endif
