// SPDX-License-Identifier: BSD-3-Clause
/* Read-only getters of adx/audio/observe.h. */
#include "adx/audio/observe.h"

const struct adx_module_stats *adx_observe_module_stats(const struct adx_module *mod)
{
	return &mod->stats;
}

const struct adx_dp_task_stats *adx_observe_dp_stats(const struct adx_module *mod)
{
	const struct adx_dp_task *task = adx_module_dp_task(mod);

	return task ? &task->stats : NULL;
}
