// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: guards its gain with a mutex that process() takes every period,
 * so a DP or LL cycle can wait on the control thread.
 * Caught by memory.no_libc_allocation_or_blocking_call_in_process.
 */
#include <pthread.h>

#include "broken_common.h"

struct locked_gain {
	pthread_mutex_t lock;
	float gain;
};

static int lock_init(struct adx_module *mod)
{
	struct locked_gain *g = adx_mod_zalloc(&mod->mem, sizeof(*g), 0);

	if (!g)
		return -ENOMEM;
	if (pthread_mutex_init(&g->lock, NULL)) {
		adx_mod_free(&mod->mem, g);
		return -ENOMEM;
	}
	g->gain = 1.0f;
	mod->priv = g;
	return 0;
}

static int lock_process(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct locked_gain *g = mod->priv;
	float frame[2], gain;
	int ret = 0;

	(void)num_sources; (void)num_sinks;
	pthread_mutex_lock(&g->lock);
	gain = g->gain;
	pthread_mutex_unlock(&g->lock);
	for (uint32_t f = 0; !ret && f < mod->in_block_frames; f++) {
		ret = adx_source_read(sources[0], frame, sizeof(frame));
		frame[0] *= gain;
		frame[1] *= gain;
		ret = ret ? ret : adx_sink_write(sinks[0], frame, sizeof(frame));
	}
	return ret;
}

static int lock_set_configuration(struct adx_module *mod, uint32_t config_id,
				  enum adx_cfg_pos pos, uint32_t data_offset_size,
				  const uint8_t *fragment, size_t fragment_size)
{
	struct locked_gain *g = mod->priv;
	float gain;
	int ret = broken_gain_config(config_id, pos, fragment, fragment_size, &gain);

	(void)data_offset_size;
	if (ret)
		return ret;
	pthread_mutex_lock(&g->lock);
	g->gain = gain;
	pthread_mutex_unlock(&g->lock);
	return 0;
}

static int lock_free(struct adx_module *mod)
{
	struct locked_gain *g = mod->priv;

	pthread_mutex_destroy(&g->lock);
	return adx_module_free_priv(mod);
}

static const struct adx_module_ops lock_ops = {
	.init = lock_init,
	.prepare = broken_prepare_stream,
	.process = lock_process,
	.free = lock_free,
	.set_configuration = lock_set_configuration,
};

static const struct adx_module_driver lock_driver = {
	.name = "broken_lock_in_process", .domain = ADX_DOMAIN_LL, .ops = &lock_ops,
};

static const struct adx_module_manifest lock_manifest = {
	ADX_MODULE_MANIFEST_HEADER, .driver = &lock_driver, .caps = BROKEN_CAPS,
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &lock_manifest;
}
