// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <string.h>

#include "recorder_module.h"

struct recorder_log recorder_logs[RECORDER_SLOTS];

static int recorder_init(struct adx_module *mod)
{
	uint32_t slot;

	if (!mod->init_data || mod->init_data_size != sizeof(slot))
		return -EINVAL;
	memcpy(&slot, mod->init_data, sizeof(slot));
	if (slot >= RECORDER_SLOTS)
		return -EINVAL;
	/* Owns a block like a real module, so its figures are not empty. */
	mod->priv = adx_mod_zalloc(&mod->mem, 16, 0);
	if (!mod->priv)
		return -ENOMEM;
	memcpy(mod->priv, &slot, sizeof(slot));
	return 0;
}

static struct recorder_log *log_of(const struct adx_module *mod)
{
	uint32_t slot;

	memcpy(&slot, mod->priv, sizeof(slot));
	return &recorder_logs[slot];
}

static int recorder_process(struct adx_module *mod, struct adx_source **sources,
			    int num_sources, struct adx_sink **sinks, int num_sinks)
{
	(void)mod; (void)sources; (void)num_sources; (void)sinks; (void)num_sinks;
	return 0;
}

static int recorder_free(struct adx_module *mod)
{
	adx_mod_free(&mod->mem, mod->priv);
	mod->priv = NULL;
	return 0;
}

static int recorder_set_configuration(struct adx_module *mod, uint32_t config_id,
				      enum adx_cfg_pos pos, uint32_t data_offset_size,
				      const uint8_t *fragment, size_t fragment_size)
{
	struct recorder_log *log = log_of(mod);

	log->set_calls++;
	log->config_id = config_id;
	log->pos = pos;
	log->data_offset_size = data_offset_size;
	log->size = fragment_size < RECORDER_BLOB_MAX ? fragment_size : RECORDER_BLOB_MAX;
	memcpy(log->blob, fragment, log->size);
	return log->set_result;
}

static int recorder_get_configuration(struct adx_module *mod, uint32_t config_id,
				      uint8_t *data, size_t *size)
{
	struct recorder_log *log = log_of(mod);

	if (config_id != log->config_id)
		return -ENOENT;
	if (*size < log->size)
		return -EMSGSIZE;
	memcpy(data, log->blob, log->size);
	*size = log->size;
	return 0;
}

static const struct adx_module_ops recorder_ops = {
	.init = recorder_init,
	.process = recorder_process,
	.free = recorder_free,
	.set_configuration = recorder_set_configuration,
	.get_configuration = recorder_get_configuration,
};

const struct adx_module_driver recorder_driver = {
	.name = "recorder",
	.domain = ADX_DOMAIN_LL,
	.ops = &recorder_ops,
};
