// SPDX-License-Identifier: BSD-3-Clause
/*
 * The policies' vocabulary: one table gives each policy its name, so a
 * new policy is one enum value and one row here, and every tool that
 * prints or reads a policy goes through these functions.
 */
#include <errno.h>
#include <string.h>

#include "adx/modules/dax.h"

#ifndef ADX_DAX_DEFAULT_POLICY
#error "ADX_DAX_DEFAULT_POLICY comes from src/modules/dax/dax.cmake"
#endif

static const char *const policy_names[ADX_DAX_POLICY_COUNT] = {
	[ADX_DAX_POLICY_INIT] = "init",
	[ADX_DAX_POLICY_PREPARE] = "prepare",
	[ADX_DAX_POLICY_STATIC] = "static",
	[ADX_DAX_POLICY_SHARED] = "shared",
};

const char *adx_dax_policy_name(enum adx_dax_policy policy)
{
	return (unsigned int)policy < ADX_DAX_POLICY_COUNT ? policy_names[policy] : "?";
}

int adx_dax_policy_parse(const char *name, enum adx_dax_policy *policy)
{
	if (!name || !policy)
		return -EINVAL;
	for (unsigned int i = 0; i < ADX_DAX_POLICY_COUNT; i++) {
		if (!strcmp(name, policy_names[i])) {
			*policy = (enum adx_dax_policy)i;
			return 0;
		}
	}
	return -EINVAL;
}

enum adx_dax_policy adx_dax_default_policy(void)
{
	return ADX_DAX_DEFAULT_POLICY;
}
