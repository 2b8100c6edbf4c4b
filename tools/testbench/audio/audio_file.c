// SPDX-License-Identifier: BSD-3-Clause
/* Audio file I/O for the testbench, through libsndfile. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sndfile.h>

#include "audio_file.h"

static int fail(char *err, size_t err_size, const char *path, const char *what)
{
	snprintf(err, err_size, "%s: %s", path, what);
	return -EINVAL;
}

static enum adx_sample_format native_of(int sf_format)
{
	switch (sf_format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
	case SF_FORMAT_PCM_16:
		return ADX_FMT_S16_LE;
	case SF_FORMAT_FLOAT:
	case SF_FORMAT_DOUBLE:
		return ADX_FMT_FLOAT32;
	default:
		return ADX_FMT_S32_LE;
	}
}

int tb_audio_native_format(const char *path, enum adx_sample_format *format,
			   char *err, size_t err_size)
{
	SF_INFO info = { 0 };
	SNDFILE *sf = sf_open(path, SFM_READ, &info);

	if (!sf)
		return fail(err, err_size, path, sf_strerror(NULL));
	*format = native_of(info.format);
	sf_close(sf);
	return 0;
}

static sf_count_t read_frames(SNDFILE *sf, enum adx_sample_format format,
			      void *dst, sf_count_t frames)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		return sf_readf_short(sf, dst, frames);
	case ADX_FMT_S32_LE:
		return sf_readf_int(sf, dst, frames);
	case ADX_FMT_FLOAT32:
		return sf_readf_float(sf, dst, frames);
	}
	return -1;
}

int tb_audio_load(struct tb_audio *audio, const char *path,
		  enum adx_sample_format format, char *err, size_t err_size)
{
	SF_INFO info = { 0 };
	SNDFILE *sf;
	size_t frame_bytes;

	memset(audio, 0, sizeof(*audio));
	sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		return fail(err, err_size, path, sf_strerror(NULL));
	if (info.channels < 1 || info.channels > ADX_MAX_CHANNELS || info.samplerate <= 0) {
		char what[96];

		snprintf(what, sizeof(what), "%d channels: adx pipelines carry 1 to %d",
			 info.channels, ADX_MAX_CHANNELS);
		sf_close(sf);
		return fail(err, err_size, path, what);
	}
	audio->params.rate = (uint32_t)info.samplerate;
	audio->params.channels = (uint16_t)info.channels;
	audio->params.format = format;
	audio->sf_format = info.format;
	frame_bytes = adx_frame_bytes(&audio->params);
	if (info.frames < 0 || (uint64_t)info.frames > SIZE_MAX / frame_bytes) {
		sf_close(sf);
		return fail(err, err_size, path, "too long to hold in memory");
	}
	audio->samples = malloc((size_t)info.frames * frame_bytes + 1);
	if (!audio->samples) {
		sf_close(sf);
		return fail(err, err_size, path, "out of memory");
	}
	audio->frames = (uint64_t)read_frames(sf, format, audio->samples, info.frames);
	sf_close(sf);
	if (audio->frames != (uint64_t)info.frames) {
		tb_audio_free(audio);
		return fail(err, err_size, path, "truncated: fewer frames than the header says");
	}
	return 0;
}

static int major_for_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot)
		return 0;
	if (!strcasecmp(dot, ".wav"))
		return SF_FORMAT_WAV;
	if (!strcasecmp(dot, ".flac"))
		return SF_FORMAT_FLAC;
	if (!strcasecmp(dot, ".aiff") || !strcasecmp(dot, ".aif"))
		return SF_FORMAT_AIFF;
	if (!strcasecmp(dot, ".raw"))
		return SF_FORMAT_RAW;
	return 0;
}

/* The subtype that holds `format` exactly, preferring the source's. */
static int pick_subtype(int major, int like, enum adx_sample_format format,
			const struct adx_stream_params *params)
{
	static const int by_format[] = {
		[ADX_FMT_S16_LE] = SF_FORMAT_PCM_16,
		[ADX_FMT_S32_LE] = SF_FORMAT_PCM_32,
		[ADX_FMT_FLOAT32] = SF_FORMAT_FLOAT,
	};
	int candidates[] = { like & SF_FORMAT_SUBMASK, by_format[format], SF_FORMAT_PCM_24,
			     SF_FORMAT_PCM_16 };

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		SF_INFO probe = {
			.samplerate = (int)params->rate,
			.channels = params->channels,
			.format = major | candidates[i],
		};

		if (candidates[i] && sf_format_check(&probe))
			return candidates[i];
	}
	return 0;
}

static sf_count_t write_frames(SNDFILE *sf, enum adx_sample_format format,
			       const void *src, sf_count_t frames)
{
	switch (format) {
	case ADX_FMT_S16_LE:
		return sf_writef_short(sf, src, frames);
	case ADX_FMT_S32_LE:
		return sf_writef_int(sf, src, frames);
	case ADX_FMT_FLOAT32:
		return sf_writef_float(sf, src, frames);
	}
	return -1;
}

int tb_audio_save(const struct tb_audio *audio, const char *path, int like_sf_format,
		  char *err, size_t err_size)
{
	int major = major_for_path(path);
	SF_INFO info = {
		.samplerate = (int)audio->params.rate,
		.channels = audio->params.channels,
	};
	SNDFILE *sf;
	sf_count_t written;
	int subtype;

	if (!major)
		return fail(err, err_size, path, "unknown output type: use .wav, .flac or .aiff");
	subtype = pick_subtype(major, like_sf_format, audio->params.format, &audio->params);
	if (!subtype)
		return fail(err, err_size, path, "the container cannot hold this stream");
	info.format = major | subtype;
	sf = sf_open(path, SFM_WRITE, &info);
	if (!sf)
		return fail(err, err_size, path, sf_strerror(NULL));
	written = write_frames(sf, audio->params.format, audio->samples,
			       (sf_count_t)audio->frames);
	if (sf_close(sf) || written != (sf_count_t)audio->frames)
		return fail(err, err_size, path, "write failed (disk full?)");
	return 0;
}

void tb_audio_free(struct tb_audio *audio)
{
	free(audio->samples);
	audio->samples = NULL;
	audio->frames = 0;
}
