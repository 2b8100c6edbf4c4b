// SPDX-License-Identifier: BSD-3-Clause
/*
 * Lifecycle of the DAX module under every policy: every op in every state
 * gives the table's result, an allocation failure at any point of init or
 * prepare leaves nothing behind, ops on an absent context return cleanly,
 * and wrong pins or init data are named errors that change nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"

#define RING_FRAMES 192u

struct rig {
	struct dax_t_env env;
	struct adx_module_instance inst;
	struct adx_ring_buffer in_rb, out_rb;
	uint8_t in_store[RING_FRAMES * 8 * 4];
	uint8_t out_store[RING_FRAMES * 2 * 4];
};

static void rig_pins(struct rig *r, uint16_t in_channels, uint16_t out_channels)
{
	struct adx_stream_params in = { .rate = 48000, .channels = in_channels,
					.format = ADX_FMT_S32_LE };
	struct adx_stream_params out = { .rate = 48000, .channels = out_channels,
					 .format = ADX_FMT_S32_LE };

	assert_int_equal(adx_ring_buffer_init(&r->in_rb, r->in_store,
					      RING_FRAMES * in_channels * 4u, &in), 0);
	assert_int_equal(adx_ring_buffer_init(&r->out_rb, r->out_store,
					      RING_FRAMES * out_channels * 4u, &out), 0);
}

static int rig_init(struct rig *r, enum adx_dax_policy policy)
{
	struct adx_dax_init init = dax_t_init(policy, ADX_DAX_DEVICE_SPEAKER);

	return adx_module_init(&r->inst, &adx_dax_driver, "dax", r->env.heap, &r->env.sched,
			       &init, sizeof(init));
}

static void rig_bind(struct rig *r)
{
	assert_int_equal(adx_module_bind_source(&r->inst.mod, adx_ring_buffer_source(&r->in_rb)), 0);
	assert_int_equal(adx_module_bind_sink(&r->inst.mod, adx_ring_buffer_sink(&r->out_rb)), 0);
}

/* Brings a fresh module to `state`. */
static void rig_to(struct rig *r, enum adx_dax_policy policy, enum adx_module_state state)
{
	memset(&r->inst, 0, sizeof(r->inst));
	if (state == ADX_MOD_DISABLED)
		return;
	assert_int_equal(rig_init(r, policy), 0);
	rig_bind(r);
	if (state >= ADX_MOD_IDLE)
		assert_int_equal(adx_module_prepare(&r->inst.mod), 0);
	if (state == ADX_MOD_RUNNING)
		assert_int_equal(adx_module_trigger(&r->inst.mod, ADX_TRIGGER_START), 0);
	assert_int_equal(adx_module_state(&r->inst.mod), state);
}

enum op { OP_INIT, OP_PREPARE, OP_START, OP_STOP, OP_SET, OP_GET, OP_RESET, OP_FREE, OP_COUNT };

static int run_op(struct rig *r, enum adx_dax_policy policy, enum op op)
{
	uint8_t le[4] = { 1, 0, 0, 0 };
	size_t size = sizeof(le);

	switch (op) {
	case OP_INIT: return rig_init(r, policy);
	case OP_PREPARE: return adx_module_prepare(&r->inst.mod);
	case OP_START: return adx_module_trigger(&r->inst.mod, ADX_TRIGGER_START);
	case OP_STOP: return adx_module_trigger(&r->inst.mod, ADX_TRIGGER_STOP);
	case OP_SET: return adx_module_set_configuration(&r->inst.mod, ADX_DAX_CFG_PROFILE,
							 ADX_CFG_SINGLE, 4, le, 4);
	case OP_GET: return adx_module_get_configuration(&r->inst.mod, ADX_DAX_CFG_PROFILE, le, &size);
	case OP_RESET: return adx_module_reset(&r->inst.mod);
	default: return adx_module_free(&r->inst.mod);
	}
}

/* docs/design.md §3's table: result and next state of op in state (init from DISABLED only). */
static void expect(enum op op, enum adx_module_state s, int *ret, enum adx_module_state *next)
{
	static const int E = -EINVAL;
	static const int results[OP_COUNT][4] = {
		[OP_INIT] = { 0, E, E, E },
		[OP_PREPARE] = { E, 0, 0, E },
		[OP_START] = { E, E, 0, 0 },
		[OP_STOP] = { E, E, 0, 0 },
		[OP_SET] = { E, 0, 0, 0 },
		[OP_GET] = { E, 0, 0, 0 },
		[OP_RESET] = { 0, 0, 0, 0 },
		[OP_FREE] = { 0, 0, 0, 0 },
	};
	static const enum adx_module_state nexts[OP_COUNT][4] = {
		[OP_INIT] = { ADX_MOD_INITIALIZED, ADX_MOD_INITIALIZED, ADX_MOD_IDLE, ADX_MOD_RUNNING },
		[OP_PREPARE] = { ADX_MOD_DISABLED, ADX_MOD_IDLE, ADX_MOD_IDLE, ADX_MOD_RUNNING },
		[OP_START] = { ADX_MOD_DISABLED, ADX_MOD_INITIALIZED, ADX_MOD_RUNNING, ADX_MOD_RUNNING },
		[OP_STOP] = { ADX_MOD_DISABLED, ADX_MOD_INITIALIZED, ADX_MOD_IDLE, ADX_MOD_IDLE },
		[OP_SET] = { ADX_MOD_DISABLED, ADX_MOD_INITIALIZED, ADX_MOD_IDLE, ADX_MOD_RUNNING },
		[OP_GET] = { ADX_MOD_DISABLED, ADX_MOD_INITIALIZED, ADX_MOD_IDLE, ADX_MOD_RUNNING },
		[OP_RESET] = { ADX_MOD_DISABLED, ADX_MOD_INITIALIZED, ADX_MOD_INITIALIZED, ADX_MOD_INITIALIZED },
		[OP_FREE] = { ADX_MOD_DISABLED, ADX_MOD_DISABLED, ADX_MOD_DISABLED, ADX_MOD_DISABLED },
	};

	*ret = results[op][s];
	*next = nexts[op][s];
}

static void test_every_op_in_every_state_follows_the_table_for_every_policy(void **state)
{
	static struct rig r;

	(void)state;
	for (int policy = 0; policy < ADX_DAX_POLICY_COUNT; policy++) {
		for (int s = ADX_MOD_DISABLED; s <= ADX_MOD_RUNNING; s++) {
			for (int op = 0; op < OP_COUNT; op++) {
				enum adx_module_state next;
				int want;

				dax_t_env_init(&r.env, ADX_EXEC_VIRTUAL, 0, false);
				rig_pins(&r, 2, 2);
				rig_to(&r, (enum adx_dax_policy)policy, (enum adx_module_state)s);
				expect((enum op)op, (enum adx_module_state)s, &want, &next);
				assert_int_equal(run_op(&r, (enum adx_dax_policy)policy, (enum op)op), want);
				assert_int_equal(adx_module_state(&r.inst.mod), next);
				assert_int_equal(adx_module_free(&r.inst.mod), 0);
				assert_int_equal(r.inst.mod.stats.leaks_reported, 0);
				dax_t_env_destroy(&r.env, true);
			}
		}
	}
}

/* Allocation n of init (then of prepare) fails: clean failure or pass-through, never a leak. */
static void test_allocation_failure_anywhere_leaves_nothing(void **state)
{
	static struct rig r;

	(void)state;
	for (int policy = 0; policy < ADX_DAX_POLICY_COUNT; policy++) {
		for (uint64_t nth = 1; nth <= 4; nth++) {
			for (int in_prepare = 0; in_prepare <= 1; in_prepare++) {
				int ret;

				dax_t_env_init(&r.env, ADX_EXEC_VIRTUAL, 0, false);
				rig_pins(&r, 2, 2);
				memset(&r.inst, 0, sizeof(r.inst));
				if (!in_prepare)
					adx_heap_inject_failure(r.env.heap, nth, false);
				ret = rig_init(&r, (enum adx_dax_policy)policy);
				if (ret) {
					assert_int_equal(ret, -ENOMEM);
					assert_int_equal(adx_module_state(&r.inst.mod), ADX_MOD_DISABLED);
					assert_int_equal(r.inst.mod.stats.leaks_reported, 0);
					dax_t_env_destroy(&r.env, true);
					continue;
				}
				rig_bind(&r);
				if (in_prepare)
					adx_heap_inject_failure(r.env.heap, nth, false);
				ret = adx_module_prepare(&r.inst.mod);
				assert_true(ret == 0 || ret == -ENOMEM);
				assert_int_equal(adx_module_state(&r.inst.mod),
						 ret ? ADX_MOD_INITIALIZED : ADX_MOD_IDLE);
				adx_heap_inject_failure(r.env.heap, 0, false);
				assert_int_equal(adx_module_free(&r.inst.mod), 0);
				assert_int_equal(r.inst.mod.stats.leaks_reported, 0);
				dax_t_env_destroy(&r.env, true);
			}
		}
	}
}

static void test_failed_engine_allocation_keeps_the_op_successful_and_counts(void **state)
{
	static struct rig r;
	struct adx_dax_stats st;

	(void)state;
	dax_t_env_init(&r.env, ADX_EXEC_VIRTUAL, 0, false);
	rig_pins(&r, 2, 2);
	/* init allocates the context (1st) then the engine region (2nd). */
	adx_heap_inject_failure(r.env.heap, 2, false);
	memset(&r.inst, 0, sizeof(r.inst));
	assert_int_equal(rig_init(&r, ADX_DAX_POLICY_INIT), 0);
	rig_bind(&r);
	assert_int_equal(adx_module_prepare(&r.inst.mod), 0);
	assert_int_equal(adx_dax_get_stats(&r.inst.mod, &st), 0);
	assert_int_equal(st.alloc_failures, 1);
	assert_false(st.owns_memory);
	assert_int_equal(st.committed_bytes, 0);
	assert_int_equal(adx_module_free(&r.inst.mod), 0);
	dax_t_env_destroy(&r.env, true);
}

static void test_ops_on_an_absent_context_return_cleanly(void **state)
{
	const struct adx_module_ops *ops = adx_dax_driver.ops;
	struct adx_module mod;
	uint8_t le[4] = { 0 };
	size_t size = sizeof(le);

	(void)state;
	memset(&mod, 0, sizeof(mod));
	strcpy(mod.name, "orphan");
	assert_int_equal(ops->reset(&mod), 0);
	assert_int_equal(ops->free(&mod), 0);
	assert_int_equal(ops->prepare(&mod, NULL, 0, NULL, 0), -EINVAL);
	assert_int_equal(ops->process(&mod, NULL, 0, NULL, 0), -EINVAL);
	assert_int_equal(ops->trigger(&mod, ADX_TRIGGER_START), -EINVAL);
	assert_int_equal(ops->set_configuration(&mod, ADX_DAX_CFG_ENABLE, ADX_CFG_SINGLE, 4, le, 4),
			 -EINVAL);
	assert_int_equal(ops->get_configuration(&mod, ADX_DAX_CFG_ENABLE, le, &size), -EINVAL);
	assert_int_equal(adx_dax_get_stats(&mod, NULL), -EINVAL);
}

static void prepare_rejects(struct rig *r, uint16_t in_ch, uint16_t out_ch, bool extra_sink)
{
	dax_t_env_init(&r->env, ADX_EXEC_VIRTUAL, 0, false);
	rig_pins(r, in_ch, out_ch);
	memset(&r->inst, 0, sizeof(r->inst));
	assert_int_equal(rig_init(r, ADX_DAX_POLICY_PREPARE), 0);
	rig_bind(r);
	if (extra_sink)
		assert_int_equal(adx_module_bind_sink(&r->inst.mod, adx_ring_buffer_sink(&r->out_rb)), 0);
	assert_int_equal(adx_module_prepare(&r->inst.mod), -EINVAL);
	assert_int_equal(adx_module_state(&r->inst.mod), ADX_MOD_INITIALIZED);
	assert_int_equal(r->inst.mod.stats.leaks_reported, 0);
	assert_int_equal(adx_module_free(&r->inst.mod), 0);
	dax_t_env_destroy(&r->env, true);
}

static void test_wrong_pins_are_a_named_error_at_prepare(void **state)
{
	static struct rig r;

	(void)state;
	prepare_rejects(&r, 4, 2, false);  /* 4 channels in */
	prepare_rejects(&r, 2, 6, false);  /* 6 channels out */
	prepare_rejects(&r, 2, 2, true);   /* two sinks */
}

static void test_invalid_init_data_is_rejected(void **state)
{
	static const struct adx_dax_init bad[] = {
		{ .policy = 9, .max_channels = 8 },
		{ .policy = ADX_DAX_POLICY_INIT, .max_channels = 4 },
		{ .policy = ADX_DAX_POLICY_INIT, .device = 2 },
		{ .policy = ADX_DAX_POLICY_INIT, .priority = 256 },
		{ .policy = ADX_DAX_POLICY_INIT, .flags = 2 },
	};
	static struct rig r;

	(void)state;
	dax_t_env_init(&r.env, ADX_EXEC_VIRTUAL, 0, false);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&r.inst, 0, sizeof(r.inst));
		assert_int_equal(adx_module_init(&r.inst, &adx_dax_driver, "dax", r.env.heap,
						 &r.env.sched, &bad[i], sizeof(bad[i])), -EINVAL);
	}
	memset(&r.inst, 0, sizeof(r.inst));
	assert_int_equal(adx_module_init(&r.inst, &adx_dax_driver, "dax", r.env.heap, &r.env.sched,
					 &bad[1], 3), -EINVAL);
	/* No init data: every default, the build's policy. */
	memset(&r.inst, 0, sizeof(r.inst));
	assert_int_equal(adx_module_init(&r.inst, &adx_dax_driver, "dax", r.env.heap, &r.env.sched,
					 NULL, 0), 0);
	assert_int_equal(dax_t_stats(&r.inst.mod).policy, adx_dax_default_policy());
	assert_int_equal(adx_module_free(&r.inst.mod), 0);
	dax_t_env_destroy(&r.env, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_op_in_every_state_follows_the_table_for_every_policy),
		cmocka_unit_test(test_allocation_failure_anywhere_leaves_nothing),
		cmocka_unit_test(test_failed_engine_allocation_keeps_the_op_successful_and_counts),
		cmocka_unit_test(test_ops_on_an_absent_context_return_cleanly),
		cmocka_unit_test(test_wrong_pins_are_a_named_error_at_prepare),
		cmocka_unit_test(test_invalid_init_data_is_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
