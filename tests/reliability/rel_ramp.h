/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ramp gateways for threaded stress: the host side plays an endless ramp
 * (S32 stereo, left = n, right = -n for frame n, n from 1), the DAI side
 * checks on the fly that every non-silent frame continues the ramp: the
 * next frame after n is n + 1, except across a flush the test declares
 * (a reset drops what was buffered, so the ramp may jump forward then),
 * never backwards and never twice. Counters are atomic: the LL thread
 * writes them, the control thread reads them after the run.
 */
#ifndef ADX_REL_RAMP_H
#define ADX_REL_RAMP_H

#include <stdatomic.h>
#include <stdint.h>

#include "adx/modules/gateway.h"

struct rel_ramp {
	struct adx_gateway host, dai;
	_Atomic uint64_t next_in;       /* host: next frame value */
	_Atomic uint64_t last_out;      /* DAI: last ramp value seen, 0: none */
	_Atomic int flush_allowed;      /* a reset happened: one forward jump is defined */
	_Atomic uint64_t frames_out;
	_Atomic uint64_t silent_out;
	_Atomic uint64_t flushes;
	_Atomic uint64_t lost;          /* forward jumps not explained by a flush */
	_Atomic uint64_t duplicated;    /* values seen again or out of order */
	_Atomic uint64_t corrupt;       /* left/right not a ramp pair */
};

/* Registers the pair at gateway ids host_id and dai_id. */
int rel_ramp_init(struct rel_ramp *r, uint32_t host_id, uint32_t dai_id);
/* The control side reset the pipeline: buffered frames are dropped once. */
void rel_ramp_flush(struct rel_ramp *r);

#endif
