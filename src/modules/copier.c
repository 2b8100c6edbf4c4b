// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host and DAI copiers: the pipeline's ends. Each moves one LL period per
 * tick between a gateway and a ring buffer; neither touches the audio.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"

/* Virtual-time charge of one period's copy (a DMA-assisted copy on a DSP). */
#define COPIER_COST_NS 1000

struct copier {
	struct adx_gateway *gateway;
	uint32_t gateway_id;
	uint32_t period_frames;
	size_t frame_bytes;
	uint64_t preroll_left;        /* DAI: silence still to play */
	struct adx_copier_stats stats;
};

static int copier_init(struct adx_module *mod)
{
	const struct adx_host_copier_init *cfg = mod->init_data;
	struct copier *cp;

	/* Both init structs start with the gateway id. */
	if (!cfg || mod->init_data_size < sizeof(*cfg))
		return -EINVAL;
	if (!adx_gateway_get(cfg->gateway_id)) {
		adx_err("copier", "%s: no gateway %u", mod->name, (unsigned int)cfg->gateway_id);
		return -ENODEV;
	}
	cp = adx_mod_zalloc(&mod->mem, sizeof(*cp), 0);
	if (!cp)
		return -ENOMEM;
	cp->gateway_id = cfg->gateway_id;
	mod->priv = cp;
	mod->ll_cost_ns = COPIER_COST_NS;
	return 0;
}

static int check_params(struct adx_module *mod, struct copier *cp,
			const struct adx_stream_params *pin)
{
	bool host = mod->drv == &adx_host_copier_driver;

	cp->gateway = adx_gateway_get(cp->gateway_id);
	if (!cp->gateway)
		return -ENODEV;
	if ((host && !cp->gateway->read) || (!host && !cp->gateway->write)) {
		adx_err("copier", "%s: gateway %s cannot %s", mod->name, cp->gateway->name,
			host ? "be read" : "be written");
		return -EINVAL;
	}
	if (!adx_stream_params_equal(pin, &cp->gateway->params)) {
		adx_err("copier", "%s: gateway %s format differs from the pipeline's",
			mod->name, cp->gateway->name);
		return -EINVAL;
	}
	cp->period_frames = adx_module_period_frames(mod, pin->rate);
	if (!cp->period_frames)
		return -EINVAL;
	cp->frame_bytes = adx_frame_bytes(pin);
	mod->in_block_frames = cp->period_frames;
	mod->out_block_frames = cp->period_frames;
	memset(&cp->stats, 0, sizeof(cp->stats));
	return 0;
}

static int host_prepare(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	(void)sources;
	if (num_sources != 0 || num_sinks != 1)
		return -EINVAL;
	return check_params(mod, mod->priv, adx_sink_get_params(sinks[0]));
}

static int dai_prepare(struct adx_module *mod, struct adx_source **sources,
		       int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct copier *cp = mod->priv;
	int ret;

	(void)sinks;
	if (num_sources != 1 || num_sinks != 0)
		return -EINVAL;
	ret = check_params(mod, cp, adx_source_get_params(sources[0]));
	cp->preroll_left = mod->upstream_latency_frames;
	return ret;
}

/* Moves `frames` from the gateway into a possibly wrapping sink window. */
static uint32_t read_gateway(struct copier *cp, uint8_t *dst, const uint8_t *start,
			     size_t size, uint32_t frames)
{
	size_t bytes = (size_t)frames * cp->frame_bytes;
	size_t first = (size_t)(start + size - dst);
	uint32_t got;

	if (bytes <= first)
		return cp->gateway->read(cp->gateway->ctx, dst, frames);
	got = cp->gateway->read(cp->gateway->ctx, dst, (uint32_t)(first / cp->frame_bytes));
	if (got < first / cp->frame_bytes)
		return got;
	return got + cp->gateway->read(cp->gateway->ctx, (uint8_t *)start,
				       frames - got);
}

static void zero_window(uint8_t *dst, uint8_t *start, size_t size, size_t bytes)
{
	size_t first = (size_t)(start + size - dst);

	if (bytes <= first) {
		memset(dst, 0, bytes);
		return;
	}
	memset(dst, 0, first);
	memset(start, 0, bytes - first);
}

static int host_process(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct copier *cp = mod->priv;
	size_t bytes = (size_t)cp->period_frames * cp->frame_bytes;
	void *data, *start;
	size_t size;
	uint32_t got = 0;
	int ret;

	(void)sources; (void)num_sources; (void)num_sinks;
	ret = adx_sink_get_buffer(sinks[0], bytes, &data, &start, &size);
	if (ret)
		return ret;
	if (!cp->stats.end_of_stream)
		got = read_gateway(cp, data, start, size, cp->period_frames);
	if (got < cp->period_frames) {
		uint8_t *tail = (uint8_t *)data + (size_t)got * cp->frame_bytes;

		if (tail >= (uint8_t *)start + size)
			tail -= size;
		zero_window(tail, start, size, bytes - (size_t)got * cp->frame_bytes);
		cp->stats.end_of_stream = true;
		cp->stats.silence_frames += cp->period_frames - got;
	}
	cp->stats.frames += got;
	return adx_sink_commit_buffer(sinks[0], bytes);
}

static const uint8_t silence_period[ADX_MAX_CHANNELS * sizeof(int32_t) * 192];

/* Plays `frames` of silence into the gateway, in chunks of a static zero block. */
static void write_silence(struct copier *cp, uint32_t frames)
{
	uint32_t chunk = (uint32_t)(sizeof(silence_period) / cp->frame_bytes);

	while (frames) {
		uint32_t n = frames < chunk ? frames : chunk;

		cp->gateway->write(cp->gateway->ctx, silence_period, n);
		frames -= n;
	}
}

static uint32_t write_from_source(struct copier *cp, struct adx_source *source,
				  uint32_t frames)
{
	uint32_t avail = (uint32_t)adx_source_get_data_frames_available(source);
	size_t first, bytes;
	const void *data, *start;
	size_t size;

	if (avail < frames)
		frames = avail;
	if (!frames)
		return 0;
	bytes = (size_t)frames * cp->frame_bytes;
	if (adx_source_get_data(source, bytes, &data, &start, &size))
		return 0;
	first = (size_t)((const uint8_t *)start + size - (const uint8_t *)data);
	if (bytes <= first) {
		cp->gateway->write(cp->gateway->ctx, data, frames);
	} else {
		cp->gateway->write(cp->gateway->ctx, data, (uint32_t)(first / cp->frame_bytes));
		cp->gateway->write(cp->gateway->ctx, start,
				   (uint32_t)((bytes - first) / cp->frame_bytes));
	}
	adx_source_release_data(source, bytes);
	return frames;
}

static int dai_process(struct adx_module *mod, struct adx_source **sources,
		       int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct copier *cp = mod->priv;
	uint32_t want = cp->period_frames;
	uint32_t preroll = cp->preroll_left < want ? (uint32_t)cp->preroll_left : want;
	uint32_t got;

	(void)num_sources; (void)sinks; (void)num_sinks;
	if (preroll) {
		write_silence(cp, preroll);
		cp->preroll_left -= preroll;
		cp->stats.silence_frames += preroll;
		want -= preroll;
	}
	got = write_from_source(cp, sources[0], want);
	cp->stats.frames += got;
	if (got < want) {
		write_silence(cp, want - got);
		cp->stats.underrun_frames += want - got;
		cp->stats.underruns++;
	}
	return 0;
}

static int dai_init(struct adx_module *mod)
{
	int ret = copier_init(mod);

	mod->takes_partial = true;
	return ret;
}

const struct adx_copier_stats *adx_copier_get_stats(const struct adx_module *mod)
{
	if (!mod || !mod->priv || (mod->drv != &adx_host_copier_driver &&
				   mod->drv != &adx_dai_copier_driver))
		return NULL;
	return &((const struct copier *)mod->priv)->stats;
}

static const struct adx_module_ops host_copier_ops = {
	.init = copier_init,
	.prepare = host_prepare,
	.process = host_process,
	.free = adx_module_free_priv,
};

static const struct adx_module_ops dai_copier_ops = {
	.init = dai_init,
	.prepare = dai_prepare,
	.process = dai_process,
	.free = adx_module_free_priv,
};

const struct adx_module_driver adx_host_copier_driver = {
	.name = "host-copier",
	.domain = ADX_DOMAIN_LL,
	.ops = &host_copier_ops,
};

const struct adx_module_driver adx_dai_copier_driver = {
	.name = "dai-copier",
	.domain = ADX_DOMAIN_LL,
	.ops = &dai_copier_ops,
};
