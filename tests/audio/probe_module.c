// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <string.h>

#include "probe_module.h"

struct probe {
	struct probe_control *ctl;
	void *prepared;
};

static struct probe_control *ctl_of(struct adx_module *mod)
{
	return ((struct probe *)mod->priv)->ctl;
}

static int probe_init(struct adx_module *mod)
{
	struct probe_control *ctl;
	struct probe *p;

	if (mod->init_data_size != sizeof(ctl))
		return -EINVAL;
	memcpy(&ctl, mod->init_data, sizeof(ctl));
	ctl->calls[PROBE_INIT]++;
	p = adx_mod_zalloc(&mod->mem, sizeof(*p), 0);
	if (!p)
		return -ENOMEM;
	p->ctl = ctl;
	mod->priv = p;
	mod->dp_cycle_cost_ns = 100000;
	/* A failing init leaves its allocation behind: the adapter must release it. */
	return ctl->fail[PROBE_INIT];
}

static int probe_prepare(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct probe *p = mod->priv;

	(void)sources; (void)num_sources; (void)sinks; (void)num_sinks;
	p->ctl->calls[PROBE_PREPARE]++;
	p->prepared = adx_mod_alloc(&mod->mem, 256, 0);
	if (!p->prepared)
		return -ENOMEM;
	if (p->ctl->fail[PROBE_PREPARE]) {
		if (!p->ctl->leak_on_failed_prepare) {
			adx_mod_free(&mod->mem, p->prepared);
			p->prepared = NULL;
		}
		return p->ctl->fail[PROBE_PREPARE];
	}
	return 0;
}

static int probe_process(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	size_t bytes;

	ctl_of(mod)->calls[PROBE_PROCESS]++;
	if (num_sources && num_sinks) {
		bytes = mod->in_block_frames * adx_frame_bytes(adx_source_get_params(sources[0]));
		uint8_t tmp[4096];

		if (bytes > sizeof(tmp))
			return -EINVAL;
		adx_source_read(sources[0], tmp, bytes);
		adx_sink_write(sinks[0], tmp, bytes);
	}
	return ctl_of(mod)->fail[PROBE_PROCESS];
}

static int probe_reset(struct adx_module *mod)
{
	struct probe *p = mod->priv;

	p->ctl->calls[PROBE_RESET]++;
	if (p->ctl->fail[PROBE_RESET])
		return p->ctl->fail[PROBE_RESET];
	adx_mod_free(&mod->mem, p->prepared);
	p->prepared = NULL;
	return 0;
}

static int probe_free(struct adx_module *mod)
{
	struct probe *p = mod->priv;

	p->ctl->calls[PROBE_FREE]++;
	if (p->ctl->fail[PROBE_FREE])
		return p->ctl->fail[PROBE_FREE];
	adx_mod_free(&mod->mem, p);
	mod->priv = NULL;
	return 0;
}

static int probe_set_config(struct adx_module *mod, uint32_t config_id,
			    enum adx_cfg_pos pos, uint32_t data_offset_size,
			    const uint8_t *fragment, size_t fragment_size)
{
	(void)config_id; (void)pos; (void)data_offset_size; (void)fragment; (void)fragment_size;
	ctl_of(mod)->calls[PROBE_SET_CONFIG]++;
	return ctl_of(mod)->fail[PROBE_SET_CONFIG];
}

static int probe_get_config(struct adx_module *mod, uint32_t config_id, uint8_t *data,
			    size_t *size)
{
	(void)config_id; (void)data;
	ctl_of(mod)->calls[PROBE_GET_CONFIG]++;
	*size = 0;
	return ctl_of(mod)->fail[PROBE_GET_CONFIG];
}

static int probe_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd)
{
	(void)cmd;
	ctl_of(mod)->calls[PROBE_TRIGGER]++;
	return 0;
}

static const struct adx_module_ops probe_ops = {
	.init = probe_init,
	.prepare = probe_prepare,
	.process = probe_process,
	.reset = probe_reset,
	.free = probe_free,
	.set_configuration = probe_set_config,
	.get_configuration = probe_get_config,
	.trigger = probe_trigger,
};

const struct adx_module_driver probe_ll_driver = {
	.name = "probe-ll", .domain = ADX_DOMAIN_LL, .ops = &probe_ops,
};

const struct adx_module_driver probe_dp_driver = {
	.name = "probe-dp", .domain = ADX_DOMAIN_DP, .ops = &probe_ops,
};
