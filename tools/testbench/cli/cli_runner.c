// SPDX-License-Identifier: BSD-3-Clause
/*
 * The default pipeline run: host copier -> volume -> DP pass-through -> DAI
 * copier, fed from a file held in memory and played into memory, then saved.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adx/audio/observe.h"
#include "adx/platform/log.h"
#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/gateway.h"
#include "adx/modules/volume.h"
#include "adx/audio/pipeline.h"
#include "audio/audio_file.h"
#include "cli.h"
#include "module_loader.h"

#define HOST_GATEWAY 0
#define DAI_GATEWAY 1
#define TICKS_PER_CHUNK 1000
#define ARENA_ALIGN 64

struct memory_stream {
	uint8_t *data;
	size_t frame_bytes;
	uint64_t frames;      /* readable (host) or capacity (DAI) */
	uint64_t pos;
};

static uint32_t stream_read(void *ctx, void *dst, uint32_t frames)
{
	struct memory_stream *s = ctx;
	uint64_t n = s->frames - s->pos < frames ? s->frames - s->pos : frames;

	memcpy(dst, s->data + s->pos * s->frame_bytes, (size_t)n * s->frame_bytes);
	s->pos += n;
	return (uint32_t)n;
}

static uint32_t stream_write(void *ctx, const void *src, uint32_t frames)
{
	struct memory_stream *s = ctx;
	uint64_t n = s->frames - s->pos < frames ? s->frames - s->pos : frames;

	memcpy(s->data + s->pos * s->frame_bytes, src, (size_t)n * s->frame_bytes);
	s->pos += n;
	return (uint32_t)n;
}

struct run {
	const struct tb_options *opt;
	struct tb_audio input;
	struct tb_audio output;
	struct memory_stream in_stream;
	struct memory_stream out_stream;
	struct adx_gateway host_gw;
	struct adx_gateway dai_gw;
	void *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	bool sched_ready;
	struct adx_pipeline ppl;
	bool ppl_ready;
	struct adx_module *dp;
	struct adx_module *dai;
	struct adx_loaded_module loaded;   /* --module-lib */
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void log_to_stderr(void *ctx, enum adx_log_level level, const char *component,
			  const char *line)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	(void)ctx;
	fprintf(stderr, "adx-testbench: %s: %s: %s\n", names[level], component, line);
}

static enum tb_run_status load_input(struct run *run, char *err, size_t err_size)
{
	const struct tb_options *opt = run->opt;
	enum adx_sample_format format = opt->format;
	const struct adx_stream_params *p;

	if (!opt->format_given && tb_audio_native_format(opt->input, &format, err, err_size))
		return TB_RUN_BAD_INPUT;
	if (tb_audio_load(&run->input, opt->input, format, err, err_size))
		return TB_RUN_BAD_INPUT;
	p = &run->input.params;
	if (opt->expect_rate && opt->expect_rate != p->rate) {
		snprintf(err, err_size, "%s: sample rate %u Hz, but -r asks for %u Hz",
			 opt->input, (unsigned int)p->rate, (unsigned int)opt->expect_rate);
		return TB_RUN_BAD_INPUT;
	}
	if (opt->expect_channels && opt->expect_channels != p->channels) {
		snprintf(err, err_size, "%s: %u channels, but -c asks for %u", opt->input,
			 (unsigned int)p->channels, (unsigned int)opt->expect_channels);
		return TB_RUN_BAD_INPUT;
	}
	if (p->rate % 1000 || p->rate > 192000) {
		snprintf(err, err_size,
			 "%s: sample rate %u Hz: the 1 ms LL tick needs a multiple of 1000 Hz up to 192000",
			 opt->input, (unsigned int)p->rate);
		return TB_RUN_BAD_INPUT;
	}
	return TB_RUN_OK;
}

static int setup_heap(struct run *run)
{
	run->arena = aligned_alloc(ARENA_ALIGN, (run->opt->heap_bytes + ARENA_ALIGN - 1) &
					       ~(size_t)(ARENA_ALIGN - 1));
	if (!run->arena)
		return -ENOMEM;
	run->heap = adx_heap_init_kind(run->opt->heap_kind, run->arena, run->opt->heap_bytes);
	return run->heap ? 0 : -EINVAL;
}

static int setup_sched(struct run *run)
{
	struct adx_sched_config cfg = {
		.mode = run->opt->mode,
		.tick_us = 1000,
		.paced = run->opt->realtime,
		.try_fifo = run->opt->realtime,
	};
	int ret = adx_sched_init(&run->sched, &cfg);

	run->sched_ready = !ret;
	return ret;
}

static void setup_gateways(struct run *run)
{
	const struct adx_stream_params *p = &run->input.params;

	run->in_stream.data = run->input.samples;
	run->in_stream.frame_bytes = adx_frame_bytes(p);
	run->in_stream.frames = run->input.frames;
	run->host_gw = (struct adx_gateway){ .name = "host", .params = *p,
					     .read = stream_read, .ctx = &run->in_stream };
	run->dai_gw = (struct adx_gateway){ .name = "dai", .params = *p,
					    .write = stream_write, .ctx = &run->out_stream };
	adx_gateway_register(HOST_GATEWAY, &run->host_gw);
	adx_gateway_register(DAI_GATEWAY, &run->dai_gw);
}

static int32_t gain_q8_23(double db)
{
	return (int32_t)lround(pow(10.0, db / 20.0) * ADX_VOLUME_UNITY_Q8_23);
}

/* The DP pass-through, or the module loaded with --module-lib in its place. */
static int add_middle_stage(struct run *run, const struct adx_dp_passthrough_init *dp,
			    struct adx_module **stage)
{
	const struct adx_module_manifest *m = run->loaded.manifest;
	int ret;

	if (m)
		return adx_pipeline_add_module(&run->ppl, m->driver, m->driver->name,
					       m->init_data, m->init_data_size, stage);
	ret = adx_pipeline_add_module(&run->ppl, &adx_dp_passthrough_driver, "dp", dp,
				      sizeof(*dp), &run->dp);
	*stage = run->dp;
	return ret;
}

static int build_pipeline(struct run *run)
{
	const struct tb_options *opt = run->opt;
	const struct adx_stream_params *p = &run->input.params;
	uint32_t period = p->rate / 1000;
	uint32_t dp_ticks = opt->dp_period_us / 1000;
	uint32_t dp_buffer = 2 * (opt->dp_block_frames + dp_ticks * period) + period;
	struct adx_host_copier_init host = { .gateway_id = HOST_GATEWAY };
	struct adx_dai_copier_init dai = { .gateway_id = DAI_GATEWAY };
	struct adx_volume_config vol = { .gain_q8_23 = gain_q8_23(opt->gain_db) };
	struct adx_dp_passthrough_init dp = {
		.block_frames = opt->dp_block_frames,
		.period_us = opt->dp_period_us,
		.cycle_cost_ns = opt->dp_cost_ns,
	};
	struct adx_module *m_host, *m_vol, *m_mid = NULL;
	int ret;

	ret = adx_pipeline_create(&run->ppl, 1, "default", run->heap, &run->sched, period);
	if (ret)
		return ret;
	run->ppl_ready = true;
	adx_pipeline_set_control_model(&run->ppl, opt->control_model);
	ret = adx_pipeline_add_module(&run->ppl, &adx_host_copier_driver, "host", &host,
				      sizeof(host), &m_host);
	ret = ret ? ret : adx_pipeline_add_module(&run->ppl, &adx_volume_driver, "volume",
						  &vol, sizeof(vol), &m_vol);
	if (opt->pipeline == TB_PIPELINE_DEFAULT)
		ret = ret ? ret : add_middle_stage(run, &dp, &m_mid);
	ret = ret ? ret : adx_pipeline_add_module(&run->ppl, &adx_dai_copier_driver, "dai",
						  &dai, sizeof(dai), &run->dai);
	ret = ret ? ret : adx_pipeline_connect(&run->ppl, m_host, m_vol, p, 2 * period);
	if (opt->pipeline == TB_PIPELINE_GAIN)
		return ret ? ret : adx_pipeline_connect(&run->ppl, m_vol, run->dai, p, 2 * period);
	ret = ret ? ret : adx_pipeline_connect(&run->ppl, m_vol, m_mid, p, dp_buffer);
	ret = ret ? ret : adx_pipeline_connect(&run->ppl, m_mid, run->dai, p, dp_buffer);
	return ret;
}

static int alloc_output(struct run *run)
{
	uint64_t frames = run->input.frames + run->ppl.latency_frames;

	run->output.params = run->input.params;
	run->output.samples = malloc((size_t)frames * adx_frame_bytes(&run->input.params) + 1);
	if (!run->output.samples)
		return -ENOMEM;
	run->output.frames = frames;
	run->out_stream.data = run->output.samples;
	run->out_stream.frame_bytes = adx_frame_bytes(&run->input.params);
	run->out_stream.frames = frames;
	return 0;
}

/* Runs ticks until the DAI has played the whole input plus the latency. */
static int stream(struct run *run, struct tb_result *res)
{
	uint32_t period = run->ppl.period_frames;
	uint64_t ticks = (run->output.frames + period - 1) / period;
	struct adx_heap_stats hs;

	res->largest_free_running = SIZE_MAX;
	while (ticks) {
		uint64_t n = ticks < TICKS_PER_CHUNK ? ticks : TICKS_PER_CHUNK;
		int ret = adx_sched_run_ticks(&run->sched, n);

		if (ret < 0)
			return ret;
		ticks -= n;
		adx_heap_get_stats(run->heap, &hs);
		if (hs.largest_free_bytes < res->largest_free_running)
			res->largest_free_running = hs.largest_free_bytes;
	}
	return 0;
}

static void collect(struct run *run, struct tb_result *res)
{
	const struct adx_copier_stats *dai = adx_copier_get_stats(run->dai);

	res->params = run->input.params;
	res->frames_in = run->input.frames;
	res->frames_out = run->out_stream.pos;
	res->latency_frames = run->ppl.latency_frames;
	res->audio_seconds = (double)run->input.frames / run->input.params.rate;
	res->ticks = run->sched.stats.ticks;
	res->ll_work_max_ns = run->sched.stats.ll_work.max_ns;
	res->ll_work_p99_ns = adx_hist_percentile(&run->sched.stats.ll_work, 99.0);
	if (run->dp) {
		res->dp_cycles = adx_observe_dp_stats(run->dp)->cycles;
		res->dp_deadline_misses = adx_observe_dp_stats(run->dp)->deadline_misses;
	}
	res->underrun_frames = dai ? dai->underrun_frames : 0;
	res->fifo = run->sched.stats.fifo;
}

static void teardown(struct run *run, struct tb_result *res)
{
	if (run->ppl_ready) {
		int leaks = adx_pipeline_destroy(&run->ppl);

		res->leaked_blocks = leaks > 0 ? (uint64_t)leaks : 0;
	}
	if (run->heap) {
		adx_heap_get_stats(run->heap, &res->heap);
		res->heap_high_water = res->heap.high_water_bytes;
	}
	if (run->sched_ready)
		adx_sched_destroy(&run->sched);
	adx_module_unload(&run->loaded);
	adx_gateway_unregister(HOST_GATEWAY);
	adx_gateway_unregister(DAI_GATEWAY);
	free(run->arena);
	tb_audio_free(&run->input);
	tb_audio_free(&run->output);
}

static enum tb_run_status run_pipeline(struct run *run, struct tb_result *res,
				       char *err, size_t err_size)
{
	double start;
	int ret;

	if (setup_heap(run) || setup_sched(run)) {
		snprintf(err, err_size, "cannot set up a %zu-byte heap and the scheduler",
			 run->opt->heap_bytes);
		return TB_RUN_BAD_INPUT;
	}
	setup_gateways(run);
	if (run->opt->module_lib && run->opt->pipeline != TB_PIPELINE_DEFAULT) {
		snprintf(err, err_size, "--module-lib takes the DP stage of the default "
			 "pipeline, which --pipeline gain does not have");
		return TB_RUN_BAD_INPUT;
	}
	if (run->opt->module_lib &&
	    adx_module_load(run->opt->module_lib, &run->loaded, err, err_size))
		return TB_RUN_BAD_INPUT;
	ret = build_pipeline(run);
	ret = ret ? ret : adx_pipeline_set_state(&run->ppl, ADX_PPL_PAUSED);
	if (ret) {
		snprintf(err, err_size, "building the pipeline failed (%s); is --heap-size too small?",
			 strerror(-ret));
		return TB_RUN_BAD_INPUT;
	}
	if (alloc_output(run)) {
		snprintf(err, err_size, "out of memory for the output");
		return TB_RUN_FAILED;
	}
	start = now_seconds();
	ret = adx_pipeline_set_state(&run->ppl, ADX_PPL_RUNNING);
	ret = ret ? ret : stream(run, res);
	ret = ret ? ret : adx_pipeline_set_state(&run->ppl, ADX_PPL_PAUSED);
	res->wall_seconds = now_seconds() - start;
	collect(run, res);
	if (ret) {
		snprintf(err, err_size, "running the pipeline failed (%s)", strerror(-ret));
		return TB_RUN_FAILED;
	}
	return TB_RUN_OK;
}

enum tb_run_status tb_run(const struct tb_options *opt, struct tb_result *res,
			  char *err, size_t err_size)
{
	struct run run = { .opt = opt };
	enum tb_run_status status;

	memset(res, 0, sizeof(*res));
	adx_log_set_sink(log_to_stderr, NULL);
	adx_log_set_level(ADX_LOG_WARN);
	status = load_input(&run, err, err_size);
	if (status == TB_RUN_OK)
		status = run_pipeline(&run, res, err, err_size);
	if (status == TB_RUN_OK) {
		run.output.frames = run.out_stream.pos;
		if (tb_audio_save(&run.output, opt->output, run.input.sf_format, err, err_size))
			status = TB_RUN_FAILED;
	}
	teardown(&run, res);
	if (status == TB_RUN_OK && res->leaked_blocks) {
		snprintf(err, err_size, "%llu block(s) leaked (see the log above)",
			 (unsigned long long)res->leaked_blocks);
		status = TB_RUN_FAILED;
	}
	return status;
}

void tb_print_summary(const struct tb_options *opt, const struct tb_result *res)
{
	double x_rt = res->wall_seconds > 0 ? res->audio_seconds / res->wall_seconds : 0;

	printf("adx-testbench: %s -> %s\n", opt->input, opt->output);
	printf("  stream        %u Hz, %u ch, %s\n", (unsigned int)res->params.rate,
	       (unsigned int)res->params.channels, adx_format_name(res->params.format));
	printf("  executor      %s%s\n", opt->mode == ADX_EXEC_VIRTUAL ? "virtual time" : "threads",
	       opt->mode == ADX_EXEC_THREADS ? (res->fifo ? " (LL at SCHED_FIFO)" :
						(opt->realtime ? " (SCHED_FIFO not permitted: SCHED_OTHER)" : "")) : "");
	printf("  frames        in %llu, out %llu (latency %u frames = %.3f ms)\n",
	       (unsigned long long)res->frames_in, (unsigned long long)res->frames_out,
	       (unsigned int)res->latency_frames,
	       1000.0 * res->latency_frames / res->params.rate);
	printf("  speed         %.1fx realtime (%.3f s of audio in %.3f s)\n", x_rt,
	       res->audio_seconds, res->wall_seconds);
	printf("  heap          high-water %zu B of %zu B, largest free block while running %zu B\n",
	       res->heap_high_water, res->heap.total_bytes, res->largest_free_running);
	printf("  LL ticks      %llu, work max %.1f us, p99 %.1f us\n",
	       (unsigned long long)res->ticks, res->ll_work_max_ns / 1000.0,
	       res->ll_work_p99_ns / 1000.0);
	printf("  DP cycles     %llu, deadline misses %llu\n",
	       (unsigned long long)res->dp_cycles, (unsigned long long)res->dp_deadline_misses);
	printf("  DAI underruns %llu frames\n", (unsigned long long)res->underrun_frames);
}
