// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: a DP gain whose set_configuration writes the gain process()
 * reads, instead of staging it. process() applies it in two halves with a
 * sync point between (where it re-reads shared state), so a configuration
 * landing mid-cycle changes half a cycle.
 * Caught by dp.config_landing_mid_cycle_acts_at_a_cycle_boundary.
 */
#include "broken_common.h"

struct racy {
	float gain;   /* BUG: written by set_configuration, read by process() */
};

static int racy_init(struct adx_module *mod)
{
	struct racy *r = adx_mod_zalloc(&mod->mem, sizeof(*r), 0);

	if (!r)
		return -ENOMEM;
	r->gain = 1.0f;
	mod->priv = r;
	mod->dp_cycle_cost_ns = 100000;
	return 0;
}

static int racy_half(struct adx_module *mod, struct adx_source *src, struct adx_sink *sink,
		     uint32_t frames)
{
	struct racy *r = mod->priv;
	float frame[2];
	int ret = 0;

	for (uint32_t f = 0; !ret && f < frames; f++) {
		ret = adx_source_read(src, frame, sizeof(frame));
		frame[0] *= r->gain;
		frame[1] *= r->gain;
		ret = ret ? ret : adx_sink_write(sink, frame, sizeof(frame));
	}
	return ret;
}

static int racy_process(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	uint32_t half = mod->in_block_frames / 2;
	int ret;

	(void)num_sources; (void)num_sinks;
	ret = racy_half(mod, sources[0], sinks[0], half);
	adx_module_sync_point("racy.gain");
	return ret ? ret : racy_half(mod, sources[0], sinks[0], mod->in_block_frames - half);
}

static int racy_set_configuration(struct adx_module *mod, uint32_t config_id,
				  enum adx_cfg_pos pos, uint32_t data_offset_size,
				  const uint8_t *fragment, size_t fragment_size)
{
	struct racy *r = mod->priv;
	float gain;
	int ret = broken_gain_config(config_id, pos, fragment, fragment_size, &gain);

	(void)data_offset_size;
	if (!ret)
		r->gain = gain;
	return ret;
}

static const struct adx_module_ops racy_ops = {
	.init = racy_init,
	.prepare = broken_prepare_stream,
	.process = racy_process,
	.free = adx_module_free_priv,
	.set_configuration = racy_set_configuration,
};

static const struct adx_module_driver racy_driver = {
	.name = "broken_racy_config", .domain = ADX_DOMAIN_DP, .ops = &racy_ops,
};

static const struct adx_module_manifest racy_manifest = {
	ADX_MODULE_MANIFEST_HEADER, .driver = &racy_driver, .caps = BROKEN_CAPS,
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &racy_manifest;
}
