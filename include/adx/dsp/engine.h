/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The adx enhancement engine: an open engine with the DAX library's shape.
 *
 * Memory. The caller asks for the persistent and scratch sizes of a
 * configuration, hands the engine two ADX_DSP_ALIGN-aligned regions of at
 * least those sizes, and the engine never touches a byte outside them. The
 * sizes are the worst case for the configuration: no runtime control
 * (enable, profile, device, CTC, tuning) changes them, so a caller sizes
 * once. Persistent memory holds every state and the tuning table; scratch
 * is only used inside adx_dsp_process() and may be shared with other code
 * between calls. The engine keeps no globals: instances are independent.
 *
 * Processing. One call processes exactly ADX_DSP_PERIOD_FRAMES frames of
 * interleaved input (2, 6 or 8 channels) into interleaved stereo in the same
 * sample format. The enabled chain, in order:
 *   downmix (speaker) or headphone virtualiser (headphone)
 *   -> dialogue enhancement and leveler (content processing)
 *   -> parametric EQ -> crosstalk cancellation (speaker with CTC on)
 *   -> volume -> look-ahead true-peak limiter.
 * Its latency is ADX_DSP_LATENCY_FRAMES on every device (paths without CTC
 * carry a matching delay), so a control change never shifts the timeline.
 * The disabled path has no latency: once its fade is done the output is the
 * input, bit for bit, for 2 channels (copied, never converted), and the
 * plain BS.775 downmix for 6 and 8. Entering or leaving that bypass
 * therefore moves the timeline by the latency; it does so inside one
 * period, behind raised-cosine fades (docs/engine.md), while the enable
 * crossfade itself mixes the chain with the dry signal delayed to match.
 * Float input is sanitised (see struct adx_dsp_stats) and float output
 * below -600 dBFS is flushed to 0, so silence in is silence out.
 *
 * Controls. Every setter validates its argument and returns 0 or a negative
 * errno, changing nothing on error. Setters and adx_dsp_process() must not
 * run concurrently (the caller serialises them: the DAX module applies
 * staged settings between cycles). A setter only records the request;
 * process() adopts it at the start of the next period: enable crossfades
 * wet and dry over ADX_DSP_XFADE_FRAMES; profile, device, content
 * processing, CTC and a new tuning blob take effect behind a short dip
 * (fade out over one period, switch, fade in over the next); volume ramps
 * linearly over ADX_DSP_VOLUME_RAMP_FRAMES. Nothing clicks.
 */
#ifndef ADX_DSP_ENGINE_H
#define ADX_DSP_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADX_DSP_PERIOD_FRAMES 256
#define ADX_DSP_SAMPLE_RATE 48000
#define ADX_DSP_OUT_CHANNELS 2
#define ADX_DSP_ALIGN 16
/*
 * The true-peak limiter's look-ahead (55: a 1 ms attack window of 49 plus 7
 * for its 8-tap 4x interpolator, less one) plus the crosstalk canceller's
 * modelling delay (128).
 */
#define ADX_DSP_LATENCY_FRAMES 183
#define ADX_DSP_XFADE_FRAMES 960        /* 20 ms enable/disable crossfade */
#define ADX_DSP_VOLUME_RAMP_FRAMES 480  /* 10 ms per volume change */
/* Float input beyond this magnitude is clamped (+96 dBFS). */
#define ADX_DSP_INPUT_LIMIT 65536.0f

/* Volume is Q8.23: 1 << 23 is unity gain; accepted 0 (mute) to +24 dB. */
#define ADX_DSP_VOLUME_UNITY (INT32_C(1) << 23)
#define ADX_DSP_VOLUME_MAX (INT32_C(16) << 23)

enum adx_dsp_format {
	ADX_DSP_S16_LE,
	ADX_DSP_S32_LE,
	ADX_DSP_FLOAT32,
};

enum adx_dsp_profile {
	ADX_DSP_PROFILE_DYNAMIC,
	ADX_DSP_PROFILE_MOVIE,
	ADX_DSP_PROFILE_MUSIC,
	ADX_DSP_PROFILE_VOICE,
	ADX_DSP_PROFILE_COUNT,
};

enum adx_dsp_device {
	ADX_DSP_DEVICE_SPEAKER,
	ADX_DSP_DEVICE_HEADPHONE,
	ADX_DSP_DEVICE_COUNT,
};

struct adx_dsp_config {
	uint32_t sample_rate;    /* 48000 */
	uint32_t in_channels;    /* 2, 6 (5.1) or 8 (7.1) */
	uint32_t out_channels;   /* 2 */
	enum adx_dsp_format format;
};

/*
 * Where a tuning blob went wrong: the index of the first bad record (or of
 * the record whose header did not fit), its byte offset in the blob, and a
 * reason (a static string).
 */
struct adx_dsp_tuning_error {
	uint32_t record;
	uint32_t offset;
	const char *reason;
};

/*
 * What the engine's input sanitiser replaced since init (reset keeps it):
 * float input only, since the integer formats cannot carry either kind.
 * A NaN or infinity becomes 0; a finite sample beyond +-ADX_DSP_INPUT_LIMIT
 * is clamped to it, so no stage can overflow to infinity.
 */
struct adx_dsp_stats {
	uint64_t nonfinite_samples;
	uint64_t clamped_samples;
};

struct adx_dsp;

/* -EINVAL unless rate 48000, channels 2/6/8 in, 2 out, a known format. */
int adx_dsp_config_check(const struct adx_dsp_config *config);

/* Sizes for a valid configuration; 0 for an invalid one. */
size_t adx_dsp_persistent_bytes(const struct adx_dsp_config *config);
size_t adx_dsp_scratch_bytes(const struct adx_dsp_config *config);
size_t adx_dsp_alignment(void);
uint32_t adx_dsp_period_frames(void);
uint32_t adx_dsp_latency_frames(void);

/*
 * Builds an engine in persistent memory with the built-in tuning, enabled,
 * profile dynamic, speaker, content processing on, CTC off, unity volume.
 * -EINVAL for a bad configuration, a NULL or misaligned region, or a region
 * smaller than reported. On failure *out is untouched.
 */
int adx_dsp_init(struct adx_dsp **out, const struct adx_dsp_config *config,
		 void *persistent, size_t persistent_bytes,
		 void *scratch, size_t scratch_bytes);

/*
 * One period: ADX_DSP_PERIOD_FRAMES interleaved frames in, as many stereo
 * frames out, both in the configured format. in and out may be the same
 * buffer for 2-channel input; otherwise they must not overlap.
 * -EINVAL for a NULL argument or a freed engine.
 */
int adx_dsp_process(struct adx_dsp *engine, const void *in, void *out);

/* Clears all audio state (filters, delays, fades); controls and tuning stay. */
int adx_dsp_reset(struct adx_dsp *engine);

/* Invalidates the engine; its memory is the caller's again. */
int adx_dsp_free(struct adx_dsp *engine);

/* Controls (0 or a negative errno; see the top of this file). */
int adx_dsp_set_enable(struct adx_dsp *engine, uint32_t enable);          /* 0/1 */
int adx_dsp_set_profile(struct adx_dsp *engine, uint32_t profile);        /* enum adx_dsp_profile */
int adx_dsp_set_device(struct adx_dsp *engine, uint32_t device);          /* enum adx_dsp_device */
int adx_dsp_set_content_processing(struct adx_dsp *engine, uint32_t enable); /* 0/1 */
int adx_dsp_set_ctc_enable(struct adx_dsp *engine, uint32_t enable);      /* 0/1 */
/* -ERANGE for a negative value or one above ADX_DSP_VOLUME_MAX. */
int adx_dsp_set_volume(struct adx_dsp *engine, int32_t volume_q8_23);

/*
 * Replaces the whole tuning: built-in defaults, then the blob's records in
 * order (format: docs/tuning-blob.md). Every record is validated before any
 * is applied; on error the tuning is unchanged, -EINVAL is returned and, if
 * error is not NULL, it names the record and the reason. An empty blob
 * (bytes 0) restores the built-in tuning.
 */
int adx_dsp_set_tuning(struct adx_dsp *engine, const void *blob, size_t bytes,
		       struct adx_dsp_tuning_error *error);

/* Checks a blob without an engine (for tools); same rules and errors. */
int adx_dsp_tuning_validate(const void *blob, size_t bytes,
			    struct adx_dsp_tuning_error *error);

/* Bytes (and alignment) of the scratch adx_dsp_tuning_matches_builtin() needs. */
size_t adx_dsp_tuning_table_bytes(void);
size_t adx_dsp_tuning_table_align(void);
/*
 * For tools that keep the built-in tuning in another form (adx-tuning's
 * default.txt): 1 when the blob, applied to the built-in tuning, leaves
 * every parameter as built in; 0 when it changes one; -EINVAL for an
 * invalid blob (error as adx_dsp_tuning_validate()) or a scratch smaller
 * or less aligned than the two calls above say. The engine allocates
 * nothing: the comparison is built in `scratch`.
 */
int adx_dsp_tuning_matches_builtin(const void *blob, size_t bytes, void *scratch,
				   size_t scratch_bytes, struct adx_dsp_tuning_error *error);
/* Copies the sanitiser's counters; -EINVAL for a NULL argument or a freed engine. */
int adx_dsp_get_stats(const struct adx_dsp *engine, struct adx_dsp_stats *stats);

/* True while the output is bit-exact pass-through (disabled, fade done). */
bool adx_dsp_is_bypassed(const struct adx_dsp *engine);

#endif
