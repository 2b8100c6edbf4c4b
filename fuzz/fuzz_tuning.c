// SPDX-License-Identifier: BSD-3-Clause
/*
 * Tuning blobs: adx_dsp_tuning_validate() on any bytes, and
 * adx_dsp_set_tuning() on a live engine must agree with it; an accepted
 * blob must leave an engine that processes a block.
 */
#include <stdlib.h>
#include <string.h>

#include "adx/dsp/engine.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct adx_dsp_config config = {
		.sample_rate = 48000, .in_channels = 2, .out_channels = 2,
		.format = ADX_DSP_FLOAT32,
	};
	static void *persistent, *scratch;
	static float in[ADX_DSP_PERIOD_FRAMES * 2], out[ADX_DSP_PERIOD_FRAMES * 2];
	struct adx_dsp_tuning_error error;
	struct adx_dsp *dsp;
	void *blob = malloc(size ? size : 1);
	int valid, set;

	if (!persistent) {
		/* aligned_alloc wants a multiple of the alignment */
		persistent = aligned_alloc(64, (adx_dsp_persistent_bytes(&config) + 63) & ~(size_t)63);
		scratch = aligned_alloc(64, (adx_dsp_scratch_bytes(&config) + 63) & ~(size_t)63);
		if (!persistent || !scratch)
			__builtin_trap();
		for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
			in[i] = (float)((int)(i % 97) - 48) / 64.0f;
	}
	/* A private copy: an over-read past the blob lands in ASan's red zone. */
	memcpy(blob, data, size);
	valid = adx_dsp_tuning_validate(blob, size, &error);
	if (adx_dsp_init(&dsp, &config, persistent, adx_dsp_persistent_bytes(&config),
			 scratch, adx_dsp_scratch_bytes(&config)))
		__builtin_trap();
	set = adx_dsp_set_tuning(dsp, blob, size, NULL);
	if ((valid == 0) != (set == 0))
		__builtin_trap();
	if (!set && adx_dsp_process(dsp, in, out))
		__builtin_trap();
	adx_dsp_free(dsp);
	free(blob);
	return 0;
}
