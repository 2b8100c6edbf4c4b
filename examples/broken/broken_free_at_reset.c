// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: a DP echo whose reset frees the delay line but keeps the pointer
 * (SOF's "buffer freed before its pointer was cleared"): prepare sees a
 * pointer and does not allocate again, so process() writes memory the
 * heap has taken back.
 * Caught by memory.freed_at_reset_is_never_touched_again.
 */
#include "broken_common.h"

#define ECHO_FRAMES 480u

struct echo {
	float *delay;     /* ECHO_FRAMES x 2 */
	uint32_t pos;
};

static int echo_init(struct adx_module *mod)
{
	mod->priv = adx_mod_zalloc(&mod->mem, sizeof(struct echo), 0);
	mod->dp_cycle_cost_ns = 100000;
	return mod->priv ? 0 : -ENOMEM;
}

static int echo_prepare(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct echo *e = mod->priv;
	int ret = broken_prepare_stream(mod, sources, num_sources, sinks, num_sinks);

	if (ret || e->delay)
		return ret;
	e->delay = adx_mod_zalloc(&mod->mem, ECHO_FRAMES * 2 * sizeof(float), 0);
	e->pos = 0;
	return e->delay ? 0 : -ENOMEM;
}

static int echo_process(struct adx_module *mod, struct adx_source **sources,
			int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct echo *e = mod->priv;
	float frame[2];
	int ret = 0;

	(void)num_sources; (void)num_sinks;
	for (uint32_t f = 0; !ret && f < mod->in_block_frames; f++) {
		float *tap = &e->delay[e->pos * 2];

		ret = adx_source_read(sources[0], frame, sizeof(frame));
		for (int c = 0; !ret && c < 2; c++) {
			float in = frame[c];

			frame[c] = in + 0.5f * tap[c];
			tap[c] = in;
		}
		e->pos = (e->pos + 1) % ECHO_FRAMES;
		ret = ret ? ret : adx_sink_write(sinks[0], frame, sizeof(frame));
	}
	return ret;
}

static int echo_reset(struct adx_module *mod)
{
	struct echo *e = mod->priv;

	adx_mod_free(&mod->mem, e->delay);   /* BUG: e->delay is not cleared */
	return 0;
}

static int echo_free(struct adx_module *mod)
{
	adx_mod_free(&mod->mem, mod->priv);
	return 0;
}

static const struct adx_module_ops echo_ops = {
	.init = echo_init,
	.prepare = echo_prepare,
	.process = echo_process,
	.reset = echo_reset,
	.free = echo_free,
};

static const struct adx_module_driver echo_driver = {
	.name = "broken_free_at_reset", .domain = ADX_DOMAIN_DP, .ops = &echo_ops,
};

static const struct adx_module_manifest echo_manifest = {
	ADX_MODULE_MANIFEST_HEADER, .driver = &echo_driver,
	.caps = { .formats = ADX_FORMAT_BIT(ADX_FMT_FLOAT32), .channel_mask = 1u << 2,
		  .rates = { 48000 } },
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &echo_manifest;
}
