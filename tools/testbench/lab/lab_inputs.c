// SPDX-License-Identifier: BSD-3-Clause
/*
 * Inputs of a scenario's host endpoints, in each pipeline's format: files
 * read through libsndfile, converted first with sox when their rate or
 * channel count differs from the pipeline's (or libsndfile cannot read them),
 * and generated signals where a property must be measured.
 */
#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sndfile.h>

#include "lab.h"

extern char **environ;

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static int generate(const struct tb_signal *sig, const struct adx_stream_params *fmt,
		    struct tb_audio *out)
{
	uint64_t frames = (uint64_t)llround(sig->seconds * fmt->rate);
	size_t samples = (size_t)frames * fmt->channels;
	float *f = malloc(samples * sizeof(float) + 1);
	double amp = pow(10.0, sig->level_dbfs / 20.0);
	uint32_t x = sig->seed ? sig->seed : 1;

	if (!f)
		return -ENOMEM;
	for (uint64_t i = 0; i < frames; i++) {
		for (unsigned int c = 0; c < fmt->channels; c++) {
			double v = 0;

			if (sig->kind == TB_SIGNAL_SINE) {
				v = amp * sin(2 * M_PI * sig->freq_hz * (double)i / fmt->rate);
			} else if (sig->kind == TB_SIGNAL_NOISE) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				v = amp * ((double)x / 2147483648.0 - 1.0);
			}
			f[i * fmt->channels + c] = (float)v;
		}
	}
	out->params = *fmt;
	out->frames = frames;
	out->sf_format = SF_FORMAT_WAV | (fmt->format == ADX_FMT_S16_LE ? SF_FORMAT_PCM_16 :
					  fmt->format == ADX_FMT_FLOAT32 ? SF_FORMAT_FLOAT :
					  SF_FORMAT_PCM_32);
	out->samples = malloc(samples * adx_sample_bytes(fmt->format) + 1);
	if (!out->samples) {
		free(f);
		return -ENOMEM;
	}
	adx_from_float(fmt->format, f, out->samples, samples);
	free(f);
	return 0;
}

/* True when libsndfile reads the file as it is, at the pipeline's rate and channels. */
static bool readable_as_is(const char *path, const struct adx_stream_params *fmt)
{
	SF_INFO info = { 0 };
	SNDFILE *sf = sf_open(path, SFM_READ, &info);

	if (!sf)
		return false;
	sf_close(sf);
	return (uint32_t)info.samplerate == fmt->rate && info.channels == fmt->channels;
}

/* sox IN -r RATE -c CH -b 32 -e signed-integer OUT.wav, without a shell. */
static int sox_convert(const char *in, const char *out, const struct adx_stream_params *fmt,
		       uint32_t seconds, char *err, size_t err_size)
{
	char rate[16], ch[8], len[16];
	char *argv[] = { "sox", "-q", "-V1", (char *)in, "-r", rate, "-c", ch, "-b", "32",
			 "-e", "signed-integer", (char *)out, "trim", "0", len, NULL };
	pid_t pid;
	int status;

	snprintf(rate, sizeof(rate), "%u", (unsigned int)fmt->rate);
	snprintf(ch, sizeof(ch), "%u", (unsigned int)fmt->channels);
	snprintf(len, sizeof(len), "%u", (unsigned int)seconds);
	if (posix_spawnp(&pid, "sox", NULL, NULL, argv, environ)) {
		snprintf(err, err_size, "%s: needs converting to %s Hz, %s channels, but sox "
			 "cannot be run (install sox)", in, rate, ch);
		return -ENOENT;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, err_size, "%s: sox could not convert it to %s Hz, %s channels",
			 in, rate, ch);
		return -EIO;
	}
	return 0;
}

/*
 * A converted file is cut to what the scenario can play (its length plus a
 * second), so a long recording costs no more than the run needs.
 */
static int load_file(const struct tb_scenario *sc, const struct tb_pipeline_spec *p,
		     const char *cache_dir, struct tb_audio *out, char *err, size_t err_size)
{
	uint32_t seconds = (uint32_t)(lab_run_ticks(sc, 0) / 1000) + 1;
	const char *base = strrchr(p->host.path, '/') ? strrchr(p->host.path, '/') + 1 :
			   p->host.path;
	char converted[1024];
	struct stat st;
	int ret;

	if (readable_as_is(p->host.path, &p->format))
		return tb_audio_load(out, p->host.path, p->format.format, err, err_size);
	snprintf(converted, sizeof(converted), "%s/%.*s-%u-%uch-%us.wav", cache_dir,
		 (int)strcspn(base, "."), base, (unsigned int)p->format.rate,
		 (unsigned int)p->format.channels, (unsigned int)seconds);
	if (stat(converted, &st)) {
		mkdir(cache_dir, 0777);
		ret = sox_convert(p->host.path, converted, &p->format, seconds, err, err_size);
		if (ret)
			return ret;
	}
	return tb_audio_load(out, converted, p->format.format, err, err_size);
}

/* An earlier pipeline that reads the same file in the same format, or -1. */
static int same_input(const struct tb_scenario *sc, int i)
{
	const struct tb_pipeline_spec *p = &sc->pipelines[i];

	for (int j = 0; j < i && !p->host.generated; j++) {
		const struct tb_pipeline_spec *q = &sc->pipelines[j];

		if (!q->host.generated && !strcmp(p->host.path, q->host.path) &&
		    adx_stream_params_equal(&p->format, &q->format))
			return j;
	}
	return -1;
}

int lab_inputs_load(const struct tb_scenario *sc, const char *cache_dir,
		    struct tb_audio *inputs, char *err, size_t err_size)
{
	memset(inputs, 0, sizeof(*inputs) * (size_t)sc->num_pipelines);
	for (int i = 0; i < sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *p = &sc->pipelines[i];
		int same = same_input(sc, i);
		int ret;

		if (same >= 0) {
			inputs[i] = inputs[same];   /* shared: freed once (lab_inputs_free) */
			continue;
		}
		ret = p->host.generated ? generate(&p->host.signal, &p->format, &inputs[i]) :
		      load_file(sc, p, cache_dir, &inputs[i], err, err_size);

		if (!ret && !inputs[i].frames) {
			snprintf(err, err_size, "%s: no audio in it", p->host.path);
			ret = -EINVAL;
		}
		if (ret) {
			if (ret == -ENOMEM)
				snprintf(err, err_size, "out of memory for the inputs");
			lab_inputs_free(sc, inputs);
			return ret;
		}
	}
	return 0;
}

void lab_inputs_free(const struct tb_scenario *sc, struct tb_audio *inputs)
{
	for (int i = sc->num_pipelines - 1; i >= 0; i--) {
		bool shared = false;

		for (int j = 0; j < i; j++)
			shared |= inputs[j].samples && inputs[j].samples == inputs[i].samples;
		if (!shared)
			tb_audio_free(&inputs[i]);
	}
}
