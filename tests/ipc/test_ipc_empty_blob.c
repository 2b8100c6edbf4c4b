// SPDX-License-Identifier: BSD-3-Clause
/*
 * One rule for an empty configuration blob (issue 11, item 11): SET_CONFIG
 * and LARGE_CONFIG_SET (one block flagged INIT and FINAL, total 0) both hand
 * the module the same empty blob and answer what the module answers, so
 * docs/dax.md's "empty restores the built-in tuning" holds on either path.
 * A zero total on an INIT block that is not FINAL stays INVALID: no later
 * block could belong to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipc_fixture.h"
#include "recorder_module.h"

#define PPL 1u
#define REC 5u
#define CONFIG_ID 7u

static void setup_recorder(struct ipc_fixture *f)
{
	uint32_t slot = 0;

	fix_init(f, 256 * 1024, 0, 48, 48);
	memset(recorder_logs, 0, sizeof(recorder_logs));
	assert_int_equal(fix_create_pipeline(f, PPL, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, REC, PPL, RECORDER_TYPE_ID, &slot, sizeof(slot)),
			 ADX_IPC_OK);
}

static void expect_one_empty_delivery(void)
{
	assert_int_equal(recorder_logs[0].set_calls, 1);
	assert_int_equal(recorder_logs[0].config_id, CONFIG_ID);
	assert_int_equal(recorder_logs[0].pos, ADX_CFG_SINGLE);
	assert_int_equal(recorder_logs[0].size, 0);
}

static void empty_blob_by_set_config_reaches_the_module(void **state)
{
	struct ipc_fixture f;

	(void)state;
	setup_recorder(&f);
	assert_int_equal(fix_send(&f, ADX_IPC_SET_CONFIG, REC, CONFIG_ID, NULL, 0), ADX_IPC_OK);
	expect_one_empty_delivery();
	fix_destroy(&f);
}

static void empty_blob_by_large_config_set_reaches_the_module(void **state)
{
	struct ipc_fixture f;

	(void)state;
	setup_recorder(&f);
	assert_int_equal(fix_large_set(&f, REC, ADX_IPC_INIT_BLOCK | ADX_IPC_FINAL_BLOCK,
				       CONFIG_ID, 0, NULL, 0), ADX_IPC_OK);
	expect_one_empty_delivery();
	fix_destroy(&f);
}

static void both_paths_answer_what_the_module_answers(void **state)
{
	struct ipc_fixture f;

	(void)state;
	setup_recorder(&f);
	recorder_logs[0].set_result = -22;
	assert_int_equal(fix_send(&f, ADX_IPC_SET_CONFIG, REC, CONFIG_ID, NULL, 0),
			 ADX_IPC_INVALID);
	assert_int_equal(fix_large_set(&f, REC, ADX_IPC_INIT_BLOCK | ADX_IPC_FINAL_BLOCK,
				       CONFIG_ID, 0, NULL, 0), ADX_IPC_INVALID);
	assert_int_equal(recorder_logs[0].set_calls, 2);
	fix_destroy(&f);
}

static void zero_total_that_is_not_final_stays_invalid(void **state)
{
	struct ipc_fixture f;

	(void)state;
	setup_recorder(&f);
	assert_int_equal(fix_large_set(&f, REC, ADX_IPC_INIT_BLOCK, CONFIG_ID, 0, NULL, 0),
			 ADX_IPC_INVALID);
	assert_int_equal(recorder_logs[0].set_calls, 0);
	fix_destroy(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_blob_by_set_config_reaches_the_module),
		cmocka_unit_test(empty_blob_by_large_config_set_reaches_the_module),
		cmocka_unit_test(both_paths_answer_what_the_module_answers),
		cmocka_unit_test(zero_total_that_is_not_final_stays_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
