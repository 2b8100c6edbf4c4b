// SPDX-License-Identifier: BSD-3-Clause
/*
 * DELETE_PIPELINE's reply tells the host how many blocks the pipeline's
 * modules leaked (and the adapter reclaimed): the count travels in the
 * reply's extension, so a host needs no log line to learn it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "adx/module/interface.h"
#include "ipc_fixture.h"

#define LEAKY_TYPE_ID 0x31u
#define TIDY_TYPE_ID 0x32u
#define LEAKED_BLOCKS 3u

/* Allocates LEAKED_BLOCKS blocks at init and forgets them at free. */
static int leaky_init(struct adx_module *mod)
{
	for (unsigned int i = 0; i < LEAKED_BLOCKS; i++)
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

static void delete_reply_counts_the_blocks_a_leaky_module_left(void **state)
{
	struct ipc_fixture *f = test_malloc(sizeof(*f));

	(void)state;
	fix_init(f, 256 * 1024, 4096, 64, 64);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, LEAKY_TYPE_ID, &leaky_driver), 0);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, TIDY_TYPE_ID, &tidy_driver), 0);

	assert_int_equal(fix_create_pipeline(f, 1, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, 1, 1, TIDY_TYPE_ID, NULL, 0), ADX_IPC_OK);
	assert_int_equal(fix_send(f, ADX_IPC_DELETE_PIPELINE, 1, 0, NULL, 0), ADX_IPC_OK);
	assert_int_equal(f->last.extension, 0);

	assert_int_equal(fix_create_pipeline(f, 2, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, 2, 2, LEAKY_TYPE_ID, NULL, 0), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, 3, 2, TIDY_TYPE_ID, NULL, 0), ADX_IPC_OK);
	assert_int_equal(fix_send(f, ADX_IPC_DELETE_PIPELINE, 2, 0, NULL, 0), ADX_IPC_OK);
	assert_int_equal(f->last.extension, LEAKED_BLOCKS);

	f->leak_logs = 0; /* the leaks above were provoked */
	fix_destroy(f);
	test_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delete_reply_counts_the_blocks_a_leaky_module_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
