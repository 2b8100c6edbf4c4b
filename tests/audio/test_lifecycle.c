// SPDX-License-Identifier: BSD-3-Clause
/*
 * The lifecycle table of docs/design.md §3, as data, checked cell by cell: every
 * op in every state (and after a failed init), for LL and DP modules under
 * both control models. Each cell states the return, the next state and
 * exactly which module ops ran.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/mem/heap.h"
#include "adx/audio/module_adapter.h"
#include "probe_module.h"

enum op { OP_INIT, OP_PREPARE, OP_START, OP_STOP, OP_SET_CONFIG, OP_GET_CONFIG,
	  OP_RESET, OP_FREE, OP_COUNT };

static const char *const op_names[] = { "init", "prepare", "trigger start", "trigger stop",
					"set_configuration", "get_configuration", "reset",
					"free" };

enum outcome { OK, NOOP, EINV };

#define NONE 0u
#define BIT(op) (1u << (op))

struct cell {
	enum outcome outcome;
	enum adx_module_state next;   /* for OK; NOOP/EINV keep the state (field unused) */
	unsigned int calls;           /* probe ops that must run, once each */
};

#define DIS ADX_MOD_DISABLED
#define INI ADX_MOD_INITIALIZED
#define IDL ADX_MOD_IDLE
#define RUN ADX_MOD_RUNNING
#define T BIT(PROBE_TRIGGER)

#define GO(next, calls) { OK, next, calls }
#define NOP { NOOP, DIS, NONE }
#define BAD { EINV, DIS, NONE }

/* docs/design.md §3, row by row. */
static const struct cell table[OP_COUNT][4] = {
	[OP_INIT] = { GO(INI, BIT(PROBE_INIT)), BAD, BAD, BAD },
	[OP_PREPARE] = { BAD, GO(IDL, BIT(PROBE_PREPARE)), NOP, BAD },
	[OP_START] = { BAD, BAD, GO(RUN, T), NOP },
	[OP_STOP] = { BAD, BAD, NOP, GO(IDL, T) },
	[OP_SET_CONFIG] = { BAD, GO(INI, BIT(PROBE_SET_CONFIG)), GO(IDL, BIT(PROBE_SET_CONFIG)),
			    GO(RUN, BIT(PROBE_SET_CONFIG)) },
	[OP_GET_CONFIG] = { BAD, GO(INI, BIT(PROBE_GET_CONFIG)), GO(IDL, BIT(PROBE_GET_CONFIG)),
			    GO(RUN, BIT(PROBE_GET_CONFIG)) },
	[OP_RESET] = { NOP, NOP, GO(INI, BIT(PROBE_RESET)), GO(INI, T | BIT(PROBE_RESET)) },
	[OP_FREE] = { NOP, GO(DIS, BIT(PROBE_FREE)), GO(DIS, BIT(PROBE_RESET) | BIT(PROBE_FREE)),
		      GO(DIS, T | BIT(PROBE_RESET) | BIT(PROBE_FREE)) },
};

struct fixture {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_module_instance inst;
	struct probe_control ctl;
	struct probe_control *ctl_ptr;
	size_t baseline_used;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };

	f->arena = aligned_alloc(64, 64 * 1024);
	f->heap = adx_heap_init_tlsf(f->arena, 64 * 1024);
	assert_non_null(f->heap);
	assert_int_equal(adx_sched_init(&f->sched, &cfg), 0);
	f->ctl_ptr = &f->ctl;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	adx_sched_destroy(&f->sched);
	free(f->arena);
	free(f);
	return 0;
}

static size_t heap_used(struct fixture *f)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(f->heap, &st);
	return st.used_bytes;
}

static int do_op(struct fixture *f, const struct adx_module_driver *drv, enum op op)
{
	uint8_t buf[8] = { 0 };
	size_t size = sizeof(buf);

	switch (op) {
	case OP_INIT:
		return adx_module_init(&f->inst, drv, "probe", f->heap, &f->sched, &f->ctl_ptr,
				       sizeof(f->ctl_ptr));
	case OP_PREPARE: return adx_module_prepare(&f->inst.mod);
	case OP_START: return adx_module_trigger(&f->inst.mod, ADX_TRIGGER_START);
	case OP_STOP: return adx_module_trigger(&f->inst.mod, ADX_TRIGGER_STOP);
	case OP_SET_CONFIG: return adx_module_set_configuration(&f->inst.mod, 1, ADX_CFG_SINGLE, 4, buf, 4);
	case OP_GET_CONFIG: return adx_module_get_configuration(&f->inst.mod, 1, buf, &size);
	case OP_RESET: return adx_module_reset(&f->inst.mod);
	case OP_FREE: return adx_module_free(&f->inst.mod);
	default: return -EINVAL;
	}
}

/* Walks a fresh module into `target` through the legal path. */
static void enter_state(struct fixture *f, const struct adx_module_driver *drv,
			enum adx_control_model model, enum adx_module_state target)
{
	memset(&f->inst, 0, sizeof(f->inst));
	memset(&f->ctl, 0, sizeof(f->ctl));
	f->baseline_used = heap_used(f);
	if (target >= INI) {
		assert_int_equal(do_op(f, drv, OP_INIT), 0);
		adx_module_set_control_model(&f->inst.mod, model);
	}
	if (target >= IDL)
		assert_int_equal(do_op(f, drv, OP_PREPARE), 0);
	if (target >= RUN)
		assert_int_equal(do_op(f, drv, OP_START), 0);
	assert_int_equal(adx_module_state(&f->inst.mod), target);
	memset(f->ctl.calls, 0, sizeof(f->ctl.calls));
}

static void leave(struct fixture *f, const struct adx_module_driver *drv)
{
	assert_int_equal(do_op(f, drv, OP_FREE), 0);
	assert_int_equal(heap_used(f), f->baseline_used);
}

static void check_cell(struct fixture *f, const struct adx_module_driver *drv,
		       enum adx_control_model model, enum adx_module_state from, enum op op)
{
	const struct cell *c = &table[op][from];
	char where[128];
	int ret;

	snprintf(where, sizeof(where), "%s (%s) in %s", op_names[op], drv->name,
		 adx_module_state_name(from));
	enter_state(f, drv, model, from);
	ret = do_op(f, drv, op);
	if ((c->outcome == EINV && ret != -EINVAL) || (c->outcome != EINV && ret != 0))
		fail_msg("%s: returned %d", where, ret);
	if (adx_module_state(&f->inst.mod) != (c->outcome == OK ? c->next : from))
		fail_msg("%s: went to %s", where, adx_module_state_name(adx_module_state(&f->inst.mod)));
	for (int p = 0; p < PROBE_OPS; p++) {
		unsigned int want = (c->outcome == OK && (c->calls & BIT(p))) ? 1u : 0u;

		if (f->ctl.calls[p] != want)
			fail_msg("%s: probe op %d ran %u times, expected %u", where, p,
				 f->ctl.calls[p], want);
	}
	leave(f, drv);
}

static void check_table(void **state, const struct adx_module_driver *drv,
			enum adx_control_model model)
{
	for (int op = 0; op < OP_COUNT; op++)
		for (int s = DIS; s <= RUN; s++)
			check_cell(*state, drv, model, (enum adx_module_state)s, (enum op)op);
}

static void test_ll_module_follows_lifecycle_table(void **state)
{
	check_table(state, &probe_ll_driver, ADX_CTRL_CANCEL_JOIN);
}

static void test_dp_module_follows_lifecycle_table_with_cancel_and_join(void **state)
{
	check_table(state, &probe_dp_driver, ADX_CTRL_CANCEL_JOIN);
}

static void test_dp_module_follows_lifecycle_table_with_ops_posted_to_dp(void **state)
{
	check_table(state, &probe_dp_driver, ADX_CTRL_POST_TO_DP);
}

/* After a failed init the module is DISABLED and holds nothing; every op follows row DISABLED. */
static void test_failed_init_leaves_disabled_module_with_nothing_allocated(void **state)
{
	struct fixture *f = *state;
	const struct adx_module_driver *drivers[] = { &probe_ll_driver, &probe_dp_driver };

	for (size_t d = 0; d < 2; d++) {
		for (int op = OP_PREPARE; op < OP_COUNT; op++) {
			enter_state(f, drivers[d], ADX_CTRL_CANCEL_JOIN, DIS);
			f->ctl.fail[PROBE_INIT] = -ENOMEM;
			assert_int_equal(do_op(f, drivers[d], OP_INIT), -ENOMEM);
			assert_int_equal(adx_module_state(&f->inst.mod), DIS);
			assert_int_equal(heap_used(f), f->baseline_used);
			f->ctl.fail[PROBE_INIT] = 0;
			memset(f->ctl.calls, 0, sizeof(f->ctl.calls));
			int ret = do_op(f, drivers[d], (enum op)op);

			assert_int_equal(ret, table[op][DIS].outcome == EINV ? -EINVAL : 0);
			assert_int_equal(adx_module_state(&f->inst.mod), DIS);
			for (int p = 0; p < PROBE_OPS; p++)
				assert_int_equal(f->ctl.calls[p], 0);
		}
	}
}

static void test_failed_prepare_stays_initialized_and_leaks_nothing(void **state)
{
	struct fixture *f = *state;

	enter_state(f, &probe_dp_driver, ADX_CTRL_CANCEL_JOIN, INI);
	size_t after_init = heap_used(f);

	f->ctl.fail[PROBE_PREPARE] = -ENOMEM;
	assert_int_equal(do_op(f, &probe_dp_driver, OP_PREPARE), -ENOMEM);
	assert_int_equal(adx_module_state(&f->inst.mod), INI);
	assert_int_equal(heap_used(f), after_init);
	assert_int_equal(f->inst.mod.stats.leaks_reported, 0);
	f->ctl.fail[PROBE_PREPARE] = 0;
	leave(f, &probe_dp_driver);
}

/* A module that keeps memory after a failed prepare is caught and named. */
static void test_adapter_reports_memory_kept_by_failed_prepare(void **state)
{
	struct fixture *f = *state;

	enter_state(f, &probe_ll_driver, ADX_CTRL_CANCEL_JOIN, INI);
	f->ctl.fail[PROBE_PREPARE] = -EIO;
	f->ctl.leak_on_failed_prepare = true;
	assert_int_equal(do_op(f, &probe_ll_driver, OP_PREPARE), -EIO);
	assert_int_equal(f->inst.mod.stats.leaks_reported, 1);
	/* free releases the owner, so the kept block is reclaimed and reported again */
	assert_int_equal(do_op(f, &probe_ll_driver, OP_FREE), 0);
	assert_int_equal(heap_used(f), f->baseline_used);
	assert_true(f->inst.mod.stats.leaks_reported >= 2);
}

/* A failed reset changes nothing: the module stays prepared and can be reset again. */
static void test_failed_reset_keeps_state(void **state)
{
	struct fixture *f = *state;

	enter_state(f, &probe_dp_driver, ADX_CTRL_POST_TO_DP, IDL);
	f->ctl.fail[PROBE_RESET] = -EIO;
	assert_int_equal(do_op(f, &probe_dp_driver, OP_RESET), -EIO);
	assert_int_equal(adx_module_state(&f->inst.mod), IDL);
	f->ctl.fail[PROBE_RESET] = 0;
	assert_int_equal(do_op(f, &probe_dp_driver, OP_RESET), 0);
	assert_int_equal(adx_module_state(&f->inst.mod), INI);
	leave(f, &probe_dp_driver);
}

/* What the probe in the test below saw: the driver it was called with. */
static unsigned int probe_calls;
static const struct adx_module_driver *probe_saw_driver;

static int counting_probe(struct adx_module *mod, struct adx_source **sources,
			  int num_sources, struct adx_sink **sinks, int num_sinks)
{
	probe_calls++;
	probe_saw_driver = mod->drv;
	return mod->drv->ops->process(mod, sources, num_sources, sinks, num_sinks);
}

/*
 * A process probe runs in place of process() (once per call, and the real
 * process() once through it), sees the instance's own driver, and can only
 * be set or removed while the instance is not running.
 */
static void test_process_probe_wraps_process_and_keeps_driver(void **state)
{
	struct fixture *f = *state;

	enter_state(f, &probe_ll_driver, ADX_CTRL_CANCEL_JOIN, IDL);
	probe_calls = 0;
	assert_int_equal(adx_module_set_process_probe(&f->inst.mod, counting_probe), 0);
	assert_int_equal(do_op(f, &probe_ll_driver, OP_START), 0);
	assert_int_equal(adx_module_set_process_probe(&f->inst.mod, NULL), -EBUSY);
	for (int i = 0; i < 3; i++)
		assert_int_equal(adx_module_process(&f->inst.mod), 0);
	assert_int_equal(probe_calls, 3);
	assert_int_equal(f->ctl.calls[PROBE_PROCESS], 3);
	assert_ptr_equal(probe_saw_driver, &probe_ll_driver);
	assert_ptr_equal(f->inst.mod.drv, &probe_ll_driver);
	assert_int_equal(do_op(f, &probe_ll_driver, OP_STOP), 0);
	assert_int_equal(adx_module_set_process_probe(&f->inst.mod, NULL), 0);
	assert_int_equal(do_op(f, &probe_ll_driver, OP_START), 0);
	assert_int_equal(adx_module_process(&f->inst.mod), 0);
	assert_int_equal(probe_calls, 3);
	assert_int_equal(f->ctl.calls[PROBE_PROCESS], 4);
	leave(f, &probe_ll_driver);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ll_module_follows_lifecycle_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dp_module_follows_lifecycle_table_with_cancel_and_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dp_module_follows_lifecycle_table_with_ops_posted_to_dp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_init_leaves_disabled_module_with_nothing_allocated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_prepare_stays_initialized_and_leaks_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adapter_reports_memory_kept_by_failed_prepare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_reset_keeps_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_probe_wraps_process_and_keeps_driver,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
