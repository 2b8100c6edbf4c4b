// SPDX-License-Identifier: BSD-3-Clause
/*
 * After a burst of noise, float output returns to digital silence: no
 * filter state lingers in a subnormal limit cycle (which would also cost
 * a DSP or x86 without flush-to-zero many cycles per sample). Checked for
 * a single low EQ band, the default speaker chain and the headphone chain,
 * without relying on the FPU's flush-to-zero mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>

#include "dsp_test_util.h"
#include "rng.h"
#include "tuning_blob.h"

#define N ADX_DSP_PERIOD_FRAMES
#define BURST_PERIODS 188u    /* about 1 s */
#define SILENT_PERIODS 7500u  /* about 40 s */

/* Returns how many samples of the last second are not exactly 0. */
static uint32_t nonzero_after_burst(struct engine_box *b)
{
	static float in[2 * N], out[2 * N];
	struct rng seed = { 3u };
	uint32_t p, i, nonzero = 0, subnormal = 0;

	for (p = 0; p < BURST_PERIODS + SILENT_PERIODS; p++) {
		for (i = 0; i < 2 * N; i++)
			in[i] = p < BURST_PERIODS ? 0.5f * rng_noise(&seed) : 0.0f;
		assert_int_equal(adx_dsp_process(b->engine, in, out), 0);
		for (i = 0; i < 2 * N; i++)
			if (out[i] != 0.0f && fabsf(out[i]) < FLT_MIN)
				subnormal++;
		if (p + 188u >= BURST_PERIODS + SILENT_PERIODS)
			for (i = 0; i < 2 * N; i++)
				nonzero += out[i] != 0.0f;
	}
	assert_int_equal(subnormal, 0);
	return nonzero;
}

static void output_returns_to_digital_silence_single_low_band(void **state)
{
	struct blob blob = { .count = 0 };
	struct engine_box b;

	(void)state;
	blob_begin(&blob, ADX_TUNING_EQ);
	blob_u32(&blob, ADX_TUNING_ANY);
	blob_u32(&blob, ADX_TUNING_ANY);
	blob_u32(&blob, 1);
	blob_u32(&blob, ADX_EQ_PEAKING);
	blob_f32(&blob, 30.0f);
	blob_f32(&blob, 6.0f);
	blob_f32(&blob, 4.0f);
	blob_end(&blob);
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_tuning(b.engine, blob.words, blob_bytes(&blob), NULL), 0);
	assert_int_equal(adx_dsp_set_content_processing(b.engine, 0), 0);
	assert_int_equal(nonzero_after_burst(&b), 0);
	box_close(&b);
}

static void output_returns_to_digital_silence_each_device(void **state)
{
	uint32_t device;

	(void)state;
	for (device = 0; device < ADX_DSP_DEVICE_COUNT; device++) {
		struct engine_box b;

		assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
		assert_int_equal(adx_dsp_set_device(b.engine, device), 0);
		assert_int_equal(nonzero_after_burst(&b), 0);
		box_close(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(output_returns_to_digital_silence_single_low_band),
		cmocka_unit_test(output_returns_to_digital_silence_each_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
