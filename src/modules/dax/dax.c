// SPDX-License-Identifier: BSD-3-Clause
/*
 * The DAX module's ops (include/adx/modules/dax.h). The adapter enforces the
 * lifecycle table and keeps process() apart from reset/free (cancel-and-
 * join or post-to-DP), so these ops never check the module state; they do
 * tolerate an absent context, which a reset or free after a failed init
 * would meet.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "adx/util/le.h"
#include "dax_priv.h"

#define RANK_MAX 255u

static struct dax *context(const struct adx_module *mod)
{
	return mod->priv;
}

static int no_context(const struct adx_module *mod, const char *op)
{
	adx_err("dax", "%s: %s without a context (init failed or never ran)", mod->name, op);
	return -EINVAL;
}

static bool valid_channels(uint32_t channels)
{
	return channels == 2 || channels == 6 || channels == 8;
}

/* Init data, or every default when there is none. */
static int parse_init(const struct adx_module *mod, struct adx_dax_init *cfg)
{
	*cfg = (struct adx_dax_init){ .policy = ADX_DAX_POLICY_DEFAULT };
	if (mod->init_data || mod->init_data_size) {
		if (!mod->init_data || mod->init_data_size != sizeof(*cfg))
			return -EINVAL;
		memcpy(cfg, mod->init_data, sizeof(*cfg));
	}
	if (cfg->policy == ADX_DAX_POLICY_DEFAULT)
		cfg->policy = adx_dax_default_policy();
	if (!cfg->max_channels)
		cfg->max_channels = DAX_MAX_CHANNELS;
	if (cfg->policy >= ADX_DAX_POLICY_COUNT || !valid_channels(cfg->max_channels) ||
	    cfg->device >= ADX_DAX_DEVICE_COUNT || cfg->priority > RANK_MAX ||
	    (cfg->flags & ~ADX_DAX_INIT_RETAIN_SHARED))
		return -EINVAL;
	return 0;
}

/*
 * The buffering between LL periods and engine blocks (dax_stream.c) and the
 * latency it declares are built for DAX_TICK_FRAMES per period, so a
 * scheduler ticking at another period is refused rather than misaligned.
 */
static int declare(struct adx_module *mod)
{
	uint32_t period_frames = adx_module_period_frames(mod, DAX_RATE);

	if (period_frames != DAX_TICK_FRAMES) {
		adx_err("dax", "%s: needs an LL period of %u frames at %u Hz, the scheduler's "
			"%u us period gives %u", mod->name, DAX_TICK_FRAMES, DAX_RATE,
			(unsigned int)adx_module_ll_period_us(mod), (unsigned int)period_frames);
		return -EINVAL;
	}
	mod->in_block_frames = period_frames;
	mod->out_block_frames = period_frames;
	mod->dp_period_us = adx_module_ll_period_us(mod);
	mod->dp_cycle_cost_ns = DAX_CYCLE_COST_NS;
	mod->latency_frames = ADX_DAX_LATENCY_FRAMES;
	return 0;
}

static int dax_init(struct adx_module *mod)
{
	struct adx_dax_init cfg;
	struct dax *d;
	int ret;

	if (parse_init(mod, &cfg)) {
		adx_err("dax", "%s: invalid init data (%zu bytes)", mod->name, mod->init_data_size);
		return -EINVAL;
	}
	ret = declare(mod);
	if (ret)
		return ret;
	d = adx_mod_zalloc(&mod->mem, sizeof(*d), DAX_REGION_ALIGN);
	if (!d)
		return -ENOMEM;
	d->mod = mod;
	d->policy = (enum adx_dax_policy)cfg.policy;
	d->max_channels = cfg.max_channels;
	d->priority = cfg.priority;
	d->flags = cfg.flags;
	ret = dax_staging_init(&d->staging, &mod->mem, cfg.device);
	if (ret)
		goto fail;
	ret = adx_engine_slot_init(&d->slot);
	if (ret) {
		dax_staging_destroy(&d->staging);
		goto fail;
	}
	mod->priv = d;
	dax_memory_init(d);
	return 0;
fail:
	adx_mod_free(&mod->mem, d);
	return ret;
}

static enum adx_dsp_format dsp_format(enum adx_sample_format format)
{
	switch (format) {
	case ADX_FMT_S16_LE: return ADX_DSP_S16_LE;
	case ADX_FMT_S32_LE: return ADX_DSP_S32_LE;
	default: return ADX_DSP_FLOAT32;
	}
}

/* One source, one sink, 48 kHz, same format, 2/6/8 in (within the maximum), 2 out. */
static int check_pins(const struct dax *d, struct adx_source **sources, int num_sources,
		      struct adx_sink **sinks, int num_sinks)
{
	const struct adx_stream_params *in, *out;
	const char *name = d->mod->name;

	if (num_sources != 1 || num_sinks != 1) {
		adx_err("dax", "%s: needs one source and one sink, has %d and %d", name,
			num_sources, num_sinks);
		return -EINVAL;
	}
	in = adx_source_get_params(sources[0]);
	out = adx_sink_get_params(sinks[0]);
	if (in->rate != DAX_RATE || out->rate != DAX_RATE || in->format != out->format ||
	    !adx_format_is_valid(in->format)) {
		adx_err("dax", "%s: needs 48 kHz and one sample format on both pins", name);
		return -EINVAL;
	}
	if (!valid_channels(in->channels) || in->channels > d->max_channels ||
	    out->channels != DAX_OUT_CHANNELS) {
		adx_err("dax", "%s: needs 2/6/8 channels in (at most %u) and 2 out, has %u and %u",
			name, (unsigned int)d->max_channels, (unsigned int)in->channels,
			(unsigned int)out->channels);
		return -EINVAL;
	}
	return 0;
}

static int dax_prepare(struct adx_module *mod, struct adx_source **sources, int num_sources,
		       struct adx_sink **sinks, int num_sinks)
{
	struct dax *d = context(mod);
	const struct adx_stream_params *in;
	void *storage;
	int ret;

	if (!d)
		return no_context(mod, "prepare");
	ret = check_pins(d, sources, num_sources, sinks, num_sinks);
	if (ret)
		return ret;
	in = adx_source_get_params(sources[0]);
	storage = adx_mod_alloc(&mod->mem, dax_stream_bytes(in->channels, in->format), 16);
	if (!storage)
		return -ENOMEM;
	dax_stream_setup(&d->stream, storage, in->channels, in->format);
	memset(&d->dp_controls, 0, sizeof(d->dp_controls)); /* generation 0: adopt at once */
	atomic_store_explicit(&d->counters.frames_in, 0, memory_order_relaxed);
	d->config = (struct adx_dsp_config){
		.sample_rate = DAX_RATE, .in_channels = in->channels,
		.out_channels = DAX_OUT_CHANNELS, .format = dsp_format(in->format),
	};
	d->prepared = true;
	dax_memory_prepare(d);
	return 0;
}

static int dax_process(struct adx_module *mod, struct adx_source **sources, int num_sources,
		       struct adx_sink **sinks, int num_sinks)
{
	struct dax *d = context(mod);
	struct dax_engine *engine;
	int ret;

	(void)num_sources;
	(void)num_sinks;
	if (!d || !d->prepared)
		return -EINVAL;
	dax_staging_adopt(&d->staging, &d->dp_controls);
	engine = dax_engine_take(d);
	ret = dax_stream_cycle(d, sources[0], sinks[0], engine);
	dax_engine_put(d, engine);
	return ret;
}

static void drop_stream(struct dax *d)
{
	if (!d->prepared)
		return;
	adx_mod_free(&d->mod->mem, d->stream.storage);
	memset(&d->stream, 0, sizeof(d->stream));
	d->prepared = false;
}

static int dax_reset(struct adx_module *mod)
{
	struct dax *d = context(mod);
	int ret;

	if (!d)
		return 0;
	ret = dax_memory_reset(d);
	if (ret)
		return ret; /* a cycle still holds the engine: nothing released */
	drop_stream(d);
	dax_staging_quiesced(&d->staging);
	return 0;
}

static int dax_free(struct adx_module *mod)
{
	struct dax *d = context(mod);
	int ret;

	if (!d)
		return 0;
	ret = dax_memory_free(d);
	if (ret)
		return ret;
	drop_stream(d);
	dax_staging_destroy(&d->staging);
	adx_engine_slot_destroy(&d->slot);
	adx_mod_free(&mod->mem, d);
	mod->priv = NULL;
	return 0;
}

static int dax_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd)
{
	struct dax *d = context(mod);

	(void)cmd; /* start and stop both change the rank */
	if (!d)
		return no_context(mod, "trigger");
	dax_memory_rerank(d);
	return 0;
}


static int set_tuning(struct dax *d, const uint8_t *data, size_t size)
{
	struct adx_dsp_tuning_error error = { 0 };
	int ret = dax_staging_set_tuning(&d->staging, data, size, &error);

	if (ret == -EINVAL && error.reason) {
		atomic_store(&d->counters.last_tuning_error_record, error.record);
		adx_err("dax", "%s: tuning rejected at record %u (offset %u): %s", d->mod->name,
			(unsigned int)error.record, (unsigned int)error.offset, error.reason);
	} else if (ret) {
		adx_err("dax", "%s: tuning of %zu bytes rejected (%d)", d->mod->name, size, ret);
	}
	return ret;
}

static int dax_set_configuration(struct adx_module *mod, uint32_t config_id,
				 enum adx_cfg_pos pos, uint32_t data_offset_size,
				 const uint8_t *fragment, size_t fragment_size)
{
	struct dax *d = context(mod);
	int ret;

	if (!d)
		return no_context(mod, "set_configuration");
	if (pos != ADX_CFG_SINGLE || data_offset_size != fragment_size) {
		adx_err("dax", "%s: config %u must arrive whole (IPC assembles fragments)",
			mod->name, (unsigned int)config_id);
		return -EINVAL;
	}
	if (config_id == ADX_DAX_CFG_TUNING)
		return set_tuning(d, fragment, fragment_size);
	if (fragment_size != sizeof(uint32_t))
		return -EINVAL;
	ret = dax_staging_set_u32(&d->staging, config_id, adx_le32_get(fragment));
	if (ret) {
		adx_err("dax", "%s: config %u value %u rejected", mod->name,
			(unsigned int)config_id, (unsigned int)adx_le32_get(fragment));
		return ret;
	}
	if (config_id == ADX_DAX_CFG_DEVICE)
		dax_memory_rerank(d);
	return 0;
}

/* The u32 control `config_id` of a snapshot; -EINVAL for other ids. */
static int value_of(const struct adx_dax_controls *v, uint32_t config_id, uint32_t *value)
{
	switch (config_id) {
	case ADX_DAX_CFG_ENABLE: *value = v->enable; return 0;
	case ADX_DAX_CFG_PROFILE: *value = v->profile; return 0;
	case ADX_DAX_CFG_DEVICE: *value = v->device; return 0;
	case ADX_DAX_CFG_CONTENT_PROCESSING: *value = v->content_processing; return 0;
	case ADX_DAX_CFG_CTC_ENABLE: *value = v->ctc_enable; return 0;
	case ADX_DAX_CFG_VOLUME: *value = v->volume_q1_31; return 0;
	default: return -EINVAL;
	}
}

static int dax_get_configuration(struct adx_module *mod, uint32_t config_id,
				 uint8_t *data, size_t *size)
{
	struct dax *d = context(mod);
	struct dax_control_set set;
	uint32_t value;

	if (!d)
		return no_context(mod, "get_configuration");
	if (config_id == ADX_DAX_CFG_TUNING)
		return dax_staging_get_tuning(&d->staging, data, size);
	dax_staging_snapshot(&d->staging, &set);
	if (config_id == ADX_DAX_CFG_STATE) {
		if (*size < sizeof(set.values))
			return -ENOSPC;
		memcpy(data, &set.values, sizeof(set.values));
		*size = sizeof(set.values);
		return 0;
	}
	if (value_of(&set.values, config_id, &value))
		return -EINVAL;
	if (*size < sizeof(uint32_t))
		return -ENOSPC;
	adx_le32_put(data, value);
	*size = sizeof(uint32_t);
	return 0;
}

static const struct adx_module_ops dax_ops = {
	.init = dax_init,
	.prepare = dax_prepare,
	.process = dax_process,
	.reset = dax_reset,
	.free = dax_free,
	.set_configuration = dax_set_configuration,
	.get_configuration = dax_get_configuration,
	.trigger = dax_trigger,
};

const struct adx_module_driver adx_dax_driver = {
	.name = "dax",
	.domain = ADX_DOMAIN_DP,
	.ops = &dax_ops,
};

int adx_dax_get_stats(const struct adx_module *mod, struct adx_dax_stats *stats)
{
	const struct dax *d;
	const struct dax_counters *c;

	if (!mod || !stats || mod->drv != &adx_dax_driver || !mod->priv)
		return -EINVAL;
	d = mod->priv;
	c = &d->counters;
	*stats = (struct adx_dax_stats){
		.policy = d->policy,
		.owns_memory = d->engine != NULL,
		.committed_bytes = atomic_load(&c->committed_bytes),
		.processed_frames = atomic_load(&c->processed_frames),
		.bypassed_frames = atomic_load(&c->bypassed_frames),
		.alloc_failures = atomic_load(&c->alloc_failures),
		.handoffs_in = atomic_load(&c->handoffs_in),
		.handoffs_out = atomic_load(&c->handoffs_out),
		.claim_timeouts = atomic_load(&c->claim_timeouts),
		.switch_to_first_frames = atomic_load(&c->switch_to_first_frames),
		.switches_measured = atomic_load(&c->switches_measured),
		.ownership_violations = atomic_load(&c->ownership_violations),
		.poisoned_engine_seen = atomic_load(&c->poisoned_engine_seen),
		.controls_applied = atomic_load(&c->controls_applied),
		.last_tuning_error_record = atomic_load(&c->last_tuning_error_record),
	};
	return 0;
}
