// SPDX-License-Identifier: BSD-3-Clause
/*
 * The testbench's firmware seam (tools/testbench/fw/fw.h) reports the
 * blocks a deleted pipeline leaked from DELETE_PIPELINE's reply, the way a
 * host driver learns it, with no log line in between: a pipeline of a
 * module that forgets its blocks reports them, a tidy one reports none.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "adx/module/interface.h"
#include "adx/platform/log.h"
#include "fw/fw.h"

#define LEAKY_TYPE_ID 0x31u
#define TIDY_TYPE_ID 0x32u
#define LEAKED_BLOCKS 3
#define HEAP_BYTES (256u * 1024)

static int leaky_init(struct adx_module *mod)
{
	for (int i = 0; i < LEAKED_BLOCKS; i++)
		if (!adx_mod_alloc(&mod->mem, 32, 0))
			return -ENOMEM;
	return 0;
}

static int tidy_init(struct adx_module *mod)
{
	mod->priv = adx_mod_alloc(&mod->mem, 32, 0);
	return mod->priv ? 0 : -ENOMEM;
}

static int no_process(struct adx_module *mod, struct adx_source **sources, int num_sources,
		      struct adx_sink **sinks, int num_sinks)
{
	(void)mod; (void)sources; (void)num_sources; (void)sinks; (void)num_sinks;
	return 0;
}

static const struct adx_module_ops leaky_ops = { .init = leaky_init, .process = no_process };
static const struct adx_module_ops tidy_ops = { .init = tidy_init, .process = no_process,
						 .free = adx_module_free_priv };
static const struct adx_module_driver leaky_driver = { "leaky", ADX_DOMAIN_LL, &leaky_ops };
static const struct adx_module_driver tidy_driver = { "tidy", ADX_DOMAIN_LL, &tidy_ops };

static void pipeline_delete_returns_the_leaks_its_reply_counts(void **state)
{
	void *arena = aligned_alloc(64, HEAP_BYTES);
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct adx_sched sched;
	struct adx_heap *heap;
	struct tb_fw *fw;

	(void)state;
	assert_non_null(arena);
	heap = adx_heap_init_tlsf(arena, HEAP_BYTES);
	assert_non_null(heap);
	assert_int_equal(adx_sched_init(&sched, &cfg), 0);
	fw = tb_fw_create(heap, &sched);
	assert_non_null(fw);
	assert_int_equal(tb_fw_register_type(fw, LEAKY_TYPE_ID, &leaky_driver), 0);
	assert_int_equal(tb_fw_register_type(fw, TIDY_TYPE_ID, &tidy_driver), 0);

	assert_int_equal(tb_fw_pipeline_create(fw, 1, 48, ADX_CTRL_CANCEL_JOIN), 0);
	assert_int_equal(tb_fw_module_init(fw, 1, 1, TIDY_TYPE_ID, NULL, 0), 0);
	assert_int_equal(tb_fw_pipeline_delete(fw, 1), 0);

	adx_log_set_level(ADX_LOG_ERROR);  /* the leak warning below is provoked */
	assert_int_equal(tb_fw_pipeline_create(fw, 2, 48, ADX_CTRL_CANCEL_JOIN), 0);
	assert_int_equal(tb_fw_module_init(fw, 2, 2, LEAKY_TYPE_ID, NULL, 0), 0);
	assert_int_equal(tb_fw_module_init(fw, 3, 2, TIDY_TYPE_ID, NULL, 0), 0);
	assert_int_equal(tb_fw_pipeline_delete(fw, 2), LEAKED_BLOCKS);

	assert_int_equal(tb_fw_destroy(fw), 0);
	adx_sched_destroy(&sched);
	adx_heap_retire(heap);
	free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipeline_delete_returns_the_leaks_its_reply_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
