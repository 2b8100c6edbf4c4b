// SPDX-License-Identifier: BSD-3-Clause
/*
 * DP pass-through (a test module): copies one block per DP cycle, so DP
 * scheduling, latency and the adapter's DP task control are exercised
 * before the DAX module exists.
 */
#include <errno.h>
#include <string.h>

#include "adx/modules/dp_passthrough.h"

struct dp_passthrough {
	size_t block_bytes;
};

static int dp_passthrough_init(struct adx_module *mod)
{
	const struct adx_dp_passthrough_init *cfg = mod->init_data;
	struct dp_passthrough *pt;

	if (!cfg || mod->init_data_size != sizeof(*cfg) || !cfg->block_frames ||
	    cfg->block_frames > 48000 || !cfg->period_us ||
	    cfg->period_us % adx_module_ll_period_us(mod))
		return -EINVAL;
	pt = adx_mod_zalloc(&mod->mem, sizeof(*pt), 0);
	if (!pt)
		return -ENOMEM;
	mod->priv = pt;
	mod->in_block_frames = cfg->block_frames;
	mod->out_block_frames = cfg->block_frames;
	mod->dp_period_us = cfg->period_us;
	mod->dp_cycle_cost_ns = cfg->cycle_cost_ns;
	return 0;
}

static int dp_passthrough_prepare(struct adx_module *mod, struct adx_source **sources,
				  int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dp_passthrough *pt = mod->priv;
	const struct adx_stream_params *in =
		adx_module_one_stream(mod, sources, num_sources, sinks, num_sinks);

	if (!in)
		return -EINVAL;
	pt->block_bytes = (size_t)mod->in_block_frames * adx_frame_bytes(in);
	return 0;
}

static int dp_passthrough_process(struct adx_module *mod, struct adx_source **sources,
				  int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dp_passthrough *pt = mod->priv;
	const void *in, *in_start;
	void *out, *out_start;
	size_t in_size, out_size;
	int ret;

	(void)num_sources; (void)num_sinks;
	ret = adx_source_get_data(sources[0], pt->block_bytes, &in, &in_start, &in_size);
	if (ret)
		return ret;
	ret = adx_sink_get_buffer(sinks[0], pt->block_bytes, &out, &out_start, &out_size);
	if (ret) {
		adx_source_release_data(sources[0], 0);
		return ret;
	}
	for (size_t done = 0; done < pt->block_bytes;) {
		size_t in_off = (size_t)((const uint8_t *)in - (const uint8_t *)in_start) + done;
		size_t out_off = (size_t)((uint8_t *)out - (uint8_t *)out_start) + done;
		size_t in_run, out_run, run;

		in_off %= in_size;
		out_off %= out_size;
		in_run = in_size - in_off;
		out_run = out_size - out_off;
		run = pt->block_bytes - done;
		run = run < in_run ? run : in_run;
		run = run < out_run ? run : out_run;
		memcpy((uint8_t *)out_start + out_off, (const uint8_t *)in_start + in_off, run);
		done += run;
	}
	adx_source_release_data(sources[0], pt->block_bytes);
	return adx_sink_commit_buffer(sinks[0], pt->block_bytes);
}

static const struct adx_module_ops dp_passthrough_ops = {
	.init = dp_passthrough_init,
	.prepare = dp_passthrough_prepare,
	.process = dp_passthrough_process,
	.free = adx_module_free_priv,
};

const struct adx_module_driver adx_dp_passthrough_driver = {
	.name = "dp-passthrough",
	.domain = ADX_DOMAIN_DP,
	.ops = &dp_passthrough_ops,
};
