// SPDX-License-Identifier: BSD-3-Clause
/*
 * Enable and disable transitions, against reference renderings:
 *  - the disable crossfade mixes the chain with the dry input delayed to
 *    the chain's latency: on a neutral chain (whose output is the input
 *    delayed) the output through the whole crossfade is that delayed input,
 *    so a 136.4 Hz tone (176 frames = half its period) neither dips nor
 *    jumps in time; likewise when an enable reverses a disable mid-fade;
 *  - enabling after a completed bypass fades in: the high-frequency
 *    energy (above 4 kHz) of a 1 kHz tone around the switch stays far below
 *    the tone, as the reference rendering with the chain held constant
 *    (never bypassed) does, for the neutral and the default chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fftw3.h>

#include "dsp_test_util.h"
#include "tuning_blob.h"

#define N ADX_DSP_PERIOD_FRAMES
#define PERIODS 60u
#define FRAMES (PERIODS * N)
#define AMPLITUDE 0.3
#define HF_WINDOW 2048u
#define HF_EDGE_HZ 4000.0
/* A click shows as broadband energy; a smooth fade of a 1 kHz tone keeps
 * what lands above 4 kHz this far below the tone. */
#define HF_LIMIT_DBC -75.0

static float in[2 * FRAMES], out[2 * FRAMES];

static void make_tone(double freq)
{
	uint32_t i;

	for (i = 0; i < FRAMES; i++)
		in[2 * i] = in[2 * i + 1] = (float)(AMPLITUDE * sin(2 * TEST_PI * freq * i / TEST_RATE));
}

static void open_chain(struct engine_box *b, int neutral)
{
	struct blob blob = { .count = 0 };

	assert_int_equal(box_open(b, 2, ADX_DSP_FLOAT32), 0);
	if (!neutral)
		return;
	blob_flat_eq(&blob, ADX_TUNING_ANY, ADX_TUNING_ANY);
	assert_int_equal(adx_dsp_set_tuning(b->engine, blob.words, blob_bytes(&blob), NULL), 0);
	assert_int_equal(adx_dsp_set_content_processing(b->engine, 0), 0);
}

static void run_periods(struct engine_box *b, uint32_t first, uint32_t count)
{
	uint32_t p;

	for (p = first; p < first + count; p++)
		assert_int_equal(adx_dsp_process(b->engine, in + 2 * p * N, out + 2 * p * N), 0);
}

/* Largest |out - input delayed by the latency| over [from, to). */
static double worst_against_delayed_input(uint32_t from, uint32_t to)
{
	double worst = 0.0;
	uint32_t i, c;

	for (i = from; i < to; i++)
		for (c = 0; c < 2; c++) {
			double e = fabs((double)out[2 * i + c] -
					in[2 * (i - ADX_DSP_LATENCY_FRAMES) + c]);

			worst = e > worst ? e : worst;
		}
	return worst;
}

static void disable_crossfade_is_delay_matched(void **state)
{
	struct engine_box b;
	const uint32_t start = 10u * N;

	(void)state;
	make_tone(136.4);
	open_chain(&b, 1);
	run_periods(&b, 0, 10);
	assert_int_equal(adx_dsp_set_enable(b.engine, 0), 0);
	run_periods(&b, 10, 5);
	assert_true(worst_against_delayed_input(start - N, start + ADX_DSP_XFADE_FRAMES) < 1e-5);
	assert_true(adx_dsp_is_bypassed(b.engine));
	box_close(&b);
}

static void enable_reversing_a_disable_is_delay_matched(void **state)
{
	struct engine_box b;

	(void)state;
	make_tone(136.4);
	open_chain(&b, 1);
	run_periods(&b, 0, 10);
	assert_int_equal(adx_dsp_set_enable(b.engine, 0), 0);
	run_periods(&b, 10, 2);
	assert_int_equal(adx_dsp_set_enable(b.engine, 1), 0);
	run_periods(&b, 12, 10);
	assert_true(worst_against_delayed_input(9u * N, 22u * N) < 1e-5);
	assert_false(adx_dsp_is_bypassed(b.engine));
	box_close(&b);
}

/* Energy above HF_EDGE_HZ relative to all, Hann-windowed, left channel. */
static double hf_dbc(uint32_t from)
{
	double *x = fftw_alloc_real(HF_WINDOW);
	fftw_complex *X = fftw_alloc_complex(HF_WINDOW / 2 + 1);
	fftw_plan plan = fftw_plan_dft_r2c_1d(HF_WINDOW, x, X, FFTW_ESTIMATE);
	double hf = 0.0, all = 0.0;
	uint32_t i;

	for (i = 0; i < HF_WINDOW; i++)
		x[i] = out[2 * (from + i)] * (0.5 - 0.5 * cos(2 * TEST_PI * i / HF_WINDOW));
	fftw_execute(plan);
	for (i = 0; i <= HF_WINDOW / 2; i++) {
		double p = X[i][0] * X[i][0] + X[i][1] * X[i][1];

		all += p;
		if (i * TEST_RATE / HF_WINDOW > HF_EDGE_HZ)
			hf += p;
	}
	fftw_destroy_plan(plan);
	fftw_free(x);
	fftw_free(X);
	return 10.0 * log10(hf / all);
}

/* Disables, waits for the bypass, enables at period 30; HF around it. */
static double enable_after_bypass_hf_dbc(int neutral)
{
	struct engine_box b;
	double dbc;

	make_tone(1000.0);
	open_chain(&b, neutral);
	run_periods(&b, 0, 10);
	assert_int_equal(adx_dsp_set_enable(b.engine, 0), 0);
	run_periods(&b, 10, 20);
	assert_true(adx_dsp_is_bypassed(b.engine));
	assert_int_equal(adx_dsp_set_enable(b.engine, 1), 0);
	run_periods(&b, 30, PERIODS - 30);
	dbc = hf_dbc(30u * N + N / 2 - HF_WINDOW / 2);
	box_close(&b);
	return dbc;
}

static double held_chain_hf_dbc(int neutral)
{
	struct engine_box b;
	double dbc;

	make_tone(1000.0);
	open_chain(&b, neutral);
	run_periods(&b, 0, PERIODS);
	dbc = hf_dbc(30u * N + N / 2 - HF_WINDOW / 2);
	box_close(&b);
	return dbc;
}

static void enable_after_bypass_fades_in_without_hf_burst(void **state)
{
	int neutral;

	(void)state;
	for (neutral = 0; neutral <= 1; neutral++) {
		double switched = enable_after_bypass_hf_dbc(neutral);
		double held = held_chain_hf_dbc(neutral);

		print_message("enable after bypass (%s chain): %.1f dBc above 4 kHz, held chain %.1f dBc\n",
			      neutral ? "neutral" : "default", switched, held);
		assert_true(held < HF_LIMIT_DBC);
		assert_true(switched < HF_LIMIT_DBC);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(disable_crossfade_is_delay_matched),
		cmocka_unit_test(enable_reversing_a_disable_is_delay_matched),
		cmocka_unit_test(enable_after_bypass_fades_in_without_hf_burst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
