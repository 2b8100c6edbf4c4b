// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory: in every configuration (2/6/8 channels x S16/S32/FLOAT32) the
 * engine stays inside the two regions it reported (guard bytes on both
 * sides intact after a minute of audio with every control exercised);
 * scratch carries nothing between periods (poisoning it between calls
 * changes no output bit); instances are independent (two side by side,
 * sharing one scratch region, give the same output as one alone); sizes
 * do not depend on anything but the configuration.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"

#define N ADX_DSP_PERIOD_FRAMES
#define MINUTE_PERIODS (60u * 48000u / N)

static const enum adx_dsp_format formats[] = { ADX_DSP_S16_LE, ADX_DSP_S32_LE, ADX_DSP_FLOAT32 };
static const uint32_t channel_counts[] = { 2, 6, 8 };

static void fill_period(uint8_t *buf, enum adx_dsp_format f, uint32_t samples, struct rng *seed)
{
	uint32_t i;

	for (i = 0; i < samples; i++) {
		float v = 0.7f * rng_noise(seed);

		if (f == ADX_DSP_S16_LE)
			((int16_t *)buf)[i] = (int16_t)(v * 32767.0f);
		else if (f == ADX_DSP_S32_LE)
			((int32_t *)buf)[i] = (int32_t)(v * 2147483647.0f);
		else
			((float *)buf)[i] = v;
	}
}

/* Every few seconds, change one control, cycling through all of them. */
static void exercise_controls(struct adx_dsp *e, uint32_t period)
{
	uint32_t k = period / 400u;

	if (period % 400u)
		return;
	switch (k % 7u) {
	case 0: assert_int_equal(adx_dsp_set_device(e, (k / 7u) % 2u), 0); break;
	case 1: assert_int_equal(adx_dsp_set_ctc_enable(e, (k / 7u + 1u) % 2u), 0); break;
	case 2: assert_int_equal(adx_dsp_set_profile(e, k % 4u), 0); break;
	case 3: assert_int_equal(adx_dsp_set_volume(e, ADX_DSP_VOLUME_UNITY * (int32_t)(k % 3u + 1u)), 0); break;
	case 4: assert_int_equal(adx_dsp_set_content_processing(e, (k / 7u) % 2u), 0); break;
	case 5: assert_int_equal(adx_dsp_set_enable(e, 0), 0); break;
	default: assert_int_equal(adx_dsp_set_enable(e, 1), 0); break;
	}
}

static void every_configuration_stays_inside_its_regions(void **state)
{
	static uint8_t in[8 * N * 4], out[2 * N * 4];
	struct rng seed = { 3u };
	uint32_t c, f, p;

	(void)state;
	for (c = 0; c < 3; c++) {
		for (f = 0; f < 3; f++) {
			struct engine_box b;

			assert_int_equal(box_open(&b, channel_counts[c], formats[f]), 0);
			for (p = 0; p < MINUTE_PERIODS; p++) {
				exercise_controls(b.engine, p);
				fill_period(in, formats[f], channel_counts[c] * N, &seed);
				assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
			}
			assert_int_equal(adx_dsp_reset(b.engine), 0);
			assert_true(box_guards_intact(&b));
			box_close(&b);
		}
	}
}

static void init_with_region_one_byte_short_fails_untouched(void **state)
{
	struct engine_box b;
	struct adx_dsp *e = NULL;
	uint32_t c;

	(void)state;
	for (c = 0; c < 3; c++) {
		assert_int_equal(box_open(&b, channel_counts[c], ADX_DSP_FLOAT32), 0);
		memset(b.persistent_block, GUARD_PATTERN, b.persistent_bytes + 2 * GUARD_BYTES);
		assert_int_equal(adx_dsp_init(&e, &b.config, b.persistent_block + GUARD_BYTES,
					      b.persistent_bytes - 1, b.scratch_block + GUARD_BYTES,
					      b.scratch_bytes), -EINVAL);
		assert_int_equal(adx_dsp_init(&e, &b.config, b.persistent_block + GUARD_BYTES,
					      b.persistent_bytes, b.scratch_block + GUARD_BYTES,
					      b.scratch_bytes - 1), -EINVAL);
		assert_null(e);
		assert_true(guard_intact(b.persistent_block, b.persistent_bytes));
		b.engine = NULL;
		box_close(&b);
	}
}

/* Runs periods on a, optionally poisoning scratch or running b in between. */
static void run_pair(struct adx_dsp *a, struct adx_dsp *other, uint8_t *scratch,
		     size_t scratch_bytes, float *out_a, uint32_t periods)
{
	static float in[8 * N], in_other[8 * N];
	struct rng seed = { 11u }, seed_other = { 77u };
	uint32_t p, i;

	for (p = 0; p < periods; p++) {
		for (i = 0; i < 6 * N; i++)
			in[i] = 0.5f * rng_noise(&seed);
		if (p == periods / 2)
			assert_int_equal(adx_dsp_set_device(a, ADX_DSP_DEVICE_HEADPHONE), 0);
		assert_int_equal(adx_dsp_process(a, in, out_a + 2 * N * p), 0);
		if (scratch)
			memset(scratch, 0xFF, scratch_bytes);   /* NaN as float */
		if (other) {
			static float out_other[2 * N];

			for (i = 0; i < 6 * N; i++)
				in_other[i] = 0.5f * rng_noise(&seed_other);
			assert_int_equal(adx_dsp_process(other, in_other, out_other), 0);
		}
	}
}

#define PAIR_PERIODS 400u

static void two_instances_sharing_scratch_match_one_alone(void **state)
{
	static float alone[2 * N * PAIR_PERIODS], beside[2 * N * PAIR_PERIODS];
	struct engine_box a, b;
	struct adx_dsp *second;
	uint8_t *second_persistent;

	(void)state;
	assert_int_equal(box_open(&a, 6, ADX_DSP_FLOAT32), 0);
	run_pair(a.engine, NULL, NULL, 0, alone, PAIR_PERIODS);
	box_close(&a);

	assert_int_equal(box_open(&b, 6, ADX_DSP_FLOAT32), 0);
	second_persistent = aligned_alloc(ADX_DSP_ALIGN, b.persistent_bytes);
	assert_non_null(second_persistent);
	/* The second instance shares the first one's scratch region. */
	assert_int_equal(adx_dsp_init(&second, &b.config, second_persistent, b.persistent_bytes,
				      b.scratch_block + GUARD_BYTES, b.scratch_bytes), 0);
	assert_int_equal(adx_dsp_set_profile(second, ADX_DSP_PROFILE_MOVIE), 0);
	assert_int_equal(adx_dsp_set_ctc_enable(second, 1), 0);
	run_pair(b.engine, second, NULL, 0, beside, PAIR_PERIODS);
	assert_memory_equal(alone, beside, sizeof(alone));
	free(second_persistent);
	box_close(&b);
}

static void scratch_carries_no_state_between_periods(void **state)
{
	static float clean[2 * N * PAIR_PERIODS], poisoned[2 * N * PAIR_PERIODS];
	struct engine_box a;

	(void)state;
	assert_int_equal(box_open(&a, 6, ADX_DSP_FLOAT32), 0);
	run_pair(a.engine, NULL, NULL, 0, clean, PAIR_PERIODS);
	box_close(&a);
	assert_int_equal(box_open(&a, 6, ADX_DSP_FLOAT32), 0);
	run_pair(a.engine, NULL, a.scratch_block + GUARD_BYTES, a.scratch_bytes, poisoned,
		 PAIR_PERIODS);
	assert_memory_equal(clean, poisoned, sizeof(clean));
	box_close(&a);
}

static void sizes_depend_only_on_configuration(void **state)
{
	struct adx_dsp_config cfg = { 48000, 2, 2, ADX_DSP_S16_LE };
	size_t p16, s16;
	uint32_t f;

	(void)state;
	p16 = adx_dsp_persistent_bytes(&cfg);
	s16 = adx_dsp_scratch_bytes(&cfg);
	for (f = 0; f < 3; f++) {
		cfg.format = formats[f];
		assert_int_equal(adx_dsp_persistent_bytes(&cfg), p16);
		assert_int_equal(adx_dsp_scratch_bytes(&cfg), s16);
	}
	cfg.in_channels = 8;
	assert_true(adx_dsp_persistent_bytes(&cfg) > p16);
	for (f = 0; f < 3; f++)
		print_message("%u ch: persistent %zu, scratch %zu bytes\n", channel_counts[f],
			      adx_dsp_persistent_bytes(&(struct adx_dsp_config){ 48000, channel_counts[f], 2, ADX_DSP_S16_LE }),
			      adx_dsp_scratch_bytes(&(struct adx_dsp_config){ 48000, channel_counts[f], 2, ADX_DSP_S16_LE }));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_configuration_stays_inside_its_regions),
		cmocka_unit_test(init_with_region_one_byte_short_fails_untouched),
		cmocka_unit_test(two_instances_sharing_scratch_match_one_alone),
		cmocka_unit_test(scratch_carries_no_state_between_periods),
		cmocka_unit_test(sizes_depend_only_on_configuration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
