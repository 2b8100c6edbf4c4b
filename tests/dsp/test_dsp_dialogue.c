// SPDX-License-Identifier: BSD-3-Clause
/*
 * Dialogue enhancement: the speech-band level of a centre-panned voice
 * rises by the configured amount (within 1 dB) while side-panned music
 * does not rise (within 0.5 dB), so the voice gains the amount relative to
 * the music; with a zero amount nothing changes. And the built-in voice and
 * movie profiles are the ones that enable it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dialogue.h"
#include "dsp_test_util.h"
#include "tuning_table.h"

#define FRAMES (562u * ADX_DSP_PERIOD_FRAMES)  /* 3 s, whole periods */
#define SKIP (48000u / 2u)   /* let the centre weight settle */

static float l_in[FRAMES], r_in[FRAMES], l_out[FRAMES], r_out[FRAMES];

/* Sum of tones across the speech band (500 Hz .. 3 kHz). */
static double voice_sample(uint32_t i)
{
	static const double f[] = { 600.0, 900.0, 1300.0, 1800.0, 2500.0 };
	double t = i / TEST_RATE, v = 0.0;
	uint32_t k;

	for (k = 0; k < 5; k++)
		v += 0.05 * sin(2 * TEST_PI * f[k] * t + k);
	return v;
}

static void run(float amount_db)
{
	static float band_l[ADX_DSP_PERIOD_FRAMES], band_r[ADX_DSP_PERIOD_FRAMES];
	struct adx_dialogue d;
	uint32_t f;

	memcpy(l_out, l_in, sizeof(l_out));
	memcpy(r_out, r_in, sizeof(r_out));
	adx_dialogue_configure(&d, amount_db, ADX_DSP_PERIOD_FRAMES, 48000.0f);
	adx_dialogue_reset(&d);
	for (f = 0; f < FRAMES; f += ADX_DSP_PERIOD_FRAMES)
		adx_dialogue_process(&d, l_out + f, r_out + f, ADX_DSP_PERIOD_FRAMES, band_l, band_r);
}

/* Level change (dB) of the speech band: tone amplitudes at the voice's
 * frequencies, summed in power over both channels. */
static double band_rise_db(void)
{
	static const double f[] = { 600.0, 900.0, 1300.0, 1800.0, 2500.0 };
	double before = 0.0, after = 0.0;
	uint32_t k, n = FRAMES - SKIP;

	for (k = 0; k < 5; k++) {
		double a;

		a = tone_amplitude(l_in + SKIP, 1, n, f[k]);
		before += a * a;
		a = tone_amplitude(r_in + SKIP, 1, n, f[k]);
		before += a * a;
		a = tone_amplitude(l_out + SKIP, 1, n, f[k]);
		after += a * a;
		a = tone_amplitude(r_out + SKIP, 1, n, f[k]);
		after += a * a;
	}
	return 10.0 * log10(after / before);
}

static void centre_voice(void)
{
	uint32_t i;

	for (i = 0; i < FRAMES; i++)
		l_in[i] = r_in[i] = (float)voice_sample(i);
}

/* The same band content panned hard to one side. */
static void side_music(uint32_t side)
{
	uint32_t i;

	for (i = 0; i < FRAMES; i++) {
		float m = (float)voice_sample(i + 12345u);

		l_in[i] = side ? 0.0f : m;
		r_in[i] = side ? m : 0.0f;
	}
}

static void centre_voice_rises_by_amount_relative_to_side_music(void **state)
{
	const float amounts[] = { 3.0f, 6.0f, 9.0f };
	uint32_t a;

	(void)state;
	for (a = 0; a < 6; a++) {
		double voice, music;

		centre_voice();
		run(amounts[a % 3]);
		voice = band_rise_db();
		side_music(a / 3);
		run(amounts[a % 3]);
		music = band_rise_db();
		if (fabs(voice - amounts[a % 3]) > 1.0 || fabs(music) > 0.5 ||
		    fabs((voice - music) - amounts[a % 3]) > 1.0)
			fail_msg("amount %.0f dB: voice %+.2f dB, music %+.2f dB",
				 amounts[a % 3], voice, music);
		print_message("amount %.0f dB: voice %+.2f dB, music (%s) %+.2f dB\n",
			      amounts[a % 3], voice, a / 3 ? "right" : "left", music);
	}
}

static void zero_amount_leaves_audio_unchanged(void **state)
{
	(void)state;
	centre_voice();
	run(0.0f);
	assert_memory_equal(l_in, l_out, sizeof(l_in));
}

static void voice_and_movie_profiles_enable_dialogue_enhancement(void **state)
{
	uint32_t d;

	(void)state;
	for (d = 0; d < ADX_DSP_DEVICE_COUNT; d++) {
		const struct adx_param_set *s = adx_tuning_builtin.sets[d];

		assert_true(s[ADX_DSP_PROFILE_VOICE].dialogue_db > 0.0f);
		assert_true(s[ADX_DSP_PROFILE_MOVIE].dialogue_db > 0.0f);
		assert_true(s[ADX_DSP_PROFILE_MUSIC].dialogue_db == 0.0f);
		assert_true(s[ADX_DSP_PROFILE_DYNAMIC].dialogue_db == 0.0f);
	}
}

/* Gain (dB) of the engine's voice-profile lift on a centred tone at freq. */
static double centre_tone_gain_db(double freq)
{
	uint32_t i, n = FRAMES - SKIP;

	for (i = 0; i < FRAMES; i++)
		l_in[i] = r_in[i] = (float)(0.3 * sin(2 * TEST_PI * freq * i / TEST_RATE));
	run(9.0f);
	return db(tone_amplitude(l_out + SKIP, 1, n, freq) / tone_amplitude(l_in + SKIP, 1, n, freq));
}

/*
 * Centred content outside the speech band is never cut (the lift is in
 * phase with the signal everywhere); an octave outside the band edges it
 * rises by at most the skirt of the band (1 dB), two octaves out by next
 * to nothing.
 */
static void centre_content_outside_the_band_is_never_cut(void **state)
{
	static const double octave_out[] = { 100.0, 10000.0 }, two_octaves_out[] = { 50.0, 20000.0 };
	uint32_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		double near = centre_tone_gain_db(octave_out[k]);
		double far = centre_tone_gain_db(two_octaves_out[k]);

		print_message("centre tone: %+.2f dB at %.0f Hz, %+.2f dB at %.0f Hz\n",
			      near, octave_out[k], far, two_octaves_out[k]);
		assert_true(near > -0.1 && near < 1.0);
		assert_true(fabs(far) < 0.25);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(centre_voice_rises_by_amount_relative_to_side_music),
		cmocka_unit_test(zero_amount_leaves_audio_unchanged),
		cmocka_unit_test(centre_content_outside_the_band_is_never_cut),
		cmocka_unit_test(voice_and_movie_profiles_enable_dialogue_enhancement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
