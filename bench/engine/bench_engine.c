// SPDX-License-Identifier: BSD-3-Clause
/*
 * bench-engine: memory, speed and instruction counts of the enhancement
 * engine per configuration, and a comparison with sox.
 *
 *   bench_engine [--seconds S] [--callgrind SCRIPT]   the table
 *   bench_engine --measure CONFIG --seconds S         one run (for callgrind)
 *
 * Configurations: 2 ch speaker with CTC, 2 ch headphone, 8 ch headphone
 * (all S16, content processing on, 10 EQ bands, volume, limiter), the
 * disabled engine, and a plain copy of the same periods for reference.
 * x-realtime is wall-clock (processing only); instructions per second of
 * audio come from callgrind via the script. The sox row runs sox on the
 * same input with a comparable chain (10 x equalizer, compand, gain), minus
 * sox with no effects on the same file, against the 2 ch speaker chain.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adx/dsp/engine.h"
#include "adx/dsp/tuning.h"

#define N ADX_DSP_PERIOD_FRAMES
#define RATE 48000u
#define PI 3.14159265358979323846

enum config_id { CFG_SPEAKER_CTC, CFG_SPEAKER_LOUD, CFG_HEADPHONE_2, CFG_HEADPHONE_8, CFG_DISABLED, CFG_COPY, CFG_COUNT };

struct config {
	const char *name;
	uint32_t channels;
	uint32_t device;
	uint32_t ctc;
	uint32_t enable;
	uint32_t loud;        /* at the +24 dB volume limit: the limiter works every period */
	double goal_minstr;   /* M instructions per second of audio; 0 = none */
};

static const struct config configs[CFG_COUNT] = {
	[CFG_SPEAKER_CTC] = { "2ch-speaker-ctc", 2, ADX_DSP_DEVICE_SPEAKER, 1, 1, 0, 25.0 },
	[CFG_SPEAKER_LOUD] = { "2ch-speaker-loud", 2, ADX_DSP_DEVICE_SPEAKER, 1, 1, 1, 0.0 },
	[CFG_HEADPHONE_2] = { "2ch-headphone", 2, ADX_DSP_DEVICE_HEADPHONE, 0, 1, 0, 0.0 },
	[CFG_HEADPHONE_8] = { "8ch-headphone", 8, ADX_DSP_DEVICE_HEADPHONE, 0, 1, 0, 100.0 },
	[CFG_DISABLED] = { "disabled", 2, ADX_DSP_DEVICE_SPEAKER, 0, 0, 0, 0.0 },
	[CFG_COPY] = { "plain-copy", 2, 0, 0, 0, 0, 0.0 },
};

struct run {
	struct adx_dsp *engine;
	void *persistent, *scratch;
	size_t persistent_bytes, scratch_bytes;
	int16_t *in, *out;
	uint32_t periods, channels;
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A 10-band EQ for every set, like the sox chain's. */
static void ten_band_blob(uint32_t *w, size_t *bytes)
{
	static const float freqs[10] = { 31, 62, 125, 250, 500, 1000, 2000, 4000, 8000, 16000 };
	static const float gains[10] = { 3, 2, 1, -1, -2, 0, 1, 2, 3, 1 };
	size_t n = 0;
	uint32_t i;

	w[n++] = ADX_TUNING_EQ;
	w[n++] = 8u + 4u * (3u + 40u);
	w[n++] = ADX_TUNING_ANY;
	w[n++] = ADX_TUNING_ANY;
	w[n++] = 10;
	for (i = 0; i < 10; i++) {
		float q = 1.0f;

		w[n++] = ADX_EQ_PEAKING;
		memcpy(&w[n++], &freqs[i], 4);
		memcpy(&w[n++], &gains[i], 4);
		memcpy(&w[n++], &q, 4);
	}
	*bytes = n * 4u;
}

/* Music-like input: tones and noise at about -20 dBFS RMS. */
static void make_input(int16_t *x, uint32_t frames, uint32_t channels)
{
	uint32_t seed = 1u, i, c;

	for (i = 0; i < frames; i++) {
		double t = (double)i / RATE;
		double tone = 0.2 * sin(2 * PI * 220.0 * t) + 0.1 * sin(2 * PI * 1760.0 * t);

		for (c = 0; c < channels; c++) {
			seed = seed * 1664525u + 1013904223u;
			x[i * channels + c] = (int16_t)(3000.0 * tone / 0.3 +
							(double)((int32_t)seed >> 20));
		}
	}
}

static int setup(struct run *r, enum config_id id, double seconds)
{
	const struct config *c = &configs[id];
	struct adx_dsp_config cfg = { RATE, c->channels, 2, ADX_DSP_S16_LE };
	uint32_t blob[64];
	size_t blob_bytes;

	memset(r, 0, sizeof(*r));
	r->channels = c->channels;
	r->periods = (uint32_t)(seconds * RATE / N);
	r->in = malloc((size_t)r->periods * N * c->channels * sizeof(int16_t));
	r->out = malloc((size_t)r->periods * N * 2 * sizeof(int16_t));
	if (!r->in || !r->out)
		return -1;
	make_input(r->in, r->periods * N, c->channels);
	r->persistent_bytes = adx_dsp_persistent_bytes(&cfg);
	r->scratch_bytes = adx_dsp_scratch_bytes(&cfg);
	if (id == CFG_COPY)
		return 0;
	r->persistent = aligned_alloc(ADX_DSP_ALIGN, r->persistent_bytes);
	r->scratch = aligned_alloc(ADX_DSP_ALIGN, r->scratch_bytes);
	if (!r->persistent || !r->scratch ||
	    adx_dsp_init(&r->engine, &cfg, r->persistent, r->persistent_bytes, r->scratch,
			 r->scratch_bytes))
		return -1;
	ten_band_blob(blob, &blob_bytes);
	if (adx_dsp_set_tuning(r->engine, blob, blob_bytes, NULL) ||
	    adx_dsp_set_device(r->engine, c->device) || adx_dsp_set_ctc_enable(r->engine, c->ctc) ||
	    adx_dsp_set_enable(r->engine, c->enable) ||
	    adx_dsp_set_volume(r->engine, c->loud ? ADX_DSP_VOLUME_MAX : ADX_DSP_VOLUME_UNITY))
		return -1;
	/* Settle controls (dips, fades) before anything is measured. */
	adx_dsp_reset(r->engine);
	return 0;
}

static void teardown(struct run *r)
{
	free(r->in);
	free(r->out);
	free(r->persistent);
	free(r->scratch);
}

/* The plain copy a pass-through module would do, one period at a time. */
__attribute__((noinline)) void bench_plain_copy(void *out, const void *in, size_t bytes);
__attribute__((noinline)) void bench_plain_copy(void *out, const void *in, size_t bytes)
{
	memcpy(out, in, bytes);
}

static void process_all(struct run *r, enum config_id id)
{
	uint32_t p;

	for (p = 0; p < r->periods; p++) {
		const int16_t *in = r->in + (size_t)p * N * r->channels;
		int16_t *out = r->out + (size_t)p * N * 2;

		if (id == CFG_COPY)
			bench_plain_copy(out, in, N * 2 * sizeof(int16_t));
		else
			adx_dsp_process(r->engine, in, out);
	}
}

static int find_config(const char *name)
{
	int i;

	for (i = 0; i < CFG_COUNT; i++)
		if (strcmp(configs[i].name, name) == 0)
			return i;
	return -1;
}

static int measure(const char *name, double seconds)
{
	int id = find_config(name);
	struct run r;

	if (id < 0 || setup(&r, (enum config_id)id, seconds))
		return 1;
	process_all(&r, (enum config_id)id);
	teardown(&r);
	return 0;
}

static double x_realtime(enum config_id id, double seconds, struct run *sizes)
{
	struct run r;
	double best = 1e30, t;
	int rep;

	if (setup(&r, id, seconds))
		return 0.0;
	for (rep = 0; rep < 3; rep++) {
		t = now_s();
		process_all(&r, id);
		t = now_s() - t;
		best = t < best ? t : best;
	}
	*sizes = r;
	teardown(&r);
	return seconds / best;
}

static double callgrind_minstr(const char *script, const char *self, enum config_id id)
{
	char command[8192];
	double instr = -1.0;
	FILE *p;

	snprintf(command, sizeof(command), "%s %s %s 2 %s", script, self, configs[id].name,
		 id == CFG_COPY ? "bench_plain_copy" : "adx_dsp_process");
	p = popen(command, "r");
	if (!p)
		return -1.0;
	if (fscanf(p, "%lf", &instr) != 1)
		instr = -1.0;
	pclose(p);
	return instr / 1e6;
}

static void write_wav(const char *path, const int16_t *x, uint32_t frames)
{
	uint32_t data = frames * 4u, v32;
	uint16_t v16;
	FILE *f = fopen(path, "wb");

	if (!f)
		return;
	fwrite("RIFF", 1, 4, f); v32 = 36u + data; fwrite(&v32, 4, 1, f);
	fwrite("WAVEfmt ", 1, 8, f); v32 = 16; fwrite(&v32, 4, 1, f);
	v16 = 1; fwrite(&v16, 2, 1, f); v16 = 2; fwrite(&v16, 2, 1, f);
	v32 = RATE; fwrite(&v32, 4, 1, f); v32 = RATE * 4u; fwrite(&v32, 4, 1, f);
	v16 = 4; fwrite(&v16, 2, 1, f); v16 = 16; fwrite(&v16, 2, 1, f);
	fwrite("data", 1, 4, f); fwrite(&data, 4, 1, f);
	fwrite(x, 4, frames, f);
	fclose(f);
}

/* Best of three wall-clock runs of a shell command; < 0 if it failed. */
static double time_command(const char *command)
{
	double best = 1e30, t;
	int rep;

	for (rep = 0; rep < 3; rep++) {
		t = now_s();
		if (system(command) != 0)
			return -1.0;
		t = now_s() - t;
		best = t < best ? t : best;
	}
	return best;
}

static void sox_comparison(double seconds)
{
	static const char effects[] =
		"equalizer 31 1q 3 equalizer 62 1q 2 equalizer 125 1q 1 equalizer 250 1q -1 "
		"equalizer 500 1q -2 equalizer 1000 1q 0 equalizer 2000 1q 1 equalizer 4000 1q 2 "
		"equalizer 8000 1q 3 equalizer 16000 1q 1 "
		"compand 0.3,1 6:-70,-60,-20 -5 -90 0.2 gain -n -1";
	char in_path[64], out_path[64], command[1024];
	double plain, full, adx_s;
	struct run r, sizes;

	if (setup(&r, CFG_SPEAKER_CTC, seconds))
		return;
	snprintf(in_path, sizeof(in_path), "/tmp/adx-bench-%d-in.wav", (int)getpid());
	snprintf(out_path, sizeof(out_path), "/tmp/adx-bench-%d-out.wav", (int)getpid());
	write_wav(in_path, r.in, r.periods * N);
	snprintf(command, sizeof(command), "sox -q %s %s", in_path, out_path);
	plain = time_command(command);
	snprintf(command, sizeof(command), "sox -q %s %s %s", in_path, out_path, effects);
	full = time_command(command);
	adx_s = seconds / x_realtime(CFG_SPEAKER_CTC, seconds, &sizes);
	remove(in_path);
	remove(out_path);
	teardown(&r);
	if (plain < 0 || full < 0) {
		printf("sox: not runnable, comparison skipped\n");
		return;
	}
	printf("\nsox on %.0f s of 2 ch S16 (10 x equalizer + compand + gain), minus sox with no effects:\n"
	       "  sox effects %.3f s (%.3f - %.3f), adx 2ch-speaker-ctc %.3f s: adx %.1fx faster (goal >= 2x) %s\n",
	       seconds, full - plain, full, plain, adx_s, (full - plain) / adx_s,
	       (full - plain) / adx_s >= 2.0 ? "ok" : "MISSED");
}

static void table(double seconds, const char *script, const char *self)
{
	double minstr[CFG_COUNT];
	int id;

	printf("adx engine bench: %.0f s of audio per configuration, S16, 48 kHz\n", seconds);
	printf("%-16s %12s %10s %12s %14s  %s\n", "config", "persistent B", "scratch B",
	       "x-realtime", "M instr/s", "goal");
	for (id = 0; id < CFG_COUNT; id++)
		minstr[id] = script ? callgrind_minstr(script, self, (enum config_id)id) : -1.0;
	for (id = 0; id < CFG_COUNT; id++) {
		const struct config *c = &configs[id];
		struct run sizes;
		double xrt = x_realtime((enum config_id)id, seconds, &sizes);
		char goal[64] = "";

		if (c->goal_minstr > 0 && minstr[id] >= 0)
			snprintf(goal, sizeof(goal), "<= %.0f M %s", c->goal_minstr,
				 minstr[id] <= c->goal_minstr ? "ok" : "MISSED");
		if (id == CFG_DISABLED && minstr[id] >= 0 && minstr[CFG_COPY] > 0)
			snprintf(goal, sizeof(goal), "%.2fx copy (<= 1.5x) %s",
				 minstr[id] / minstr[CFG_COPY],
				 minstr[id] <= 1.5 * minstr[CFG_COPY] ? "ok" : "MISSED");
		printf("%-16s %12zu %10zu %12.1f %14.2f  %s\n", c->name,
		       id == CFG_COPY ? (size_t)0 : sizes.persistent_bytes,
		       id == CFG_COPY ? (size_t)0 : sizes.scratch_bytes, xrt, minstr[id], goal);
	}
	if (!script)
		printf("(no callgrind script given: instruction counts not measured)\n");
}

int main(int argc, char **argv)
{
	const char *script = NULL, *config = NULL;
	double seconds = 20.0;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--seconds") == 0)
			seconds = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--callgrind") == 0)
			script = argv[i + 1];
		else if (strcmp(argv[i], "--measure") == 0)
			config = argv[i + 1];
	}
	if (seconds <= 0.0)
		return 2;
	if (config)
		return measure(config, seconds);
	{
		/* The script runs this program again, so it needs our real path. */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0)
			return 1;
		self[n] = '\0';
		table(seconds, script, self);
	}
	sox_comparison(seconds);
	return 0;
}
