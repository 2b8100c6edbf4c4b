// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "val_checks.h"

static void vformat(char *dst, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(dst, size, fmt, ap);
}

void val_fail(struct val_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->failed)
		return;
	res->failed = true;
	va_start(ap, fmt);
	vformat(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

void val_skip(struct val_result *res, const char *fmt, ...)
{
	va_list ap;

	res->skipped = true;
	va_start(ap, fmt);
	vformat(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

void val_note(struct val_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(ctx->info, sizeof(ctx->info), fmt, ap);
	va_end(ap);
}

float *val_noise(struct val_rng *rng, uint64_t frames, uint32_t channels, float level)
{
	float *buf = malloc(frames * channels * sizeof(float) + 1);

	if (!buf)
		return NULL;
	for (uint64_t i = 0; i < frames * channels; i++)
		buf[i] = level * val_rng_signal(rng);
	return buf;
}

uint64_t val_buf_first_difference(const struct val_buf *a, const struct val_buf *b)
{
	uint64_t n = a->frames < b->frames ? a->frames : b->frames;

	for (uint64_t f = 0; f < n; f++)
		if (memcmp(a->data + f * a->channels, b->data + f * b->channels,
			   a->channels * sizeof(float)))
			return f;
	return n;
}

bool val_buf_equal(const struct val_buf *a, const struct val_buf *b)
{
	return a->channels == b->channels && a->frames == b->frames &&
	       val_buf_first_difference(a, b) == a->frames;
}

int64_t val_buf_first_nonfinite(const struct val_buf *buf, uint64_t from)
{
	for (uint64_t i = from * buf->channels; i < buf->frames * buf->channels; i++)
		if (!isfinite(buf->data[i]))
			return (int64_t)(i / buf->channels);
	return -1;
}

int val_run_noise(struct val_rig *rig, uint64_t seed, uint32_t periods)
{
	struct val_rng rng = { seed };
	uint64_t frames = (uint64_t)periods * rig->period_frames;
	float *in = val_noise(&rng, frames, rig->in_params.channels, 0.5f);
	int ret;

	if (!in)
		return -ENOMEM;
	ret = val_rig_run(rig, in, frames);
	free(in);
	return ret;
}

int val_config_count(const struct val_target *target)
{
	int n = 0;

	while (n < ADX_MODULE_MAX_SAMPLE_CONFIGS && target->caps.configs[n].data)
		n++;
	return n;
}

int val_send_config(struct val_rig *rig, int i)
{
	const struct adx_module_sample_config *cfg = &rig->target->caps.configs[i];

	return adx_module_set_configuration(rig->mod, cfg->config_id, ADX_CFG_SINGLE,
					    cfg->size, cfg->data, cfg->size);
}
