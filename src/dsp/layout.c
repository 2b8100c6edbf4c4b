// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory sizes. Every size is computed in size_t from small bounded
 * factors (at most 8 channels, fixed period), so none can overflow; the
 * virtualiser and canceller report their own exact sizes.
 */
#include <errno.h>

#include "engine_priv.h"

#define PERIOD_BYTES (ADX_DSP_PERIOD_FRAMES * sizeof(float))

static size_t align_up(size_t n)
{
	return (n + ADX_DSP_ALIGN - 1) & ~(size_t)(ADX_DSP_ALIGN - 1);
}

int adx_dsp_config_check(const struct adx_dsp_config *config)
{
	if (!config)
		return -EINVAL;
	if (config->sample_rate != ADX_DSP_SAMPLE_RATE)
		return -EINVAL;
	if (config->in_channels != 2 && config->in_channels != 6 && config->in_channels != 8)
		return -EINVAL;
	if (config->out_channels != ADX_DSP_OUT_CHANNELS)
		return -EINVAL;
	if ((unsigned int)config->format > (unsigned int)ADX_DSP_FLOAT32)
		return -EINVAL;
	return 0;
}

int adx_dsp_layout_compute(const struct adx_dsp_config *config,
			   struct adx_dsp_layout *l)
{
	size_t module_scratch;
	uint32_t buffers;

	if (adx_dsp_config_check(config))
		return -EINVAL;
	l->engine_bytes = align_up(sizeof(struct adx_dsp));
	l->virt_offset = l->engine_bytes;
	l->virt_bytes = align_up(adx_virt_persistent_bytes(config->in_channels));
	l->ctc_offset = l->virt_offset + l->virt_bytes;
	l->ctc_bytes = align_up(adx_ctc_persistent_bytes());
	l->persistent_bytes = l->ctc_offset + l->ctc_bytes;

	/* inputs, wet pair, dry pair, two temporaries */
	buffers = config->in_channels + 6u;
	/* The virtualiser or the canceller, then the limiter, use one area in turn. */
	module_scratch = adx_virt_scratch_bytes(config->in_channels);
	if (module_scratch < adx_ctc_scratch_bytes())
		module_scratch = adx_ctc_scratch_bytes();
	if (module_scratch < ADX_LIMITER_SCRATCH_FLOATS * sizeof(float))
		module_scratch = ADX_LIMITER_SCRATCH_FLOATS * sizeof(float);
	l->module_scratch_offset = buffers * align_up(PERIOD_BYTES);
	l->module_scratch_bytes = align_up(module_scratch);
	l->scratch_bytes = l->module_scratch_offset + l->module_scratch_bytes;
	return 0;
}

void adx_dsp_buffers_map(const struct adx_dsp *e, struct adx_dsp_buffers *b)
{
	uint8_t *base = (uint8_t *)e->scratch;
	size_t stride = align_up(PERIOD_BYTES);
	uint32_t c, n = e->config.in_channels;

	for (c = 0; c < n; c++)
		b->in[c] = (float *)(base + c * stride);
	b->wet[0] = (float *)(base + (n + 0) * stride);
	b->wet[1] = (float *)(base + (n + 1) * stride);
	b->dry[0] = (float *)(base + (n + 2) * stride);
	b->dry[1] = (float *)(base + (n + 3) * stride);
	b->tmp[0] = (float *)(base + (n + 4) * stride);
	b->tmp[1] = (float *)(base + (n + 5) * stride);
	b->module = base + e->layout.module_scratch_offset;
}

size_t adx_dsp_persistent_bytes(const struct adx_dsp_config *config)
{
	struct adx_dsp_layout l;

	return adx_dsp_layout_compute(config, &l) ? 0 : l.persistent_bytes;
}

size_t adx_dsp_scratch_bytes(const struct adx_dsp_config *config)
{
	struct adx_dsp_layout l;

	return adx_dsp_layout_compute(config, &l) ? 0 : l.scratch_bytes;
}

size_t adx_dsp_alignment(void)
{
	return ADX_DSP_ALIGN;
}

uint32_t adx_dsp_period_frames(void)
{
	return ADX_DSP_PERIOD_FRAMES;
}

uint32_t adx_dsp_latency_frames(void)
{
	return ADX_DSP_LATENCY_FRAMES;
}
