// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sample formats: names, sizes, and every conversion checked against the
 * rules in include/adx/audio/format.h, with expected values computed here from
 * those rules (in double, with floor-based rounding), never from adx itself.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adx/audio/format.h"
#include "rng.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct rng rng = { 0x9e3779b97f4a7c15u };

/* Round half to even, written from the definition. */
static double round_half_even(double x)
{
	double lower = floor(x);
	double frac = x - lower;

	if (frac > 0.5)
		return lower + 1.0;
	if (frac < 0.5)
		return lower;
	return fmod(lower, 2.0) == 0.0 ? lower : lower + 1.0;
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

static int16_t expected_s16_from_float(float v)
{
	if (isnan(v))
		return 0;
	return (int16_t)clamp(round_half_even((double)v * 32768.0), INT16_MIN, INT16_MAX);
}

static int32_t expected_s32_from_float(float v)
{
	if (isnan(v))
		return 0;
	return (int32_t)clamp(round_half_even((double)v * 2147483648.0), INT32_MIN,
			      INT32_MAX);
}

static int16_t from_float_s16(float v)
{
	int16_t out = 0x5a5a;

	adx_from_float(ADX_FMT_S16_LE, &v, &out, 1);
	return out;
}

static int32_t from_float_s32(float v)
{
	int32_t out = 0x5a5a5a5a;

	adx_from_float(ADX_FMT_S32_LE, &v, &out, 1);
	return out;
}

static int16_t s32_to_s16(int32_t v)
{
	int16_t out = 0x5a5a;

	adx_convert(ADX_FMT_S32_LE, &v, ADX_FMT_S16_LE, &out, 1);
	return out;
}

/* ---- names, parsing, sizes ---- */

static void test_every_format_name_parses_back_to_its_format(void **state)
{
	enum adx_sample_format formats[] = { ADX_FMT_S16_LE, ADX_FMT_S32_LE,
					     ADX_FMT_FLOAT32 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(formats); i++) {
		enum adx_sample_format parsed = (enum adx_sample_format)-1;

		assert_int_equal(adx_format_parse(adx_format_name(formats[i]), &parsed), 0);
		assert_int_equal(parsed, formats[i]);
	}
}

static void test_parse_accepts_documented_aliases_in_any_case(void **state)
{
	static const struct {
		const char *text;
		enum adx_sample_format format;
	} cases[] = {
		{ "s16", ADX_FMT_S16_LE },   { "S16_LE", ADX_FMT_S16_LE },
		{ "s16_le", ADX_FMT_S16_LE }, { "s32", ADX_FMT_S32_LE },
		{ "S32_LE", ADX_FMT_S32_LE }, { "S32", ADX_FMT_S32_LE },
		{ "float", ADX_FMT_FLOAT32 }, { "FLOAT32", ADX_FMT_FLOAT32 },
		{ "Float", ADX_FMT_FLOAT32 }, { "FLOAT_LE", ADX_FMT_FLOAT32 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		enum adx_sample_format parsed = (enum adx_sample_format)-1;

		assert_int_equal(adx_format_parse(cases[i].text, &parsed), 0);
		assert_int_equal(parsed, cases[i].format);
	}
}

static void test_parse_rejects_unknown_text_and_leaves_output(void **state)
{
	static const char *const bad[] = { "", "s24", "s16x", "s1", "S16_LEx",
					   "float64", " s16", "u8" };
	enum adx_sample_format parsed = ADX_FMT_S32_LE;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(adx_format_parse(bad[i], &parsed), -EINVAL);
		assert_int_equal(parsed, ADX_FMT_S32_LE);
	}
	assert_int_equal(adx_format_parse(NULL, &parsed), -EINVAL);
	assert_int_equal(adx_format_parse("s16", NULL), -EINVAL);
}

static void test_is_valid_accepts_exactly_the_three_formats(void **state)
{
	(void)state;
	assert_true(adx_format_is_valid(ADX_FMT_S16_LE));
	assert_true(adx_format_is_valid(ADX_FMT_S32_LE));
	assert_true(adx_format_is_valid(ADX_FMT_FLOAT32));
	assert_false(adx_format_is_valid((enum adx_sample_format)3));
	assert_false(adx_format_is_valid((enum adx_sample_format)-1));
	assert_string_equal(adx_format_name((enum adx_sample_format)3), "invalid");
	assert_int_equal(adx_sample_bytes((enum adx_sample_format)3), 0);
}

static void test_frame_bytes_is_channels_times_sample_bytes(void **state)
{
	struct adx_stream_params p = { .rate = 48000 };
	uint16_t ch;

	(void)state;
	assert_int_equal(adx_sample_bytes(ADX_FMT_S16_LE), 2);
	assert_int_equal(adx_sample_bytes(ADX_FMT_S32_LE), 4);
	assert_int_equal(adx_sample_bytes(ADX_FMT_FLOAT32), 4);
	for (ch = 1; ch <= ADX_MAX_CHANNELS; ch++) {
		p.channels = ch;
		p.format = ADX_FMT_S16_LE;
		assert_int_equal(adx_frame_bytes(&p), 2u * ch);
		p.format = ADX_FMT_FLOAT32;
		assert_int_equal(adx_frame_bytes(&p), 4u * ch);
	}
	assert_int_equal(adx_frame_bytes(NULL), 0);
}

static void test_params_equal_compares_rate_channels_and_format(void **state)
{
	struct adx_stream_params a = { 48000, 2, ADX_FMT_S16_LE };
	struct adx_stream_params b = a;

	(void)state;
	assert_true(adx_stream_params_equal(&a, &b));
	b.rate = 44100;
	assert_false(adx_stream_params_equal(&a, &b));
	b = a;
	b.channels = 6;
	assert_false(adx_stream_params_equal(&a, &b));
	b = a;
	b.format = ADX_FMT_S32_LE;
	assert_false(adx_stream_params_equal(&a, &b));
}

/* ---- S16 <-> float ---- */

static void test_s16_to_float_divides_by_2_15_exactly(void **state)
{
	static int16_t in[65536];
	static float out[65536];
	int32_t v;

	(void)state;
	for (v = INT16_MIN; v <= INT16_MAX; v++)
		in[v - INT16_MIN] = (int16_t)v;
	adx_to_float(ADX_FMT_S16_LE, in, out, ARRAY_LEN(in));
	for (v = INT16_MIN; v <= INT16_MAX; v++)
		assert_true(out[v - INT16_MIN] == (float)((double)v / 32768.0));
	assert_true(out[0] == -1.0f);
}

static void test_s16_float_s16_round_trip_is_identity_for_all_65536_values(void **state)
{
	static int16_t in[65536], back[65536];
	static float mid[65536];
	int32_t v;

	(void)state;
	for (v = INT16_MIN; v <= INT16_MAX; v++)
		in[v - INT16_MIN] = (int16_t)v;
	adx_to_float(ADX_FMT_S16_LE, in, mid, ARRAY_LEN(in));
	adx_from_float(ADX_FMT_S16_LE, mid, back, ARRAY_LEN(in));
	assert_memory_equal(in, back, sizeof(in));
}

static void test_float_to_s16_saturates_at_and_beyond_full_scale(void **state)
{
	(void)state;
	assert_int_equal(from_float_s16(1.0f), INT16_MAX);
	assert_int_equal(from_float_s16(-1.0f), INT16_MIN);
	assert_int_equal(from_float_s16(2.0f), INT16_MAX);
	assert_int_equal(from_float_s16(-2.0f), INT16_MIN);
	assert_int_equal(from_float_s16(FLT_MAX), INT16_MAX);
	assert_int_equal(from_float_s16(-FLT_MAX), INT16_MIN);
	assert_int_equal(from_float_s16(INFINITY), INT16_MAX);
	assert_int_equal(from_float_s16(-INFINITY), INT16_MIN);
	/* 32767.5 rounds to the even 32768, which must still saturate. */
	assert_int_equal(from_float_s16(32767.5f / 32768.0f), INT16_MAX);
	assert_int_equal(from_float_s16(-32768.5f / 32768.0f), INT16_MIN);
}

static void test_float_to_s16_converts_nan_to_zero(void **state)
{
	(void)state;
	assert_int_equal(from_float_s16(NAN), 0);
	assert_int_equal(from_float_s16(-NAN), 0);
}

static void test_float_to_s16_rounds_ties_to_even(void **state)
{
	int32_t k;

	(void)state;
	for (k = INT16_MIN; k < INT16_MAX; k++) {
		/* k + 0.5 lies between k and k + 1: the even one wins. */
		int32_t even = (k % 2 == 0) ? k : k + 1;

		assert_int_equal(from_float_s16(((float)k + 0.5f) / 32768.0f), even);
		assert_int_equal(from_float_s16(((float)k + 0.25f) / 32768.0f), k);
		assert_int_equal(from_float_s16(((float)k + 0.75f) / 32768.0f), k + 1);
	}
}

static void test_float_to_s16_matches_rounding_formula_on_random_floats(void **state)
{
	enum { N = 200000 };
	static float in[N];
	static int16_t out[N];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		/* Uniform in [-1.25, 1.25): covers both saturation regions. */
		in[i] = (float)((double)(rng_next(&rng) >> 11) / 9007199254740992.0 * 2.5 - 1.25);
	}
	adx_from_float(ADX_FMT_S16_LE, in, out, N);
	for (i = 0; i < N; i++)
		assert_int_equal(out[i], expected_s16_from_float(in[i]));
}

/* ---- S32 <-> float ---- */

static void test_s32_to_float_divides_by_2_31(void **state)
{
	int32_t in[] = { INT32_MIN, -1073741824, -1, 0, 1, 1073741824, 16777216,
			 16777217, INT32_MAX };
	float out[ARRAY_LEN(in)];
	size_t i;

	(void)state;
	adx_to_float(ADX_FMT_S32_LE, in, out, ARRAY_LEN(in));
	for (i = 0; i < ARRAY_LEN(in); i++)
		assert_true(out[i] == (float)((double)in[i] / 2147483648.0));
	assert_true(out[0] == -1.0f);
	assert_true(out[3] == 0.0f);
	assert_true(out[4] == ldexpf(1.0f, -31));
	/* 2^31 - 1 needs 31 bits; the nearest float is 2^31, i.e. 1.0. */
	assert_true(out[ARRAY_LEN(in) - 1] == 1.0f);
}

static void test_float_to_s32_saturates_at_and_beyond_full_scale(void **state)
{
	(void)state;
	assert_int_equal(from_float_s32(1.0f), INT32_MAX);
	assert_int_equal(from_float_s32(-1.0f), INT32_MIN);
	assert_int_equal(from_float_s32(1.5f), INT32_MAX);
	assert_int_equal(from_float_s32(-1.5f), INT32_MIN);
	assert_int_equal(from_float_s32(FLT_MAX), INT32_MAX);
	assert_int_equal(from_float_s32(-FLT_MAX), INT32_MIN);
	assert_int_equal(from_float_s32(INFINITY), INT32_MAX);
	assert_int_equal(from_float_s32(-INFINITY), INT32_MIN);
	/* The largest float below 1.0 is 1 - 2^-24: exactly 2^31 - 2^7. */
	assert_int_equal(from_float_s32(nextafterf(1.0f, 0.0f)), INT32_MAX - 127);
	assert_int_equal(from_float_s32(nextafterf(-1.0f, 0.0f)), INT32_MIN + 128);
}

static void test_float_to_s32_converts_nan_to_zero(void **state)
{
	(void)state;
	assert_int_equal(from_float_s32(NAN), 0);
	assert_int_equal(from_float_s32(-NAN), 0);
}

static void test_float_to_s32_rounds_ties_to_even(void **state)
{
	int32_t k;

	(void)state;
	/* (k + 0.5) * 2^-31 is an exact float while |2k + 1| < 2^24. */
	for (k = -(1 << 22); k < (1 << 22); k += 37) {
		int32_t even = (k % 2 == 0) ? k : k + 1;
		float tie = ldexpf((float)(2 * k + 1), -32);

		assert_int_equal(from_float_s32(tie), even);
	}
	assert_int_equal(from_float_s32(ldexpf(3.0f, -32)), 2);   /* 1.5 -> 2 */
	assert_int_equal(from_float_s32(ldexpf(5.0f, -32)), 2);   /* 2.5 -> 2 */
	assert_int_equal(from_float_s32(ldexpf(-5.0f, -32)), -2); /* -2.5 -> -2 */
	assert_int_equal(from_float_s32(ldexpf(1.0f, -32)), 0);   /* 0.5 -> 0 */
}

static void test_float_to_s32_matches_rounding_formula_on_random_floats(void **state)
{
	enum { N = 200000 };
	static float in[N];
	static int32_t out[N];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		double u = (double)(rng_next(&rng) >> 11) / 9007199254740992.0;

		/* Alternate full-range values and tiny ones where rounding shows. */
		in[i] = (i % 2) ? (float)(u * 2.5 - 1.25) : (float)((u - 0.5) * 1e-6);
	}
	adx_from_float(ADX_FMT_S32_LE, in, out, N);
	for (i = 0; i < N; i++)
		assert_int_equal(out[i], expected_s32_from_float(in[i]));
}

/* ---- integer <-> integer ---- */

static void test_s16_to_s32_is_exact_shift_by_16_for_all_values(void **state)
{
	static int16_t in[65536], back[65536];
	static int32_t out[65536];
	int32_t v;

	(void)state;
	for (v = INT16_MIN; v <= INT16_MAX; v++)
		in[v - INT16_MIN] = (int16_t)v;
	adx_convert(ADX_FMT_S16_LE, in, ADX_FMT_S32_LE, out, ARRAY_LEN(in));
	for (v = INT16_MIN; v <= INT16_MAX; v++)
		assert_int_equal(out[v - INT16_MIN], (int64_t)v * 65536);
	adx_convert(ADX_FMT_S32_LE, out, ADX_FMT_S16_LE, back, ARRAY_LEN(in));
	assert_memory_equal(in, back, sizeof(in));
}

static void test_s32_to_s16_rounds_ties_to_even_and_saturates(void **state)
{
	(void)state;
	assert_int_equal(s32_to_s16(0x8000), 0);       /* 0.5 */
	assert_int_equal(s32_to_s16(0x18000), 2);      /* 1.5 */
	assert_int_equal(s32_to_s16(0x28000), 2);      /* 2.5 */
	assert_int_equal(s32_to_s16(-0x8000), 0);      /* -0.5 */
	assert_int_equal(s32_to_s16(-0x18000), -2);    /* -1.5 */
	assert_int_equal(s32_to_s16(0x7fff), 0);       /* just below 0.5 */
	assert_int_equal(s32_to_s16(0x8001), 1);       /* just above 0.5 */
	assert_int_equal(s32_to_s16(-0x8001), -1);
	assert_int_equal(s32_to_s16(0x7fff7fff), 32767);
	assert_int_equal(s32_to_s16(0x7fff8000), 32767); /* 32767.5 -> 32768, saturated */
	assert_int_equal(s32_to_s16(INT32_MAX), INT16_MAX);
	assert_int_equal(s32_to_s16(INT32_MIN), INT16_MIN);
	assert_int_equal(s32_to_s16(INT32_MIN + 0x8000), INT16_MIN); /* -32767.5 -> -32768 */
}

static void test_s32_to_s16_matches_rounding_formula_on_random_values(void **state)
{
	enum { N = 200000 };
	static int32_t in[N];
	static int16_t out[N];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		uint32_t r = (uint32_t)(rng_next(&rng) >> 32);

		/* Every fourth value is forced onto a tie. */
		in[i] = (int32_t)((i % 4) ? r : (r & 0xffff0000u) | 0x8000u);
	}
	adx_convert(ADX_FMT_S32_LE, in, ADX_FMT_S16_LE, out, N);
	for (i = 0; i < N; i++) {
		double want = clamp(round_half_even((double)in[i] / 65536.0), INT16_MIN,
				    INT16_MAX);

		assert_int_equal(out[i], (int16_t)want);
	}
}

/* ---- adx_convert dispatch ---- */

static void test_convert_between_float_and_integers_uses_the_float_rules(void **state)
{
	float f[] = { -1.0f, -0.5f, 0.0f, 0.25f, 0.999f, 1.0f, NAN };
	int16_t s16[ARRAY_LEN(f)];
	int32_t s32[ARRAY_LEN(f)];
	float back[ARRAY_LEN(f)];
	size_t i;

	(void)state;
	adx_convert(ADX_FMT_FLOAT32, f, ADX_FMT_S16_LE, s16, ARRAY_LEN(f));
	adx_convert(ADX_FMT_FLOAT32, f, ADX_FMT_S32_LE, s32, ARRAY_LEN(f));
	for (i = 0; i < ARRAY_LEN(f); i++) {
		assert_int_equal(s16[i], expected_s16_from_float(f[i]));
		assert_int_equal(s32[i], expected_s32_from_float(f[i]));
	}
	adx_convert(ADX_FMT_S16_LE, s16, ADX_FMT_FLOAT32, back, ARRAY_LEN(f));
	for (i = 0; i < ARRAY_LEN(f); i++)
		assert_true(back[i] == (float)s16[i] / 32768.0f);
}

static void test_convert_same_format_copies_bytes_even_in_place(void **state)
{
	int16_t a[] = { 1, -2, 3, INT16_MIN, INT16_MAX };
	int16_t b[ARRAY_LEN(a)] = { 0 };
	float f[] = { NAN, -0.0f, INFINITY, 2.0f };
	float g[ARRAY_LEN(f)];

	(void)state;
	adx_convert(ADX_FMT_S16_LE, a, ADX_FMT_S16_LE, b, ARRAY_LEN(a));
	assert_memory_equal(a, b, sizeof(a));
	adx_convert(ADX_FMT_S16_LE, a, ADX_FMT_S16_LE, a, ARRAY_LEN(a));
	assert_memory_equal(a, b, sizeof(a));
	/* float -> float is a copy: no clamping, NaN kept bit for bit. */
	adx_convert(ADX_FMT_FLOAT32, f, ADX_FMT_FLOAT32, g, ARRAY_LEN(f));
	assert_memory_equal(f, g, sizeof(f));
}

static void test_conversion_with_invalid_format_writes_nothing(void **state)
{
	float f[2] = { 0.5f, -0.5f };
	int32_t out[2] = { 7, 7 };
	float fout[2] = { 3.0f, 3.0f };
	enum adx_sample_format bad = (enum adx_sample_format)9;

	(void)state;
	adx_from_float(bad, f, out, 2);
	adx_to_float(bad, out, fout, 2);
	adx_convert(bad, f, ADX_FMT_S32_LE, out, 2);
	adx_convert(ADX_FMT_S16_LE, f, bad, out, 2);
	adx_convert(bad, f, bad, out, 2);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], 7);
	assert_true(fout[0] == 3.0f && fout[1] == 3.0f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_format_name_parses_back_to_its_format),
		cmocka_unit_test(test_parse_accepts_documented_aliases_in_any_case),
		cmocka_unit_test(test_parse_rejects_unknown_text_and_leaves_output),
		cmocka_unit_test(test_is_valid_accepts_exactly_the_three_formats),
		cmocka_unit_test(test_frame_bytes_is_channels_times_sample_bytes),
		cmocka_unit_test(test_params_equal_compares_rate_channels_and_format),
		cmocka_unit_test(test_s16_to_float_divides_by_2_15_exactly),
		cmocka_unit_test(test_s16_float_s16_round_trip_is_identity_for_all_65536_values),
		cmocka_unit_test(test_float_to_s16_saturates_at_and_beyond_full_scale),
		cmocka_unit_test(test_float_to_s16_converts_nan_to_zero),
		cmocka_unit_test(test_float_to_s16_rounds_ties_to_even),
		cmocka_unit_test(test_float_to_s16_matches_rounding_formula_on_random_floats),
		cmocka_unit_test(test_s32_to_float_divides_by_2_31),
		cmocka_unit_test(test_float_to_s32_saturates_at_and_beyond_full_scale),
		cmocka_unit_test(test_float_to_s32_converts_nan_to_zero),
		cmocka_unit_test(test_float_to_s32_rounds_ties_to_even),
		cmocka_unit_test(test_float_to_s32_matches_rounding_formula_on_random_floats),
		cmocka_unit_test(test_s16_to_s32_is_exact_shift_by_16_for_all_values),
		cmocka_unit_test(test_s32_to_s16_rounds_ties_to_even_and_saturates),
		cmocka_unit_test(test_s32_to_s16_matches_rounding_formula_on_random_values),
		cmocka_unit_test(test_convert_between_float_and_integers_uses_the_float_rules),
		cmocka_unit_test(test_convert_same_format_copies_bytes_even_in_place),
		cmocka_unit_test(test_conversion_with_invalid_format_writes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
