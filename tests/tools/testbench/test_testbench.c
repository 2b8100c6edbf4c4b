// SPDX-License-Identifier: BSD-3-Clause
/*
 * The testbench end to end: output equals input delayed by the stated
 * latency, bit for bit, on a real recording and on generated 2-, 6- and
 * 8-channel signals, in every sample format, in virtual time and on threads;
 * bad input is refused with the file named.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <sndfile.h>

#include "audio/audio_file.h"
#include "cli/cli.h"

#define REAL_RECORDING "/usr/share/sounds/alsa/Front_Center.wav"


static void path_in_tmp(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", tmpdir, name);
}

/* Writes a deterministic full-range signal: every sample different, extremes included. */
static void write_signal(const char *path, int rate, int channels, int subtype, int frames)
{
	SF_INFO info = { .samplerate = rate, .channels = channels,
			 .format = SF_FORMAT_WAV | subtype };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	int32_t *buf = malloc(sizeof(int32_t) * (size_t)frames * (size_t)channels);
	uint32_t x = 12345;

	assert_non_null(sf);
	for (int i = 0; i < frames * channels; i++) {
		x = x * 1664525u + 1013904223u;
		buf[i] = (int32_t)x;
	}
	buf[0] = INT32_MAX;
	buf[1] = INT32_MIN;
	if (subtype == SF_FORMAT_FLOAT) {
		float *f = (float *)buf;

		for (int i = 0; i < frames * channels; i++)
			f[i] = (float)buf[i] / 2147483648.0f;
		assert_int_equal(sf_writef_float(sf, f, frames), frames);
	} else {
		assert_int_equal(sf_writef_int(sf, buf, frames), frames);
	}
	sf_close(sf);
	free(buf);
}

static void run_ok(struct tb_options *opt, struct tb_result *res)
{
	char err[512] = "";
	enum tb_run_status st = tb_run(opt, res, err, sizeof(err));

	if (st != TB_RUN_OK)
		fail_msg("tb_run: %s", err);
}

/* out == [latency frames of silence] ++ in, compared in the pipeline format. */
static void assert_delayed_copy(const char *in_path, const char *out_path,
				enum adx_sample_format format, uint32_t latency)
{
	struct tb_audio in, out;
	char err[256];
	size_t fb;

	assert_int_equal(tb_audio_load(&in, in_path, format, err, sizeof(err)), 0);
	assert_int_equal(tb_audio_load(&out, out_path, format, err, sizeof(err)), 0);
	fb = adx_frame_bytes(&in.params);
	assert_int_equal(out.frames, in.frames + latency);
	for (size_t i = 0; i < latency * fb; i++)
		if (((uint8_t *)out.samples)[i])
			fail_msg("non-silent preroll at byte %zu", i);
	if (memcmp((uint8_t *)out.samples + latency * fb, in.samples, in.frames * fb))
		fail_msg("output differs from input delayed by %u frames", latency);
	tb_audio_free(&in);
	tb_audio_free(&out);
}

static void check_file(const char *in, const char *name, enum adx_exec_mode mode,
		       uint32_t dp_block, uint32_t dp_period_us, uint32_t expect_latency)
{
	struct tb_options opt;
	struct tb_result res;
	char out[256];
	enum adx_sample_format fmt;
	char err[256];

	path_in_tmp(out, sizeof(out), name);
	tb_options_defaults(&opt);
	opt.input = in;
	opt.output = out;
	opt.mode = mode;
	opt.quiet = true;
	opt.dp_block_frames = dp_block;
	opt.dp_period_us = dp_period_us;
	run_ok(&opt, &res);
	assert_int_equal(res.latency_frames, expect_latency);
	assert_int_equal(res.dp_deadline_misses, 0);
	assert_int_equal(res.underrun_frames, 0);
	assert_int_equal(res.leaked_blocks, 0);
	assert_int_equal(tb_audio_native_format(in, &fmt, err, sizeof(err)), 0);
	assert_delayed_copy(in, out, fmt, expect_latency);
}

static void test_real_recording_is_bit_exact_after_stated_latency(void **state)
{
	(void)state;
	if (access(REAL_RECORDING, R_OK))
		skip();
	/* block 48, deadline 1 tick: (1 - 1 + 1) * 48 */
	check_file(REAL_RECORDING, "real.wav", ADX_EXEC_VIRTUAL, 48, 1000, 48);
}

static void test_generated_multichannel_signals_are_bit_exact_in_every_format(void **state)
{
	static const struct { int channels; int subtype; const char *name; } cases[] = {
		{ 2, SF_FORMAT_PCM_16, "s16-2ch.wav" },
		{ 2, SF_FORMAT_PCM_32, "s32-2ch.wav" },
		{ 2, SF_FORMAT_FLOAT, "f32-2ch.wav" },
		{ 6, SF_FORMAT_PCM_24, "s24-6ch.wav" },
		{ 8, SF_FORMAT_PCM_32, "s32-8ch.wav" },
		{ 8, SF_FORMAT_FLOAT, "f32-8ch.wav" },
	};
	char in[256], out_name[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		path_in_tmp(in, sizeof(in), cases[i].name);
		write_signal(in, 48000, cases[i].channels, cases[i].subtype, 48000 + 17);
		snprintf(out_name, sizeof(out_name), "out-%s", cases[i].name);
		check_file(in, out_name, ADX_EXEC_VIRTUAL, 48, 1000, 48);
	}
}

/* Block 96, deadline 2 ticks: released after 2 ticks, due 2 later: (2 - 1 + 2) * 48. */
static void test_latency_follows_dp_block_and_deadline(void **state)
{
	char in[256];

	(void)state;
	path_in_tmp(in, sizeof(in), "lat.wav");
	write_signal(in, 48000, 2, SF_FORMAT_PCM_16, 10000);
	check_file(in, "lat-out.wav", ADX_EXEC_VIRTUAL, 96, 2000, 144);
	check_file(in, "lat-out2.wav", ADX_EXEC_VIRTUAL, 256, 6000, (6 - 1 + 6) * 48);
}

static void test_threads_give_same_audio_as_virtual_time(void **state)
{
	char in[256];

	(void)state;
	path_in_tmp(in, sizeof(in), "thr.wav");
	write_signal(in, 48000, 2, SF_FORMAT_PCM_32, 24000);
	check_file(in, "thr-virtual.wav", ADX_EXEC_VIRTUAL, 96, 2000, 144);
	check_file(in, "thr-threads.wav", ADX_EXEC_THREADS, 96, 2000, 144);
}

static void expect_refusal(const char *input, uint32_t rate, uint16_t channels,
			   const char *must_mention)
{
	struct tb_options opt;
	struct tb_result res;
	char err[512] = "";

	tb_options_defaults(&opt);
	opt.input = input;
	opt.expect_rate = rate;
	opt.expect_channels = channels;
	opt.quiet = true;
	assert_int_equal(tb_run(&opt, &res, err, sizeof(err)), TB_RUN_BAD_INPUT);
	if (!strstr(err, input) || !strstr(err, must_mention))
		fail_msg("error '%s' should name %s and mention '%s'", err, input, must_mention);
}

static void test_bad_input_is_refused_naming_the_file_and_problem(void **state)
{
	char path[256], garbage[256];
	FILE *f;

	(void)state;
	path_in_tmp(path, sizeof(path), "r44.wav");
	write_signal(path, 44100, 2, SF_FORMAT_PCM_16, 1000);
	expect_refusal(path, 0, 0, "44100 Hz");
	path_in_tmp(path, sizeof(path), "r48.wav");
	write_signal(path, 48000, 2, SF_FORMAT_PCM_16, 1000);
	expect_refusal(path, 96000, 0, "-r asks for 96000");
	expect_refusal(path, 0, 6, "-c asks for 6");
	path_in_tmp(garbage, sizeof(garbage), "garbage.wav");
	f = fopen(garbage, "w");
	fputs("this is not audio", f);
	fclose(f);
	expect_refusal(garbage, 0, 0, "");
	expect_refusal("/nonexistent/x.wav", 0, 0, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_recording_is_bit_exact_after_stated_latency),
		cmocka_unit_test(test_generated_multichannel_signals_are_bit_exact_in_every_format),
		cmocka_unit_test(test_latency_follows_dp_block_and_deadline),
		cmocka_unit_test(test_threads_give_same_audio_as_virtual_time),
		cmocka_unit_test(test_bad_input_is_refused_naming_the_file_and_problem),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
