// SPDX-License-Identifier: BSD-3-Clause
/*
 * Testbench throughput: 60 s of 48 kHz stereo S32 through the default
 * pipeline (with its DP module) and through a gain-only pipeline, in virtual
 * time, side by side in one run. Prints x-realtime (audio seconds per wall
 * second of streaming, file I/O excluded) and the process's peak RSS.
 * Goals (issue 2): gain-only >= 2000x, default >= 1000x.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sndfile.h>

#include "cli/cli.h"

#define SECONDS 60
#define RATE 48000
#define REPEATS 3

static int write_input(const char *path)
{
	SF_INFO info = { .samplerate = RATE, .channels = 2,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_32 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	int32_t block[2 * 4800];
	uint32_t x = 1;

	if (!sf)
		return -1;
	for (int b = 0; b < SECONDS * 10; b++) {
		for (size_t i = 0; i < sizeof(block) / sizeof(block[0]); i++) {
			x = x * 1664525u + 1013904223u;
			block[i] = (int32_t)(x >> 2);
		}
		sf_writef_int(sf, block, 4800);
	}
	return sf_close(sf);
}

/* Best of REPEATS, so one scheduling hiccup does not set the figure. */
static double best_x_realtime(const char *in, enum tb_pipeline_kind kind, const char *out)
{
	double best = 0;

	for (int r = 0; r < REPEATS; r++) {
		struct tb_options opt;
		struct tb_result res;
		char err[512];
		double x;

		tb_options_defaults(&opt);
		opt.input = in;
		opt.output = out;
		opt.pipeline = kind;
		opt.quiet = true;
		if (tb_run(&opt, &res, err, sizeof(err)) != TB_RUN_OK) {
			fprintf(stderr, "bench-testbench: %s\n", err);
			exit(1);
		}
		x = res.audio_seconds / res.wall_seconds;
		if (x > best)
			best = x;
	}
	return best;
}

int main(void)
{
	char dir[] = "/tmp/adx-bench-XXXXXX";
	char in[64], out[64];
	struct rusage ru;
	double gain, dflt;

	if (!mkdtemp(dir))
		return 1;
	snprintf(in, sizeof(in), "%s/in.wav", dir);
	snprintf(out, sizeof(out), "%s/out.wav", dir);
	if (write_input(in)) {
		fprintf(stderr, "bench-testbench: cannot write %s\n", in);
		return 1;
	}
	gain = best_x_realtime(in, TB_PIPELINE_GAIN, out);
	dflt = best_x_realtime(in, TB_PIPELINE_DEFAULT, out);
	getrusage(RUSAGE_SELF, &ru);
	printf("testbench pipeline=gain    x_realtime=%.0f (goal >= 2000)\n", gain);
	printf("testbench pipeline=default x_realtime=%.0f (goal >= 1000)\n", dflt);
	printf("testbench peak_rss=%.1f MiB (includes the %d s input and output held in memory)\n",
	       ru.ru_maxrss / 1024.0, SECONDS);
	unlink(in);
	unlink(out);
	rmdir(dir);
	return 0;
}
