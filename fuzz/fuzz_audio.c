// SPDX-License-Identifier: BSD-3-Clause
/*
 * Audio files through the testbench's reader (tools/testbench/audio/audio_file.c,
 * libsndfile): any bytes as a .wav file (libsndfile sniffs the real
 * container), loaded in each sample format; a refusal must say why, an
 * acceptance must give consistent parameters.
 */
#include "adx/audio/format.h"
#include "audio/audio_file.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum adx_sample_format formats[] = { ADX_FMT_S16_LE, ADX_FMT_S32_LE,
							  ADX_FMT_FLOAT32 };
	const char *path = fuzz_scratch_file(data, size, ".wav");
	enum adx_sample_format native;
	char err[512];

	for (unsigned int i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct tb_audio audio = { 0 };

		err[0] = 0;
		if (tb_audio_load(&audio, path, formats[i], err, sizeof(err))) {
			if (!err[0])
				__builtin_trap();
			continue;
		}
		if (audio.params.format != formats[i] || !audio.params.channels ||
		    (audio.frames && !audio.samples))
			__builtin_trap();
		tb_audio_free(&audio);
	}
	err[0] = 0;
	if (tb_audio_native_format(path, &native, err, sizeof(err)) && !err[0])
		__builtin_trap();
	return 0;
}
