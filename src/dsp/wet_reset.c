// SPDX-License-Identifier: BSD-3-Clause
/*
 * Clearing the enabled chain's state: done when the engine starts and when
 * the chain is switched on again, so the lifecycle (engine.c) and the
 * controls (controls.c) share it without calling each other.
 */
#include <string.h>

#include "engine_priv.h"

void adx_dsp_reset_wet(struct adx_dsp *e)
{
	adx_dialogue_reset(&e->dialogue);
	adx_leveler_reset(&e->leveler);
	adx_eq_reset(&e->eq);
	adx_limiter_reset(&e->limiter);
	adx_virt_reset(e->virt);
	adx_ctc_reset(e->ctc);
	memset(e->align_delay, 0, sizeof(e->align_delay));
	memset(e->dry_delay, 0, sizeof(e->dry_delay));
}
