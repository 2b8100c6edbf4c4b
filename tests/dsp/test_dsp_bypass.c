// SPDX-License-Identifier: BSD-3-Clause
/*
 * Bypass: once a disable has faded out, the output is the input bit for bit
 * (2 channels, every format, also in place), the plain BS.775 downmix for 6
 * and 8 channels; enabling again fades the processing back in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "downmix.h"
#include "dsp_test_util.h"

#define N ADX_DSP_PERIOD_FRAMES
#define FADE_PERIODS ((ADX_DSP_XFADE_FRAMES + N - 1) / N + 1)

static const enum adx_dsp_format formats[] = { ADX_DSP_S16_LE, ADX_DSP_S32_LE, ADX_DSP_FLOAT32 };
static const size_t sample_bytes[] = { 2, 4, 4 };

/* Random samples of the format, at about -6 dBFS, for channels x N. */
static void fill(uint8_t *buf, enum adx_dsp_format f, uint32_t samples, struct rng *seed)
{
	uint32_t i;

	for (i = 0; i < samples; i++) {
		float v = 0.5f * rng_noise(seed);

		if (f == ADX_DSP_S16_LE)
			((int16_t *)buf)[i] = (int16_t)(v * 32767.0f);
		else if (f == ADX_DSP_S32_LE)
			((int32_t *)buf)[i] = (int32_t)(rng_noise(seed) * 1073741824.0f) | 1;
		else
			((float *)buf)[i] = v;
	}
}

static void fade_out(struct engine_box *b, uint8_t *in, uint8_t *out, size_t fi, struct rng *seed)
{
	uint32_t p;

	assert_int_equal(adx_dsp_set_enable(b->engine, 0), 0);
	for (p = 0; p < FADE_PERIODS; p++) {
		fill(in, formats[fi], b->config.in_channels * N, seed);
		assert_int_equal(adx_dsp_process(b->engine, in, out), 0);
	}
	assert_true(adx_dsp_is_bypassed(b->engine));
}

static void stereo_bypass_is_bit_exact_in_every_format(void **state)
{
	static uint8_t in[2 * N * 4], out[2 * N * 4], copy[2 * N * 4];
	struct rng seed = { 1u };
	uint32_t p;
	size_t fi;

	(void)state;
	for (fi = 0; fi < 3; fi++) {
		struct engine_box b;
		size_t bytes = 2 * N * sample_bytes[fi];

		assert_int_equal(box_open(&b, 2, formats[fi]), 0);
		fade_out(&b, in, out, fi, &seed);
		for (p = 0; p < 20; p++) {
			fill(in, formats[fi], 2 * N, &seed);
			assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
			assert_memory_equal(in, out, bytes);
			/* In place too. */
			memcpy(copy, in, bytes);
			assert_int_equal(adx_dsp_process(b.engine, in, in), 0);
			assert_memory_equal(in, copy, bytes);
		}
		box_close(&b);
	}
}

static void surround_bypass_is_plain_downmix(void **state)
{
	static float in[8 * N], out[2 * N], planar[8][N], left[N], right[N];
	const float *chan[8];
	struct rng seed = { 5u };
	uint32_t channels, c, i, p;

	(void)state;
	for (c = 0; c < 8; c++)
		chan[c] = planar[c];
	for (channels = 6; channels <= 8; channels += 2) {
		struct engine_box b;

		assert_int_equal(box_open(&b, channels, ADX_DSP_FLOAT32), 0);
		fade_out(&b, (uint8_t *)in, (uint8_t *)out, 2, &seed);
		for (p = 0; p < 10; p++) {
			fill((uint8_t *)in, ADX_DSP_FLOAT32, channels * N, &seed);
			assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
			for (c = 0; c < channels; c++)
				for (i = 0; i < N; i++)
					planar[c][i] = in[i * channels + c];
			adx_downmix(chan, channels, left, right, N);
			for (i = 0; i < N; i++)
				assert_true(out[2 * i] == left[i] && out[2 * i + 1] == right[i]);
		}
		box_close(&b);
	}
}

static void enable_after_bypass_fades_processing_back(void **state)
{
	static int16_t in[2 * N], out[2 * N];
	struct engine_box b;
	struct rng seed = { 9u };
	uint32_t p;

	(void)state;
	assert_int_equal(box_open(&b, 2, ADX_DSP_S16_LE), 0);
	fade_out(&b, (uint8_t *)in, (uint8_t *)out, 0, &seed);
	assert_int_equal(adx_dsp_set_enable(b.engine, 1), 0);
	fill((uint8_t *)in, ADX_DSP_S16_LE, 2 * N, &seed);
	assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
	assert_false(adx_dsp_is_bypassed(b.engine));
	for (p = 0; p < FADE_PERIODS; p++)
		assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
	assert_memory_not_equal(in, out, sizeof(in));
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stereo_bypass_is_bit_exact_in_every_format),
		cmocka_unit_test(surround_bypass_is_plain_downmix),
		cmocka_unit_test(enable_after_bypass_fades_processing_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
