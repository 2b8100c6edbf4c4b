// SPDX-License-Identifier: BSD-3-Clause
/*
 * Downmix: an impulse on each input channel comes out with exactly the
 * BS.775 coefficient on each output (1 or 0 for the front pair, 1/sqrt(2)
 * for centre, surrounds and backs, 0 for LFE), through the downmix itself
 * and through the disabled engine (whose output is the plain downmix).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "downmix.h"
#include "dsp_test_util.h"

#define N ADX_DSP_PERIOD_FRAMES

/* Expected (left, right) per channel of L R C LFE Ls Rs Lb Rb. */
static void expected(uint32_t ch, float *l, float *r)
{
	const float k = (float)(1.0 / sqrt(2.0));
	static const int side[8] = { -1, 1, 0, 2, -1, 1, -1, 1 };

	*l = *r = 0.0f;
	if (ch == 0) {
		*l = 1.0f;
	} else if (ch == 1) {
		*r = 1.0f;
	} else if (side[ch] == 0) {
		*l = *r = k;
	} else if (side[ch] == -1) {
		*l = k;
	} else if (side[ch] == 1) {
		*r = k;
	}
}

static uint32_t nonzero(const float *x, uint32_t n)
{
	uint32_t i, count = 0;

	for (i = 0; i < n; i++)
		count += x[i] != 0.0f;
	return count;
}

static void module_gives_bs775_coefficients_per_channel(void **state)
{
	static float planar[8][N], left[N], right[N];
	const float *in[8];
	uint32_t channels, ch, c;

	(void)state;
	for (c = 0; c < 8; c++)
		in[c] = planar[c];
	for (channels = 6; channels <= 8; channels += 2) {
		for (ch = 0; ch < channels; ch++) {
			float l, r;

			memset(planar, 0, sizeof(planar));
			planar[ch][7] = 1.0f;
			adx_downmix(in, channels, left, right, N);
			expected(ch, &l, &r);
			assert_true(left[7] == l && right[7] == r);
			left[7] = right[7] = 0.0f;
			assert_int_equal(nonzero(left, N) + nonzero(right, N), 0);
		}
	}
}

static void disabled_engine_outputs_bs775_downmix_of_impulses(void **state)
{
	static float in[8 * N], out[2 * N];
	uint32_t channels, ch, p;
	struct engine_box b;

	(void)state;
	for (channels = 6; channels <= 8; channels += 2) {
		assert_int_equal(box_open(&b, channels, ADX_DSP_FLOAT32), 0);
		assert_int_equal(adx_dsp_set_enable(b.engine, 0), 0);
		memset(in, 0, sizeof(in));
		for (p = 0; p < 8 && !adx_dsp_is_bypassed(b.engine); p++)
			assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
		assert_true(adx_dsp_is_bypassed(b.engine));
		for (ch = 0; ch < channels; ch++) {
			float l, r;

			memset(in, 0, sizeof(in));
			in[10 * channels + ch] = 1.0f;
			assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
			expected(ch, &l, &r);
			assert_true(out[20] == l && out[21] == r);
			out[20] = out[21] = 0.0f;
			assert_int_equal(nonzero(out, 2 * N), 0);
		}
		box_close(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(module_gives_bs775_coefficients_per_channel),
		cmocka_unit_test(disabled_engine_outputs_bs775_downmix_of_impulses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
