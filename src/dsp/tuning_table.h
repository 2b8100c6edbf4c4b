/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine's tuning table: one parameter set per (device, profile), plus
 * the virtualiser's and the canceller's geometry, filled from the built-in
 * defaults and then from a blob's records (include/adx/dsp/tuning.h).
 */
#ifndef ADX_DSP_TUNING_TABLE_H
#define ADX_DSP_TUNING_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "adx/dsp/engine.h"
#include "adx/dsp/tuning.h"
#include "ctc.h"
#include "eq.h"
#include "leveler.h"
#include "virtualizer.h"

struct adx_param_set {
	uint32_t eq_bands;
	struct adx_eq_band eq[ADX_TUNING_MAX_EQ_BANDS];
	struct adx_leveler_params leveler;
	float dialogue_db;
	float limiter_ceiling_db;
};

struct adx_tuning_table {
	struct adx_param_set sets[ADX_DSP_DEVICE_COUNT][ADX_DSP_PROFILE_COUNT];
	struct adx_virt_geometry virt;
	struct adx_ctc_geometry ctc;
};

/* The built-in tuning (tools/tuning/default.txt says the same in text). */
extern const struct adx_tuning_table adx_tuning_builtin;

/*
 * Validates every record (errors as adx_dsp_tuning_validate()), then, only
 * if all are valid and table is not NULL, rebuilds table from the built-in
 * tuning and applies the records in order.
 */
int adx_tuning_load(struct adx_tuning_table *table, const void *blob,
		    size_t bytes, struct adx_dsp_tuning_error *error);

#endif
