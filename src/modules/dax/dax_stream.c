// SPDX-License-Identifier: BSD-3-Clause
/*
 * DP side of the DAX module: the pipeline delivers 48 frames per cycle, the
 * engine takes 256, so input gathers in `block` and output leaves through
 * the `out` ring, which starts with ADX_DAX_BUFFER_FRAMES of silence. With
 * P = 48 and B = 256 a block completes when the input count crosses a
 * multiple of B, and at that moment at most B - gcd(B, P) = 240 frames of
 * the period are owed, which is exactly what the preroll covers: every
 * cycle finds 48 frames to emit, and the delay is constant.
 *
 * The pipeline states the module's latency and the DAI copier plays that
 * much silence itself before it reads (include/adx/audio/pipeline.h), so the
 * module does not emit the lead-in: the first ADX_DAX_LATENCY_FRAMES frames
 * it produces (preroll, dry delay, engine latency: all silence) are dropped.
 *
 * Every block renders the dry path (copy or downmix) and delays it by the
 * engine's latency, so processed and bypassed audio share one timeline and
 * the module's latency is ADX_DAX_LATENCY_FRAMES either way. Which one
 * plays:
 *   engine and enabled   the engine's output. An engine whose audio history
 *                        is not this stream's (just installed mid-stream,
 *                        or idle while disabled) first runs one block
 *                        silently to warm up, then crossfades in;
 *   engine, disabled     the dry path, crossfaded from the engine's output
 *                        on the first such block (the module, not the
 *                        engine, bypasses: the engine's own disabled path
 *                        has no latency and would shift the timeline);
 *   no engine memory     the dry path; if the engine played the previous
 *                        block, the queued tail fades out and the dry path
 *                        fades in (there is no engine left to crossfade from).
 */
#include <errno.h>
#include <string.h>

#include "dax_priv.h"

#define ALIGN 16u

static size_t align_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* Bytes of each buffer, in carving order. */
static void buffer_sizes(uint32_t in_channels, enum adx_sample_format format, size_t sizes[6])
{
	size_t in_fb = in_channels * adx_sample_bytes(format);
	size_t out_fb = DAX_OUT_CHANNELS * adx_sample_bytes(format);

	sizes[0] = align_up(DAX_BLOCK_FRAMES * in_fb);               /* block */
	sizes[1] = align_up(DAX_BLOCK_FRAMES * out_fb);              /* wet */
	sizes[2] = align_up(DAX_BLOCK_FRAMES * out_fb);              /* dry_now */
	sizes[3] = align_up(DAX_BLOCK_FRAMES * out_fb);              /* dry */
	sizes[4] = align_up(ADX_DSP_LATENCY_FRAMES * out_fb);        /* dry_hist */
	sizes[5] = align_up((DAX_TICK_FRAMES + DAX_OUT_FIFO_FRAMES) * out_fb); /* emit + out */
}

size_t dax_stream_bytes(uint32_t in_channels, enum adx_sample_format format)
{
	size_t sizes[6], total = 0;

	buffer_sizes(in_channels, format, sizes);
	for (int i = 0; i < 6; i++)
		total += sizes[i];
	return total;
}

void dax_stream_setup(struct dax_stream *s, void *storage, uint32_t in_channels,
		      enum adx_sample_format format)
{
	uint8_t *p = storage;
	size_t sizes[6];

	buffer_sizes(in_channels, format, sizes);
	memset(s, 0, sizeof(*s));
	s->storage = storage;
	s->format = format;
	s->in_channels = in_channels;
	s->in_frame_bytes = in_channels * (uint32_t)adx_sample_bytes(format);
	s->out_frame_bytes = DAX_OUT_CHANNELS * (uint32_t)adx_sample_bytes(format);
	s->block = p;
	s->wet = p += sizes[0];
	s->dry_now = p += sizes[1];
	s->dry = p += sizes[2];
	s->dry_hist = p += sizes[3];
	s->emit = p += sizes[4];
	memset(s->dry_hist, 0, ADX_DSP_LATENCY_FRAMES * s->out_frame_bytes);
	dax_fifo_init(&s->out, s->emit + DAX_TICK_FRAMES * s->out_frame_bytes,
		      s->out_frame_bytes, DAX_OUT_FIFO_FRAMES);
	dax_fifo_push_silence(&s->out, ADX_DAX_BUFFER_FRAMES);
	s->lead_in = ADX_DAX_LATENCY_FRAMES;
	s->source = DAX_SRC_SILENT;
}

/* dry = the dry render delayed by the engine's latency (history carried over). */
static void delay_dry(struct dax_stream *s)
{
	size_t fb = s->out_frame_bytes;
	size_t hist = ADX_DSP_LATENCY_FRAMES * fb;
	size_t rest = (DAX_BLOCK_FRAMES - ADX_DSP_LATENCY_FRAMES) * fb;

	memcpy(s->dry, s->dry_hist, hist);
	memcpy(s->dry + hist, s->dry_now, rest);
	memcpy(s->dry_hist, s->dry_now + rest, hist);
}

/* Fades the queued, not yet emitted frames down to silence (at most one fade). */
static void fade_out_tail(struct dax_stream *s)
{
	uint32_t n = s->out.count < ADX_DAX_FADE_FRAMES ? s->out.count : ADX_DAX_FADE_FRAMES;
	uint32_t first = s->out.count - n;

	for (uint32_t i = 0; i < n; i++)
		dax_gain_frame(s->format, dax_fifo_frame(&s->out, first + i),
			       (float)(n - 1 - i) / (float)n);
}

static void run_engine(struct dax *d, struct dax_engine *e)
{
	struct dax_stream *s = &d->stream;

	adx_module_sync_point("dax.engine.process");
	adx_dsp_process(e->dsp, s->block, s->wet);
	if (!e->blocks_run) {
		uint64_t now = atomic_load_explicit(&d->counters.frames_in, memory_order_relaxed);

		atomic_store_explicit(&d->counters.switch_to_first_frames,
				      now - e->installed_at_frame, memory_order_relaxed);
		dax_count(&d->counters.switches_measured, 1);
	}
	e->blocks_run++;
	dax_count(&d->counters.processed_frames, DAX_BLOCK_FRAMES);
}

/* The dry path plays; a switch away from the engine's output dips. */
static const void *play_dry(struct dax_stream *s)
{
	if (s->source == DAX_SRC_WET) {
		fade_out_tail(s);
		dax_fade_in(s->format, s->dry, ADX_DAX_FADE_FRAMES);
	}
	s->source = DAX_SRC_DRY;
	return s->dry;
}

/* Engine enabled: its output plays, after a warm-up block if its history is stale. */
static const void *play_engine(struct dax *d, struct dax_engine *e)
{
	struct dax_stream *s = &d->stream;
	bool in_sync = s->warm_seq == e->install_seq || (s->blocks == 0 && e->blocks_run == 0);

	if (!in_sync && e->blocks_run)
		adx_dsp_reset(e->dsp); /* drop audio from before it sat idle */
	run_engine(d, e);
	if (!in_sync)
		return play_dry(s);
	if (s->source == DAX_SRC_DRY)
		dax_crossfade(s->format, s->dry, s->wet, ADX_DAX_FADE_FRAMES);
	s->source = DAX_SRC_WET;
	return s->wet;
}

/* Engine present but disabled: crossfade out of its output once, then dry. */
static const void *play_disabled(struct dax *d, struct dax_engine *e)
{
	struct dax_stream *s = &d->stream;

	if (s->source != DAX_SRC_WET)
		return play_dry(s);
	run_engine(d, e);
	dax_crossfade(s->format, s->wet, s->dry, ADX_DAX_FADE_FRAMES);
	s->source = DAX_SRC_DRY;
	return s->dry;
}

static int run_block(struct dax *d, struct dax_engine *e)
{
	struct dax_stream *s = &d->stream;
	uint64_t runs_before = e ? e->blocks_run : 0;
	const void *out;

	dax_dry_render(s->format, s->in_channels, s->block, s->dry_now, DAX_BLOCK_FRAMES);
	delay_dry(s);
	if (e) {
		dax_engine_apply(d, e);
		out = d->dp_controls.values.enable ? play_engine(d, e) : play_disabled(d, e);
	} else {
		out = play_dry(s);
		dax_count(&d->counters.bypassed_frames, DAX_BLOCK_FRAMES);
		d->mod->stats.bypassed_frames += DAX_BLOCK_FRAMES;
	}
	s->warm_seq = e && e->blocks_run != runs_before ? e->install_seq : 0;
	s->blocks++;
	return dax_fifo_push(&s->out, out, DAX_BLOCK_FRAMES);
}

/* Reads `frames` of input into the block, running it when it fills. */
static int gather(struct dax *d, struct adx_source *source, struct dax_engine *e)
{
	struct dax_stream *s = &d->stream;
	uint32_t left = DAX_TICK_FRAMES;
	int ret;

	while (left) {
		uint32_t n = DAX_BLOCK_FRAMES - s->block_fill;

		n = n < left ? n : left;
		ret = adx_source_read(source, s->block + (size_t)s->block_fill * s->in_frame_bytes,
				      (size_t)n * s->in_frame_bytes);
		if (ret)
			return ret;
		s->block_fill += n;
		left -= n;
		dax_count(&d->counters.frames_in, n);
		if (s->block_fill == DAX_BLOCK_FRAMES) {
			s->block_fill = 0;
			ret = run_block(d, e);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int dax_stream_cycle(struct dax *d, struct adx_source *source, struct adx_sink *sink,
		     struct dax_engine *engine)
{
	struct dax_stream *s = &d->stream;
	uint32_t skip;
	int ret;

	ret = gather(d, source, engine);
	if (ret)
		return ret;
	ret = dax_fifo_pop(&s->out, s->emit, DAX_TICK_FRAMES);
	if (ret)
		return ret;
	skip = s->lead_in < DAX_TICK_FRAMES ? s->lead_in : DAX_TICK_FRAMES;
	s->lead_in -= skip;
	if (skip == DAX_TICK_FRAMES)
		return 0;
	return adx_sink_write(sink, s->emit + (size_t)skip * s->out_frame_bytes,
			      (size_t)(DAX_TICK_FRAMES - skip) * s->out_frame_bytes);
}
