/* SPDX-License-Identifier: BSD-3-Clause */
/* Audio files in memory, through libsndfile (WAV, FLAC and what else it reads). */
#ifndef ADX_TB_AUDIO_FILE_H
#define ADX_TB_AUDIO_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "adx/audio/format.h"

struct tb_audio {
	struct adx_stream_params params;
	int sf_format;          /* libsndfile major|subtype of the source file */
	uint64_t frames;
	void *samples;          /* interleaved, in params.format */
};

/*
 * Reads `path` whole, converting to `format` (libsndfile scales integer
 * formats left-aligned, so 16- and 24-bit sources are exact in S32).
 * On failure writes a one-line reason naming the file into err.
 */
int tb_audio_load(struct tb_audio *audio, const char *path,
		  enum adx_sample_format format, char *err, size_t err_size);
/* The format that holds `path`'s samples exactly: S16 for 8/16-bit, float for float, else S32. */
int tb_audio_native_format(const char *path, enum adx_sample_format *format,
			   char *err, size_t err_size);
/*
 * Writes audio to `path`; the container follows the extension (.wav, .flac,
 * ...) and the sample type follows like_sf_format where the container allows
 * it. Missing parent folders are an error, not created.
 */
int tb_audio_save(const struct tb_audio *audio, const char *path, int like_sf_format,
		  char *err, size_t err_size);
void tb_audio_free(struct tb_audio *audio);

#endif
