/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Speaker crosstalk cancellation for two loudspeakers at +-span/2 in front
 * of the listener, distance_m from the head centre.
 *
 * The 2x2 acoustic transfer matrix C = [[Hi, Hc], [Hc, Hi]] (ipsilateral and
 * contralateral paths of a rigid sphere: straight or tangent-plus-arc path
 * delay, 1/r spreading, and the Brown-Duda head-shadow filter, hrir.h) is
 * inverted at init in the frequency domain with Tikhonov regularisation,
 *     W = (C^H C + beta I)^-1 C^H,
 * which for this symmetric C is diagonal in sum/difference form:
 *     W_sum = conj(S) / (|S|^2 + beta), S = Hi + Hc,
 *     W_dif = conj(D) / (|D|^2 + beta), D = Hi - Hc.
 * Gain bound: the largest singular value of W is at most 1 / (2 sqrt(beta))
 * at every frequency: 7.07 (+17 dB) for the default beta = 0.005;
 * adx_ctc_gain_bound() returns it. The design uses 1.21 beta (its peak
 * 0.8 dB under the bound) so that the realised FIR, which truncation
 * ripples by a few per cent, stays under it too.
 *
 * The two filters are applied as ADX_CTC_TAPS-tap FIRs by partitioned FFT
 * convolution (spatial_conv.h) after a modelling delay of
 * ADX_CTC_LATENCY_FRAMES frames, which is the canceller's latency.
 *
 * Memory: caller-provided, ADX_CTC_ALIGN-aligned, sizes exact (on a 64-bit
 * host: persistent 52800 bytes, of which 30 KiB is the design area reused
 * as the delay line; scratch 6144 bytes).
 */
#ifndef ADX_DSP_CTC_H
#define ADX_DSP_CTC_H

#include <stddef.h>
#include <stdint.h>

#ifndef ADX_DSP_PERIOD_FRAMES
#define ADX_DSP_PERIOD_FRAMES 256
#endif

#define ADX_CTC_ALIGN 16
#define ADX_CTC_TAPS 1024
#define ADX_CTC_LATENCY_FRAMES 128

struct adx_ctc_geometry {
	float span_deg;       /* angle between the speakers; default 20, range [5, 90] */
	float distance_m;     /* speakers to head centre; default 0.5, range [0.2, 5] */
	float head_radius_m;  /* default 0.0875, range [0.05, 0.12] */
	float regularisation; /* beta; default 0.005, range [1e-4, 1] */
};

void adx_ctc_geometry_default(struct adx_ctc_geometry *g);

/* The bound 1 / (2 sqrt(beta)) on the filter gain (linear). */
float adx_ctc_gain_bound(const struct adx_ctc_geometry *g);

struct adx_ctc;

size_t adx_ctc_persistent_bytes(void);
size_t adx_ctc_scratch_bytes(void);

/*
 * Designs the filters and clears the state. -EINVAL for geometry out of
 * range, sample_rate outside 8000..192000, NULL or misaligned memory, or
 * fewer than adx_ctc_persistent_bytes().
 */
int adx_ctc_init(struct adx_ctc **out, void *persistent, size_t bytes,
		 const struct adx_ctc_geometry *geometry, float sample_rate);

void adx_ctc_reset(struct adx_ctc *c);

/* One period, in place, ADX_DSP_PERIOD_FRAMES frames per channel. */
void adx_ctc_process(struct adx_ctc *c, float *left, float *right,
		     void *scratch);

#endif
