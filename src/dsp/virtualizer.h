/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Headphone virtualiser: every input channel is rendered at its loudspeaker
 * angle to two ears by uniformly partitioned FFT convolution (overlap-save,
 * partition 256 frames, FFT 512, frequency-domain delay line) with HRIRs of
 * ADX_HRIR_TAPS taps computed at init from a spherical-head model plus a
 * small-room model (hrir.h).
 *
 * Channel order and azimuths (degrees, positive = to the listener's left):
 *   2 ch: L +30, R -30
 *   6 ch: L +30, R -30, C 0, LFE, Ls +110, Rs -110       (ITU-R BS.775)
 *   8 ch: L +30, R -30, C 0, LFE, Ls +90, Rs -90, Lb +135, Rb -135
 *         (ITU-R BS.2051 system I: side and back surround pairs)
 * LFE has no direction: it is rendered through the centre HRIR at
 * geometry.lfe_gain (default 0.5, -6 dB) to each ear.
 *
 * Symmetric pairs are convolved as sum and difference (S = L + R with
 * (H_ipsi + H_contra)/2, D = L - R with (H_ipsi - H_contra)/2), which halves
 * the spectral work and the filter memory against four ear filters a pair.
 * No latency beyond the HRIR itself (its direct sound arrives after
 * adx_hrir_predelay() frames, 29 at 48 kHz with the default head).
 *
 * Memory: both regions are caller-provided, ADX_VIRT_ALIGN-aligned, and the
 * sizes below are exact: nothing outside them is ever touched. Persistent
 * holds filter spectra, the delay line and history; scratch is needed only
 * during adx_virt_process() and may be shared with other modules. On a
 * 64-bit host: persistent 38512 (2 ch), 98928 (6 ch), 133744 (8 ch)
 * bytes; scratch 6144 bytes.
 */
#ifndef ADX_DSP_VIRTUALIZER_H
#define ADX_DSP_VIRTUALIZER_H

#include <stddef.h>
#include <stdint.h>

#include "hrir.h"

#ifndef ADX_DSP_PERIOD_FRAMES
#define ADX_DSP_PERIOD_FRAMES 256
#endif

#define ADX_VIRT_ALIGN 16

struct adx_virt_geometry {
	float head_radius_m;      /* sphere radius; default 0.0875, range [0.05, 0.12] */
	float room_gain;          /* reflections and tail; 0 = anechoic; default 0.5, range [0, 1] */
	float speaker_distance_m; /* virtual speaker distance; default 1.5, range [0.5, 1.9] */
	float lfe_gain;           /* LFE into each ear (linear); default 0.5, range [0, 4] */
};

void adx_virt_geometry_default(struct adx_virt_geometry *g);

struct adx_virt;

/* 0 for an unsupported channel count (only 2, 6 and 8 are). */
size_t adx_virt_persistent_bytes(uint32_t channels);
size_t adx_virt_scratch_bytes(uint32_t channels);

/*
 * Designs the filters for the geometry at sample_rate (8000..192000 Hz) and
 * clears the state. -EINVAL for a bad channel count, geometry out of range,
 * NULL or misaligned memory, or fewer than adx_virt_persistent_bytes().
 */
int adx_virt_init(struct adx_virt **out, void *persistent, size_t bytes,
		  uint32_t channels, const struct adx_virt_geometry *geometry,
		  float sample_rate);

/* Clears history and delay line (silence in, silence out); filters stay. */
void adx_virt_reset(struct adx_virt *v);

/*
 * One period: in[c][0..255] planar per channel (order above) to two ear
 * signals. out_left/out_right may alias in[0]/in[1]. scratch holds
 * adx_virt_scratch_bytes(channels) aligned bytes.
 */
void adx_virt_process(struct adx_virt *v, const float *const *in,
		      float *out_left, float *out_right, void *scratch);

/*
 * The impulse response (ADX_HRIR_TAPS taps, including lfe_gain for LFE)
 * from input channel to ear (0 left, 1 right) that adx_virt_process()
 * applies for this geometry: for tests and plots. -EINVAL on bad arguments.
 */
int adx_virt_channel_hrir(const struct adx_virt_geometry *geometry,
			  float sample_rate, uint32_t channels,
			  uint32_t channel, uint32_t ear, float *taps);

#endif
