// SPDX-License-Identifier: BSD-3-Clause
/*
 * Audio through the DAX module: the stated latency holds on every path, the
 * bypass is bit-exact (output = input delayed by the pipeline's latency),
 * the pass-through of 6/8 channels is the BS.775 downmix, the engine really
 * processes when it has memory, and the tail drains at end of stream.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"
#include "delayed_copy.h"

#define FRAMES 9600u
#define SMALL_HEAP (96u * 1024u)   /* pipelines fit, a stereo engine does not */

static uint64_t run_out(struct dax_t_env *env, struct dax_t_ppl *p)
{
	uint64_t ticks = p->out.frames / DAX_T_PERIOD;

	assert_int_equal(adx_pipeline_set_state(&p->ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&env->sched, ticks), 0);
	assert_int_equal(adx_pipeline_set_state(&p->ppl, ADX_PPL_PAUSED), 0);
	return p->ppl.latency_frames;
}

static void bypass_is_delayed_copy(enum adx_dax_policy policy, size_t heap,
				   enum adx_sample_format format, bool disable)
{
	struct adx_dax_init init = dax_t_init(policy, ADX_DAX_DEVICE_SPEAKER);
	struct dax_t_env env;
	struct dax_t_ppl p;
	uint64_t latency;

	init.max_channels = 2;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, heap, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, format, FRAMES, FRAMES + 1056);
	if (disable)
		assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_ENABLE, 0), 0);
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_PAUSED), 0);
	latency = run_out(&env, &p);
	assert_int_equal(latency, DAX_T_PERIOD + ADX_DAX_LATENCY_FRAMES);
	assert_int_equal(p.dax->latency_frames, ADX_DAX_LATENCY_FRAMES);
	assert_delayed_copy(&p.out, &p.in, latency);
	if (disable) {
		assert_int_equal(dax_t_stats(p.dax).bypassed_frames, 0);
		assert_true(dax_t_stats(p.dax).owns_memory);
	} else {
		assert_int_equal(dax_t_stats(p.dax).alloc_failures, 1);
		assert_true(dax_t_stats(p.dax).bypassed_frames >= FRAMES);
		assert_int_equal(p.dax->stats.bypassed_frames, dax_t_stats(p.dax).bypassed_frames);
	}
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

static void test_disabled_engine_is_bit_exact_with_stated_latency(void **state)
{
	(void)state;
	bypass_is_delayed_copy(ADX_DAX_POLICY_PREPARE, 0, ADX_FMT_S16_LE, true);
	bypass_is_delayed_copy(ADX_DAX_POLICY_INIT, 0, ADX_FMT_S32_LE, true);
	bypass_is_delayed_copy(ADX_DAX_POLICY_PREPARE, 0, ADX_FMT_FLOAT32, true);
}

static void test_pass_through_without_memory_is_bit_exact_with_same_latency(void **state)
{
	(void)state;
	assert_true(adx_dax_engine_bytes(2) > SMALL_HEAP);
	bypass_is_delayed_copy(ADX_DAX_POLICY_PREPARE, SMALL_HEAP, ADX_FMT_S16_LE, false);
	bypass_is_delayed_copy(ADX_DAX_POLICY_INIT, SMALL_HEAP, ADX_FMT_S32_LE, false);
	bypass_is_delayed_copy(ADX_DAX_POLICY_PREPARE, SMALL_HEAP, ADX_FMT_FLOAT32, false);
}

/* BS.775 written out independently of the module. */
static double bs775(const struct dax_t_ppl *p, uint64_t frame, int side)
{
	const double k = sqrt(0.5);
	uint32_t ch = p->in_p.channels;
	uint64_t base = frame * ch;
	double v = dax_t_sample(&p->in, p->in_p.format, base + (uint64_t)side) +
		   k * dax_t_sample(&p->in, p->in_p.format, base + 2) +
		   k * dax_t_sample(&p->in, p->in_p.format, base + 4 + (uint64_t)side);

	if (ch == 8)
		v += k * dax_t_sample(&p->in, p->in_p.format, base + 6 + (uint64_t)side);
	return v;
}

static void downmix_matches_bs775(uint32_t channels, enum adx_sample_format format, double tol)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct dax_t_env env;
	struct dax_t_ppl p;
	uint64_t latency;

	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, SMALL_HEAP, false);
	dax_t_ppl_build(&env, &p, 0, &init, channels, format, FRAMES, FRAMES + 1056);
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_PAUSED), 0);
	latency = run_out(&env, &p);
	for (uint64_t n = latency; n < p.in.frames + latency; n++)
		for (int side = 0; side < 2; side++)
			assert_true(fabs(dax_t_sample(&p.out, format, 2 * n + (uint64_t)side) -
					 bs775(&p, n - latency, side)) <= tol);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

static void test_pass_through_of_6_and_8_channels_is_the_bs775_downmix(void **state)
{
	(void)state;
	downmix_matches_bs775(6, ADX_FMT_S16_LE, 1.0 / 32768.0);
	downmix_matches_bs775(8, ADX_FMT_S32_LE, 1e-6);
	downmix_matches_bs775(8, ADX_FMT_FLOAT32, 1e-6);
}

static void test_engine_processes_when_it_has_memory(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct dax_t_env env;
	struct dax_t_ppl p;
	struct adx_dax_stats st;
	uint64_t latency, differing = 0;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES + 1056);
	/* A volume change the engine must apply: -6 dB. */
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_VOLUME, 0x40000000u), 0);
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_PAUSED), 0);
	latency = run_out(&env, &p);
	for (uint64_t n = latency; n < p.in.frames + latency; n++)
		differing += memcmp(p.out.data + n * 4, p.in.data + (n - latency) * 4, 4) != 0;
	st = dax_t_stats(p.dax);
	assert_true(differing > FRAMES / 2);
	assert_int_equal(st.bypassed_frames, 0);
	assert_true(st.processed_frames >= FRAMES);
	assert_int_equal(st.ownership_violations, 0);
	assert_int_equal(st.poisoned_engine_seen, 0);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

/* The host copier plays silence after the input ends: every input frame comes out. */
static void test_tail_drains_at_end_of_stream(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct dax_t_env env;
	struct dax_t_ppl p;
	uint64_t latency, frames = 1000; /* not a multiple of 48 or 256 */

	(void)state;
	init.max_channels = 2;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, frames,
			((frames + 464 + 47) / 48) * 48);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_ENABLE, 0), 0);
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_PAUSED), 0);
	latency = run_out(&env, &p);
	assert_true(p.out.frames >= frames + latency);
	assert_memory_equal(p.out.data + latency * 4, p.in.data, frames * 4);
	assert_delayed_copy(&p.out, &p.in, latency);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_engine_is_bit_exact_with_stated_latency),
		cmocka_unit_test(test_pass_through_without_memory_is_bit_exact_with_same_latency),
		cmocka_unit_test(test_pass_through_of_6_and_8_channels_is_the_bs775_downmix),
		cmocka_unit_test(test_engine_processes_when_it_has_memory),
		cmocka_unit_test(test_tail_drains_at_end_of_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
