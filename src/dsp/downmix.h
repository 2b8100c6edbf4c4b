/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ITU-R BS.775 downmix to stereo.
 *
 * Channel order (as the virtualiser's): 6 ch L R C LFE Ls Rs; 8 ch
 * L R C LFE Ls Rs Lb Rb.
 *   Lo = L + k C + k Ls (+ k Lb),  Ro = R + k C + k Rs (+ k Rb),  k = 1/sqrt(2)
 * BS.775 Table 2 gives the 5.1 coefficients; for 7.1 the back pair joins
 * its side with the same -3 dB, the usual extension. LFE is discarded, as
 * BS.775 does for a stereo downmix: loudspeakers that could reproduce it
 * would receive it through bass management, not through this mix. The mix
 * is not normalised (BS.775 leaves headroom to the receiver); the limiter
 * downstream, or the output's saturation when disabled, handles overload.
 * 2 ch input passes unchanged.
 */
#ifndef ADX_DSP_DOWNMIX_H
#define ADX_DSP_DOWNMIX_H

#include <stdint.h>

#define ADX_DOWNMIX_SURROUND_GAIN 0.70710678118654752f

/* in: planar channels (2, 6 or 8) of frames samples; left/right may alias in[0]/in[1]. */
void adx_downmix(const float *const *in, uint32_t channels, float *left,
		 float *right, uint32_t frames);

#endif
