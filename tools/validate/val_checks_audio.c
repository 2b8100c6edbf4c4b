// SPDX-License-Identifier: BSD-3-Clause
/*
 * Audio: every declared stream runs; silence after a signal decays to clean
 * silence (no DC, no subnormals); NaN, Inf and subnormal input never
 * persists; full scale and DC stay finite.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "val_checks.h"

static int open_started(struct val_ctx *ctx, struct val_rig *rig,
			const struct adx_stream_params *params, struct val_result *res)
{
	int ret = val_rig_open(rig, ctx->target, params, ADX_EXEC_VIRTUAL);

	ret = ret ? ret : val_rig_start(rig);
	if (ret)
		val_fail(res, "%s %u ch %u Hz: could not start: %d", adx_format_name(params->format),
			 params->channels, params->rate, ret);
	return ret;
}

/* Frames the module may hold back: its latency and a block each side. */
static uint64_t slack_frames(const struct val_rig *rig)
{
	return rig->mod->latency_frames + rig->mod->in_block_frames +
	       rig->mod->out_block_frames + 2u * rig->period_frames;
}

static void one_stream(struct val_ctx *ctx, struct val_result *res,
		       const struct adx_stream_params *params)
{
	struct val_rig rig;
	const uint32_t periods = 50;
	uint64_t in_frames;
	int64_t bad;
	int ret;

	if (open_started(ctx, &rig, params, res)) {
		val_rig_close(&rig);
		return;
	}
	in_frames = (uint64_t)periods * rig.period_frames;
	ret = val_run_noise(&rig, ctx->seed, periods);
	bad = val_buf_first_nonfinite(&rig.out, 0);
	if (ret || rig.mod->stats.process_errors)
		val_fail(res, "%s %u ch %u Hz: process failed (%d, last error %d)",
			 adx_format_name(params->format), params->channels, params->rate, ret,
			 rig.mod->stats.last_process_error);
	else if (rig.out.frames + slack_frames(&rig) < in_frames || rig.out.frames > in_frames)
		val_fail(res, "%s %u ch %u Hz: %llu frames out for %llu in",
			 adx_format_name(params->format), params->channels, params->rate,
			 (unsigned long long)rig.out.frames, (unsigned long long)in_frames);
	else if (bad >= 0)
		val_fail(res, "%s %u ch %u Hz: non-finite output at frame %lld for noise in",
			 adx_format_name(params->format), params->channels, params->rate,
			 (long long)bad);
	val_rig_close(&rig);
}

static void every_declared_stream(struct val_ctx *ctx, struct val_result *res)
{
	const struct adx_module_caps *caps = &ctx->target->caps;
	unsigned int streams = 0;

	for (int fmt = ADX_FMT_S16_LE; fmt <= ADX_FMT_FLOAT32; fmt++)
		for (uint16_t ch = 1; ch <= ADX_MAX_CHANNELS; ch++)
			for (int r = 0; r < ADX_MODULE_MAX_RATES && caps->rates[r]; r++) {
				struct adx_stream_params params = {
					.rate = caps->rates[r], .channels = ch,
					.format = (enum adx_sample_format)fmt,
				};

				if (!(caps->formats & ADX_FORMAT_BIT(fmt)) ||
				    !(caps->channel_mask & (1u << ch)))
					continue;
				one_stream(ctx, res, &params);
				streams++;
				if (res->failed)
					return;
			}
	if (!streams)
		val_fail(res, "the module declares no stream (formats, channels, rates)");
	else
		val_note(ctx, "%u streams", streams);
}

/* The float stream if the module takes one: the format where subnormals exist. */
static void float_params(const struct val_target *target, struct adx_stream_params *params)
{
	val_default_params(target, params);
	if (target->caps.formats & ADX_FORMAT_BIT(ADX_FMT_FLOAT32))
		params->format = ADX_FMT_FLOAT32;
}

static void silence_after_tail(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rig rig;
	const uint32_t window = 4800;   /* the last 100 ms at 48 kHz */
	uint64_t frames, from;
	double sum = 0.0, peak = 0.0;
	float *silence;
	int ret;

	float_params(ctx->target, &params);
	if (open_started(ctx, &rig, &params, res)) {
		val_rig_close(&rig);
		return;
	}
	frames = (uint64_t)params.rate * (uint64_t)(1 + ctx->strictness / 4);
	silence = calloc(frames * params.channels + 1, sizeof(float));
	ret = silence ? val_run_noise(&rig, ctx->seed, 200) : -ENOMEM;
	ret = ret ? ret : val_rig_run(&rig, silence, frames);
	free(silence);
	if (ret || rig.out.frames < window) {
		val_fail(res, "process failed during the tail: %d", ret);
		val_rig_close(&rig);
		return;
	}
	from = rig.out.frames - window;
	for (uint64_t i = from * rig.out.channels; i < rig.out.frames * rig.out.channels; i++) {
		float v = rig.out.data[i];

		if (fpclassify(v) == FP_SUBNORMAL) {
			val_fail(res, "subnormal output %g at frame %llu after a %.1f s silent tail",
				 (double)v, (unsigned long long)(i / rig.out.channels),
				 (double)frames / params.rate);
			break;
		}
		sum += v;
		peak = fabs(v) > peak ? fabs(v) : peak;
	}
	if (!res->failed && (peak > 1e-4 || fabs(sum / (window * rig.out.channels)) > 1e-6))
		val_fail(res, "after a %.1f s silent tail the output is not silent: peak %g, "
			 "DC %g", (double)frames / params.rate, peak, sum / (window * rig.out.channels));
	val_rig_close(&rig);
}

/* Noise with NaN, +Inf, -Inf and a subnormal in one period, on every channel. */
static void poison_period(float *period, uint32_t frames, uint32_t channels)
{
	static const float specials[] = { NAN, INFINITY, -INFINITY, 1e-40f };

	for (uint32_t c = 0; c < channels; c++)
		for (uint32_t k = 0; k < 4; k++)
			period[((k * frames / 4 + c) % frames) * channels + c] = specials[k];
}

static void nonfinite_does_not_persist(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rng rng = { ctx->seed };
	struct val_rig rig;
	uint64_t before, settle, total;
	float *in;
	int64_t bad;
	int ret;

	float_params(ctx->target, &params);
	if (params.format != ADX_FMT_FLOAT32) {
		val_skip(res, "no FLOAT32 stream: integer input cannot carry NaN or Inf");
		return;
	}
	if (open_started(ctx, &rig, &params, res)) {
		val_rig_close(&rig);
		return;
	}
	before = 20u * rig.period_frames;
	total = before + (uint64_t)params.rate / 2;
	in = val_noise(&rng, total, params.channels, 0.5f);
	if (!in) {
		val_rig_close(&rig);
		return;
	}
	poison_period(in + before * params.channels, rig.period_frames, params.channels);
	ret = val_rig_run(&rig, in, total);
	free(in);
	settle = before + rig.period_frames + slack_frames(&rig) + params.rate / 10;
	bad = val_buf_first_nonfinite(&rig.out, settle);
	if (ret)
		val_fail(res, "process failed after non-finite input: %d", ret);
	else if (rig.out.frames <= settle)
		val_fail(res, "too little output (%llu frames) to judge",
			 (unsigned long long)rig.out.frames);
	else if (bad >= 0)
		val_fail(res, "NaN/Inf input at frame %llu still gives non-finite output at "
			 "frame %lld (after %llu frames of allowance)", (unsigned long long)before,
			 (long long)bad, (unsigned long long)(settle - before));
	val_rig_close(&rig);
}

static void full_scale_and_dc(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rig rig;
	uint64_t frames;
	float *in;
	int64_t bad;
	int ret;

	float_params(ctx->target, &params);
	if (open_started(ctx, &rig, &params, res)) {
		val_rig_close(&rig);
		return;
	}
	frames = params.rate;   /* 0.25 s each: square, +DC, -DC, square */
	in = malloc(frames * params.channels * sizeof(float) + 1);
	if (!in) {
		val_rig_close(&rig);
		return;
	}
	for (uint64_t f = 0; f < frames; f++) {
		uint64_t quarter = f * 4 / frames;
		float v = (quarter == 1) ? 1.0f : (quarter == 2) ? -1.0f :
			  ((f / 24) % 2 ? 1.0f : -1.0f);

		for (uint32_t c = 0; c < params.channels; c++)
			in[f * params.channels + c] = v;
	}
	ret = val_rig_run(&rig, in, frames);
	free(in);
	bad = val_buf_first_nonfinite(&rig.out, 0);
	if (ret)
		val_fail(res, "process failed on full-scale input: %d", ret);
	else if (bad >= 0)
		val_fail(res, "full-scale square/DC input gives non-finite output at frame %lld",
			 (long long)bad);
	val_rig_close(&rig);
}

const struct val_check val_audio_checks[] = {
	{ "audio.every_declared_stream_runs", 2,
	  "each declared format x channels x rate prepares and processes noise to finite "
	  "output of the right length", every_declared_stream },
	{ "audio.silence_after_a_tail_is_clean", 3,
	  "silence in after a signal gives silence out: no DC, no subnormals", silence_after_tail },
	{ "audio.nonfinite_input_does_not_persist", 3,
	  "NaN, Inf and subnormal input leave the output finite once the module's latency "
	  "and 100 ms have passed", nonfinite_does_not_persist },
	{ "audio.full_scale_and_dc_stay_finite", 3,
	  "full-scale square waves and DC at both rails give finite output", full_scale_and_dc },
	{ NULL, 0, NULL, NULL },
};
