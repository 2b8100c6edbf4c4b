/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host and DAI copiers: LL modules that move a stream between a
 * gateway (include/adx/modules/gateway.h) and the pipeline's buffers.
 */
#ifndef ADX_MODULES_COPIER_H
#define ADX_MODULES_COPIER_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/module/interface.h"

/* Host copier: gateway -> sink. After end of stream it plays silence. */
struct adx_host_copier_init {
	uint32_t gateway_id;
};

/*
 * DAI copier: source -> gateway, one LL period per tick. It first plays
 * upstream_latency_frames of silence (the pipeline's stated latency), then
 * the source; a tick that finds too little counts an underrun and plays
 * silence for the missing frames.
 */
struct adx_dai_copier_init {
	uint32_t gateway_id;
};

struct adx_copier_stats {
	uint64_t frames;            /* frames moved to/from the gateway (audio, not silence) */
	uint64_t silence_frames;    /* host: after end of stream; DAI: preroll */
	uint64_t underrun_frames;   /* DAI: frames the source could not supply */
	uint64_t underruns;         /* DAI: ticks with an underrun */
	bool end_of_stream;         /* host: the gateway returned short */
};

/* Copier statistics, or NULL when mod is not a prepared copier. */
const struct adx_copier_stats *adx_copier_get_stats(const struct adx_module *mod);

extern const struct adx_module_driver adx_host_copier_driver;
extern const struct adx_module_driver adx_dai_copier_driver;

#endif
