// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: allocates a scratch buffer in every process() (and frees it).
 * Caught by memory.no_allocation_in_process.
 */
#include "broken_common.h"

static int alloc_init(struct adx_module *mod)
{
	mod->priv = adx_mod_zalloc(&mod->mem, sizeof(float), 0);
	if (!mod->priv)
		return -ENOMEM;
	*(float *)mod->priv = 1.0f;
	return 0;
}

static int alloc_process(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	size_t bytes = mod->in_block_frames * 2u * sizeof(float);
	float *scratch = adx_mod_alloc(&mod->mem, bytes, 0);
	int ret;

	(void)num_sources; (void)num_sinks;
	if (!scratch)
		return -ENOMEM;
	ret = adx_source_read(sources[0], scratch, bytes);
	for (size_t i = 0; !ret && i < bytes / sizeof(float); i++)
		scratch[i] *= *(float *)mod->priv;
	ret = ret ? ret : adx_sink_write(sinks[0], scratch, bytes);
	adx_mod_free(&mod->mem, scratch);
	return ret;
}

static int alloc_set_configuration(struct adx_module *mod, uint32_t config_id,
				   enum adx_cfg_pos pos, uint32_t data_offset_size,
				   const uint8_t *fragment, size_t fragment_size)
{
	(void)data_offset_size;
	return broken_gain_config(config_id, pos, fragment, fragment_size, mod->priv);
}

static const struct adx_module_ops alloc_ops = {
	.init = alloc_init,
	.prepare = broken_prepare_stream,
	.process = alloc_process,
	.free = adx_module_free_priv,
	.set_configuration = alloc_set_configuration,
};

static const struct adx_module_driver alloc_driver = {
	.name = "broken_alloc_in_process", .domain = ADX_DOMAIN_LL, .ops = &alloc_ops,
};

static const struct adx_module_manifest alloc_manifest = {
	ADX_MODULE_MANIFEST_HEADER, .driver = &alloc_driver, .caps = BROKEN_CAPS,
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &alloc_manifest;
}
