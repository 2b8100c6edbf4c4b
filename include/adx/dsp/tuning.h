/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tuning blob: record identifiers, payload layouts and value ranges
 * (docs/tuning-blob.md describes the format for people; this header is the
 * same contract for code, shared by the engine and tools/tuning).
 *
 * A blob is a sequence of records, each { u32 id, u32 size, payload }, where
 * size counts the 8-byte header and is a multiple of 4. Every field is a
 * 32-bit little-endian word: u32 for identifiers and counts, IEEE-754 binary32
 * for values. Records keyed by (device, profile) accept ADX_TUNING_ANY in
 * either key to apply to every device or profile.
 */
#ifndef ADX_DSP_TUNING_H
#define ADX_DSP_TUNING_H

#include <stdint.h>

#define ADX_TUNING_HEADER_BYTES 8u
#define ADX_TUNING_ANY UINT32_C(0xFFFFFFFF)
#define ADX_TUNING_MAX_EQ_BANDS 20u

enum adx_tuning_record_id {
	/* device, profile, band count n, then n x { type, freq_hz, gain_db, q } */
	ADX_TUNING_EQ = 1,
	/* device, profile, target_lufs, attack_ms, release_ms, max_boost_db,
	 * max_cut_db, gate_lufs */
	ADX_TUNING_LEVELER = 2,
	/* device, profile, amount_db */
	ADX_TUNING_DIALOGUE = 3,
	/* device, profile, ceiling_dbfs */
	ADX_TUNING_LIMITER = 4,
	/* head_radius_m, room_gain, speaker_distance_m, lfe_gain */
	ADX_TUNING_VIRTUALIZER = 5,
	/* span_deg, distance_m, head_radius_m, regularisation */
	ADX_TUNING_CTC = 6,
};

/* Payload words (after the header) of the fixed-size records. */
enum {
	ADX_TUNING_EQ_FIXED_WORDS = 3,
	ADX_TUNING_EQ_BAND_WORDS = 4,
	ADX_TUNING_LEVELER_WORDS = 8,
	ADX_TUNING_DIALOGUE_WORDS = 3,
	ADX_TUNING_LIMITER_WORDS = 3,
	ADX_TUNING_VIRTUALIZER_WORDS = 4,
	ADX_TUNING_CTC_WORDS = 4,
};

/* RBJ cookbook section types; q is the cookbook Q for every type. */
enum adx_eq_type {
	ADX_EQ_PEAKING = 0,
	ADX_EQ_LOW_SHELF = 1,
	ADX_EQ_HIGH_SHELF = 2,
	ADX_EQ_LOW_PASS = 3,
	ADX_EQ_HIGH_PASS = 4,
	ADX_EQ_TYPE_COUNT = 5,
};

/* Accepted ranges (inclusive); anything else, or NaN, is rejected. */
#define ADX_TUNING_EQ_FREQ_MIN 10.0f
#define ADX_TUNING_EQ_FREQ_MAX 20000.0f
#define ADX_TUNING_EQ_GAIN_MAX_DB 24.0f   /* +- */
#define ADX_TUNING_EQ_Q_MIN 0.1f
#define ADX_TUNING_EQ_Q_MAX 20.0f
#define ADX_TUNING_LEVELER_TARGET_MIN -40.0f
#define ADX_TUNING_LEVELER_TARGET_MAX -5.0f
#define ADX_TUNING_LEVELER_TIME_MIN_MS 1.0f
#define ADX_TUNING_LEVELER_TIME_MAX_MS 10000.0f
#define ADX_TUNING_LEVELER_BOOST_MAX_DB 30.0f
#define ADX_TUNING_LEVELER_CUT_MAX_DB 40.0f
#define ADX_TUNING_LEVELER_GATE_MIN -90.0f
#define ADX_TUNING_LEVELER_GATE_MAX -20.0f
#define ADX_TUNING_DIALOGUE_MAX_DB 12.0f
#define ADX_TUNING_LIMITER_CEILING_MIN -20.0f
#define ADX_TUNING_LIMITER_CEILING_MAX 0.0f

#endif
