// SPDX-License-Identifier: BSD-3-Clause
/*
 * The window is a ring of per-period energies; it is summed afresh every
 * period (75 additions) instead of kept as a running sum, so no rounding
 * error can accumulate over hours of audio.
 */
#include <math.h>
#include <string.h>

#include "leveler.h"

/* ITU-R BS.1770-4, Tables 1 and 2 (48 kHz). */
const struct adx_biquad_coefs adx_kweight_48k[2] = {
	{ 1.53512485958697f, -2.69169618940638f, 1.19839281085285f,
	  -1.69065929318241f, 0.73248077421585f },
	{ 1.0f, -2.0f, 1.0f, -1.99004745483398f, 0.99007225036621f },
};

/* Below this the window is treated as digital silence (log of 0). */
#define ENERGY_FLOOR 1e-20f

static float time_coef(float tau_ms, uint32_t period_frames, float rate)
{
	float period_s = (float)period_frames / rate;

	return 1.0f - expf(-period_s / (tau_ms * 0.001f));
}

void adx_leveler_configure(struct adx_leveler *lv,
			   const struct adx_leveler_params *params,
			   uint32_t period_frames, float rate)
{
	lv->params = *params;
	lv->attack_coef = time_coef(params->attack_ms, period_frames, rate);
	lv->release_coef = time_coef(params->release_ms, period_frames, rate);
}

void adx_leveler_reset(struct adx_leveler *lv)
{
	lv->gain_db = 0.0f;
	adx_ramp_set(&lv->gain, 1.0f);
	memset(lv->kstate, 0, sizeof(lv->kstate));
	memset(lv->window, 0, sizeof(lv->window));
	lv->window_next = 0;
	lv->window_filled = 0;
}

/* Sum over both channels of the mean square after K-weighting. */
static float kweighted_energy(struct adx_leveler *lv, const float *left,
			      const float *right, uint32_t frames, float *const tmp[2])
{
	float sum = 0.0f;
	uint32_t i;

	memcpy(tmp[0], left, frames * sizeof(float));
	memcpy(tmp[1], right, frames * sizeof(float));
	adx_biquad_cascade(adx_kweight_48k, lv->kstate, 2, tmp[0], tmp[1], frames);
	for (i = 0; i < frames; i++)
		sum += tmp[0][i] * tmp[0][i] + tmp[1][i] * tmp[1][i];
	/* A non-finite energy would stay in the window for its whole length. */
	return isfinite(sum) ? sum / (float)frames : 0.0f;
}

static float window_loudness(struct adx_leveler *lv, float energy)
{
	float sum = 0.0f;
	uint32_t i;

	lv->window[lv->window_next] = energy;
	lv->window_next = (lv->window_next + 1) % ADX_LEVELER_WINDOW_PERIODS;
	if (lv->window_filled < ADX_LEVELER_WINDOW_PERIODS)
		lv->window_filled++;
	for (i = 0; i < ADX_LEVELER_WINDOW_PERIODS; i++)
		sum += lv->window[i];
	sum /= (float)lv->window_filled;
	if (sum < ENERGY_FLOOR)
		sum = ENERGY_FLOOR;
	return -0.691f + 10.0f * log10f(sum);
}

static void gain_computer(struct adx_leveler *lv, float loudness)
{
	const struct adx_leveler_params *p = &lv->params;
	float wanted = p->target_lufs - loudness;

	if (!(loudness >= p->gate_lufs))
		return;  /* below the gate, or not a number: the gain holds */
	if (wanted > p->max_boost_db)
		wanted = p->max_boost_db;
	if (wanted < -p->max_cut_db)
		wanted = -p->max_cut_db;
	lv->gain_db += (wanted - lv->gain_db) *
		       (wanted < lv->gain_db ? lv->attack_coef : lv->release_coef);
}

void adx_leveler_process(struct adx_leveler *lv, float *left, float *right,
			 uint32_t frames, float *const kweighted[2])
{
	float energy = kweighted_energy(lv, left, right, frames, kweighted);

	gain_computer(lv, window_loudness(lv, energy));
	adx_ramp_to(&lv->gain, powf(10.0f, lv->gain_db / 20.0f), frames);
	adx_ramp_apply(&lv->gain, left, right, frames);
}
