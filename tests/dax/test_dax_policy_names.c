// SPDX-License-Identifier: BSD-3-Clause
/*
 * The DAX policies have one vocabulary: every policy's name parses back to
 * the policy, and anything else is refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "adx/modules/dax.h"

static void every_policy_name_parses_back_to_its_policy(void **state)
{
	(void)state;
	for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++) {
		enum adx_dax_policy parsed = ADX_DAX_POLICY_COUNT;
		const char *name = adx_dax_policy_name((enum adx_dax_policy)p);

		assert_string_not_equal(name, "?");
		assert_int_equal(adx_dax_policy_parse(name, &parsed), 0);
		assert_int_equal(parsed, p);
	}
	assert_string_equal(adx_dax_policy_name(ADX_DAX_POLICY_SHARED), "shared");
}

static void unknown_policy_names_are_refused_and_leave_the_output_alone(void **state)
{
	static const char *const bad[] = { "", "Shared", "shared ", "?", "default", "stat" };
	enum adx_dax_policy parsed = ADX_DAX_POLICY_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(adx_dax_policy_parse(bad[i], &parsed), -EINVAL);
	assert_int_equal(adx_dax_policy_parse(NULL, &parsed), -EINVAL);
	assert_int_equal(adx_dax_policy_parse("init", NULL), -EINVAL);
	assert_int_equal(parsed, ADX_DAX_POLICY_INIT);
	assert_string_equal(adx_dax_policy_name(ADX_DAX_POLICY_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_policy_name_parses_back_to_its_policy),
		cmocka_unit_test(unknown_policy_names_are_refused_and_leave_the_output_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
