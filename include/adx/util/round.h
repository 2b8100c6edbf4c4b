/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Round to nearest (ties to even) for PCM conversion, by the "magic
 * number" trick: adding 1.5 * 2^(p-1) (p = mantissa bits) pushes the
 * fraction out of the mantissa, so the FPU rounds to an integer in its
 * current mode (ties to even by default), and subtracting it back leaves
 * that integer exactly. Unlike lrintf() it needs no libm call, and as an
 * inline expression it keeps conversion loops free of calls, so they
 * vectorise with SSE2/NEON/HiFi alike. Exact for |v| <= 2^22 (float) and
 * |v| <= 2^51 (double), which covers the 16- and 32-bit sample ranges;
 * callers saturate first.
 */
#ifndef ADX_UTIL_ROUND_H
#define ADX_UTIL_ROUND_H

#include <float.h>

/* The trick needs operations done in the declared type's precision. */
_Static_assert(FLT_EVAL_METHOD == 0, "float/double must evaluate in their own precision");

#define ADX_ROUND_MAGIC_F 12582912.0f        /* 1.5 * 2^23 */
#define ADX_ROUND_MAGIC_D 6755399441055744.0 /* 1.5 * 2^52 */

static inline float adx_round_nearest_f(float v)
{
	return (v + ADX_ROUND_MAGIC_F) - ADX_ROUND_MAGIC_F;
}

static inline double adx_round_nearest_d(double v)
{
	return (v + ADX_ROUND_MAGIC_D) - ADX_ROUND_MAGIC_D;
}

#endif
