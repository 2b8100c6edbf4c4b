// SPDX-License-Identifier: BSD-3-Clause
/*
 * What a module may ask of the framework (adx/module/interface.h): its LL
 * period, the op timeout, the sync points, and helpers for common ops. The
 * runtime state these read is the adapter's (struct adx_module_runtime);
 * an instance that never went through adx_module_init() (a test calling
 * ops directly) gets the defaults.
 */
#include <stddef.h>

#include "adx/platform/log.h"
#include "adx/audio/module_adapter.h"

static const char *const state_names[] = {
	[ADX_MOD_DISABLED] = "DISABLED",
	[ADX_MOD_INITIALIZED] = "INITIALIZED",
	[ADX_MOD_IDLE] = "IDLE",
	[ADX_MOD_RUNNING] = "RUNNING",
};

const char *adx_module_state_name(enum adx_module_state state)
{
	if ((unsigned int)state >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[state];
}

int adx_module_free_priv(struct adx_module *mod)
{
	adx_mod_free(&mod->mem, mod->priv);
	mod->priv = NULL;
	return 0;
}

const struct adx_stream_params *adx_module_one_stream(const struct adx_module *mod,
						      struct adx_source **sources,
						      int num_sources,
						      struct adx_sink **sinks, int num_sinks)
{
	const struct adx_stream_params *in;

	if (num_sources != 1 || num_sinks != 1) {
		adx_err("adapter", "%s: needs one source and one sink, has %d and %d",
			mod->name, num_sources, num_sinks);
		return NULL;
	}
	in = adx_source_get_params(sources[0]);
	if (!adx_stream_params_equal(in, adx_sink_get_params(sinks[0]))) {
		adx_err("adapter", "%s: source and sink streams differ", mod->name);
		return NULL;
	}
	return in;
}

uint32_t adx_module_ll_period_us(const struct adx_module *mod)
{
	const struct adx_sched *sched = mod->rt ? mod->rt->sched : NULL;

	return sched ? sched->config.tick_us : ADX_SCHED_TICK_US_DEFAULT;
}

uint32_t adx_module_period_frames(const struct adx_module *mod, uint32_t rate)
{
	return (uint32_t)((uint64_t)rate * adx_module_ll_period_us(mod) / 1000000u);
}

uint64_t adx_module_op_timeout_ns(const struct adx_module *mod)
{
	return mod->rt ? mod->rt->op_timeout_ns : ADX_MODULE_OP_TIMEOUT_DEFAULT_NS;
}

#if ADX_TEST_HOOKS
void adx_module_sync_point(const char *site)
{
	adx_yield_point(site);
}
#endif
