// SPDX-License-Identifier: BSD-3-Clause
/*
 * Built-in tuning, so the engine works with no blob. Speaker sets protect
 * small drivers with a high-pass and restore some body with a shelf; the
 * headphone sets are gentler. Keep tools/tuning/default.txt in step: a
 * test compiles it and checks it yields this table.
 */
#include "tuning_table.h"

#define PEAK(f, g, q) { ADX_EQ_PEAKING, f, g, q }
#define LSHELF(f, g, q) { ADX_EQ_LOW_SHELF, f, g, q }
#define HSHELF(f, g, q) { ADX_EQ_HIGH_SHELF, f, g, q }
#define LPASS(f, q) { ADX_EQ_LOW_PASS, f, 0.0f, q }
#define HPASS(f, q) { ADX_EQ_HIGH_PASS, f, 0.0f, q }

/* target LUFS, attack ms, release ms, max boost dB, max cut dB, gate LUFS */
#define LEVELER_DYNAMIC { -18.0f, 300.0f, 800.0f, 12.0f, 20.0f, -45.0f }
#define LEVELER_MOVIE { -20.0f, 500.0f, 1000.0f, 10.0f, 20.0f, -50.0f }
#define LEVELER_MUSIC { -16.0f, 800.0f, 1500.0f, 6.0f, 15.0f, -45.0f }
#define LEVELER_VOICE { -18.0f, 300.0f, 600.0f, 15.0f, 20.0f, -50.0f }

const struct adx_tuning_table adx_tuning_builtin = {
	.sets = {
		[ADX_DSP_DEVICE_SPEAKER] = {
			[ADX_DSP_PROFILE_DYNAMIC] = {
				4, { HPASS(100.0f, 0.707f), LSHELF(150.0f, 4.0f, 0.707f),
				     PEAK(2500.0f, 2.0f, 1.0f), HSHELF(8000.0f, 3.0f, 0.707f) },
				LEVELER_DYNAMIC, 0.0f, -1.0f },
			[ADX_DSP_PROFILE_MOVIE] = {
				4, { HPASS(90.0f, 0.707f), LSHELF(120.0f, 5.0f, 0.707f),
				     PEAK(2000.0f, 3.0f, 0.9f), HSHELF(10000.0f, 2.0f, 0.707f) },
				LEVELER_MOVIE, 6.0f, -1.0f },
			[ADX_DSP_PROFILE_MUSIC] = {
				4, { HPASS(80.0f, 0.707f), LSHELF(100.0f, 6.0f, 0.707f),
				     PEAK(400.0f, -2.0f, 1.2f), HSHELF(10000.0f, 4.0f, 0.707f) },
				LEVELER_MUSIC, 0.0f, -1.0f },
			[ADX_DSP_PROFILE_VOICE] = {
				4, { HPASS(150.0f, 0.707f), PEAK(300.0f, -3.0f, 1.0f),
				     PEAK(3000.0f, 5.0f, 1.0f), LPASS(12000.0f, 0.707f) },
				LEVELER_VOICE, 9.0f, -1.0f },
		},
		[ADX_DSP_DEVICE_HEADPHONE] = {
			[ADX_DSP_PROFILE_DYNAMIC] = {
				2, { LSHELF(100.0f, 3.0f, 0.707f), HSHELF(9000.0f, 2.0f, 0.707f) },
				LEVELER_DYNAMIC, 0.0f, -1.0f },
			[ADX_DSP_PROFILE_MOVIE] = {
				2, { LSHELF(80.0f, 4.0f, 0.707f), PEAK(2500.0f, 2.0f, 1.0f) },
				LEVELER_MOVIE, 6.0f, -1.0f },
			[ADX_DSP_PROFILE_MUSIC] = {
				3, { LSHELF(90.0f, 4.0f, 0.707f), PEAK(3000.0f, -2.0f, 2.0f),
				     HSHELF(10000.0f, 3.0f, 0.707f) },
				LEVELER_MUSIC, 0.0f, -1.0f },
			[ADX_DSP_PROFILE_VOICE] = {
				2, { HPASS(100.0f, 0.707f), PEAK(2500.0f, 4.0f, 1.0f) },
				LEVELER_VOICE, 9.0f, -1.0f },
		},
	},
	.virt = { 0.0875f, 0.5f, 1.5f, 0.5f },
	.ctc = { 20.0f, 0.5f, 0.0875f, 0.005f },
};
