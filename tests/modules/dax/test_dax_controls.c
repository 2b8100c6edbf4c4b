// SPDX-License-Identifier: BSD-3-Clause
/*
 * Staged controls: the latest value of each control wins and none is lost,
 * the snapshot is consistent, invalid values and fragments change nothing,
 * a tuning blob is validated whole (rejected with its record index), and a
 * blob a cycle may still read is never freed under it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "adx/dsp/tuning.h"
#include "dax_controls.h"
#include "dax_fixture.h"
#include "tuning_blob.h"

static void test_q1_31_volume_becomes_q8_23_rounded_and_saturated(void **state)
{
	(void)state;
	assert_int_equal(dax_volume_q8_23(0x7FFFFFFFu), ADX_DSP_VOLUME_UNITY);
	assert_int_equal(dax_volume_q8_23(0x40000000u), ADX_DSP_VOLUME_UNITY / 2);
	assert_int_equal(dax_volume_q8_23(0), 0);
	assert_int_equal(dax_volume_q8_23(0xFFFFFFFFu), 2 * ADX_DSP_VOLUME_UNITY);
	assert_true(dax_volume_q8_23(0xFFFFFFFFu) <= ADX_DSP_VOLUME_MAX);
}

struct staged {
	struct dax_t_env env;
	struct adx_mem_owner mem;
	struct dax_staging st;
};

static void staged_init(struct staged *s)
{
	dax_t_env_init(&s->env, ADX_EXEC_VIRTUAL, 0, false);
	assert_int_equal(adx_mem_owner_init(&s->mem, s->env.heap, "staging"), 0);
	assert_int_equal(dax_staging_init(&s->st, &s->mem, ADX_DAX_DEVICE_SPEAKER), 0);
}

static void staged_destroy(struct staged *s)
{
	dax_staging_destroy(&s->st);
	assert_int_equal(adx_mem_owner_release(&s->mem), 0);
	dax_t_env_destroy(&s->env, true);
}

static void test_latest_value_wins_and_no_control_is_lost(void **state)
{
	struct dax_control_set dp = { 0 };
	struct staged s;

	(void)state;
	staged_init(&s);
	assert_true(dax_staging_adopt(&s.st, &dp));
	assert_false(dax_staging_adopt(&s.st, &dp));      /* nothing moved */
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_PROFILE, 1), 0);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_PROFILE, 3), 0);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_CTC_ENABLE, 1), 0);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_VOLUME, 0x40000000u), 0);
	assert_true(dax_staging_adopt(&s.st, &dp));
	assert_int_equal(dp.values.profile, 3);            /* set twice: the second wins */
	assert_int_equal(dp.values.ctc_enable, 1);         /* set once: not lost */
	assert_int_equal(dp.values.volume_q8_23, ADX_DSP_VOLUME_UNITY / 2);
	staged_destroy(&s);
}

static void test_invalid_values_change_nothing(void **state)
{
	struct dax_control_set before, after;
	struct staged s;

	(void)state;
	staged_init(&s);
	dax_staging_snapshot(&s.st, &before);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_ENABLE, 2), -EINVAL);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_PROFILE, 4), -EINVAL);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_DEVICE, 2), -EINVAL);
	assert_int_equal(dax_staging_set_u32(&s.st, ADX_DAX_CFG_CONTENT_PROCESSING, 7), -EINVAL);
	assert_int_equal(dax_staging_set_u32(&s.st, 99, 0), -EINVAL);
	dax_staging_snapshot(&s.st, &after);
	assert_memory_equal(&before.values, &after.values, sizeof(before.values));
	staged_destroy(&s);
}

/* One LIMITER record: device, profile, ceiling (dBFS). */
static size_t limiter_blob(uint32_t *words, float ceiling, uint32_t size_field)
{
	size_t bytes = tuning_put_scalar_record((uint8_t *)words, ADX_TUNING_LIMITER,
						ADX_TUNING_ANY, ADX_TUNING_ANY, ceiling);

	words[1] = size_field;
	return bytes;
}

static void test_blob_in_use_by_a_cycle_is_never_freed_under_it(void **state)
{
	uint32_t b1[10], b2[10], b3[10];
	struct dax_control_set dp = { 0 };
	struct staged s;
	size_t n;

	(void)state;
	staged_init(&s);
	n = limiter_blob(b1, -1.0f, 20);
	limiter_blob(b2, -2.0f, 20);
	limiter_blob(b3, -3.0f, 20);
	assert_int_equal(dax_staging_set_tuning(&s.st, (uint8_t *)b1, n, NULL), 0);
	assert_true(dax_staging_adopt(&s.st, &dp));       /* a cycle now reads b1 */
	assert_int_equal(dax_staging_set_tuning(&s.st, (uint8_t *)b2, n, NULL), 0);
	assert_int_equal(dax_staging_set_tuning(&s.st, (uint8_t *)b3, n, NULL), 0);
	/* b1 is parked, not freed: the adopted pointer still reads it (ASan would object). */
	assert_memory_equal(dp.blob->data, b1, n);
	assert_true(dax_staging_adopt(&s.st, &dp));
	assert_memory_equal(dp.blob->data, b3, n);        /* b2 never reached the DP side */
	dax_staging_quiesced(&s.st);
	staged_destroy(&s);                                /* and nothing leaked */
}

static void test_tuning_is_validated_whole_and_rejected_with_its_record(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	uint32_t blob[10], bad[10], got[16];
	struct dax_t_env env;
	struct dax_t_ppl p;
	size_t n, size;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, 4800, 4800);
	n = limiter_blob(blob, -1.0f, 20);
	memcpy(bad, blob, n);
	limiter_blob(bad + 5, -1.0f, 6);                   /* record 1: size < 8 */
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_TUNING, ADX_CFG_SINGLE,
						      (uint32_t)n, (uint8_t *)blob, n), 0);
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_TUNING, ADX_CFG_SINGLE,
						      (uint32_t)(2 * n), (uint8_t *)bad, 2 * n),
			 -EINVAL);
	assert_int_equal(dax_t_stats(p.dax).last_tuning_error_record, 1);
	size = sizeof(got);
	assert_int_equal(adx_module_get_configuration(p.dax, ADX_DAX_CFG_TUNING, (uint8_t *)got,
						      &size), 0);
	assert_int_equal(size, n);                         /* the invalid blob changed nothing */
	assert_memory_equal(got, blob, n);
	/* Over the stated maximum, and fragments: rejected (IPC assembles blobs). */
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_TUNING, ADX_CFG_SINGLE,
						      ADX_DAX_TUNING_MAX_BYTES + 4, (uint8_t *)blob,
						      ADX_DAX_TUNING_MAX_BYTES + 4), -EINVAL);
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_TUNING, ADX_CFG_FIRST,
						      (uint32_t)(2 * n), (uint8_t *)blob, n), -EINVAL);
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_PROFILE, ADX_CFG_SINGLE,
						      8, (uint8_t *)blob, 4), -EINVAL);
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_PROFILE, ADX_CFG_SINGLE,
						      2, (uint8_t *)blob, 2), -EINVAL);
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_STATE, ADX_CFG_SINGLE,
						      4, (uint8_t *)blob, 4), -EINVAL);
	/* An empty blob restores the built-in tuning. */
	assert_int_equal(adx_module_set_configuration(p.dax, ADX_DAX_CFG_TUNING, ADX_CFG_SINGLE,
						      0, NULL, 0), 0);
	size = sizeof(got);
	assert_int_equal(adx_module_get_configuration(p.dax, ADX_DAX_CFG_TUNING, (uint8_t *)got,
						      &size), 0);
	assert_int_equal(size, 0);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

static void test_state_snapshot_holds_every_staged_value(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_HEADPHONE);
	struct adx_dax_controls c;
	struct dax_t_env env;
	struct dax_t_ppl p;
	size_t size = sizeof(c);

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, 4800, 4800);
	assert_int_equal(dax_t_get_u32(p.dax, ADX_DAX_CFG_DEVICE), ADX_DAX_DEVICE_HEADPHONE);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_MUSIC), 0);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_VOLUME, 0x20000000u), 0);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_ENABLE, 0), 0);
	assert_int_equal(adx_module_get_configuration(p.dax, ADX_DAX_CFG_STATE, (uint8_t *)&c,
						      &size), 0);
	assert_int_equal(size, sizeof(c));
	assert_int_equal(c.profile, ADX_DAX_PROFILE_MUSIC);
	assert_int_equal(c.volume_q1_31, 0x20000000u);
	assert_int_equal(c.volume_q8_23, ADX_DSP_VOLUME_UNITY / 4);
	assert_int_equal(c.enable, 0);
	assert_int_equal(c.device, ADX_DAX_DEVICE_HEADPHONE);
	assert_int_equal(c.generation, 4);
	assert_int_equal(dax_t_get_u32(p.dax, ADX_DAX_CFG_VOLUME), 0x20000000u);
	/* Applied by the DP side at a cycle start once running. */
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&env.sched, 20), 0);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_VOICE), 0);
	assert_int_equal(dax_t_set_u32(p.dax, ADX_DAX_CFG_ENABLE, 1), 0);
	assert_int_equal(adx_sched_run_ticks(&env.sched, 20), 0);
	assert_true(dax_t_stats(p.dax).controls_applied >= 1);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q1_31_volume_becomes_q8_23_rounded_and_saturated),
		cmocka_unit_test(test_latest_value_wins_and_no_control_is_lost),
		cmocka_unit_test(test_invalid_values_change_nothing),
		cmocka_unit_test(test_blob_in_use_by_a_cycle_is_never_freed_under_it),
		cmocka_unit_test(test_tuning_is_validated_whole_and_rejected_with_its_record),
		cmocka_unit_test(test_state_snapshot_holds_every_staged_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
