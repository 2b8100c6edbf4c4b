// SPDX-License-Identifier: BSD-3-Clause
/*
 * Controls and lifecycle: every invalid input is rejected with its named
 * error (-EINVAL, or -ERANGE for a volume out of range) and changes
 * nothing; an invalid tuning blob changes nothing, whichever record is
 * bad, and the error names that record; a valid blob is applied.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"
#include "tuning_blob.h"

#define N ADX_DSP_PERIOD_FRAMES
#define PERIODS 200u

static void config_and_init_reject_bad_arguments(void **state)
{
	const struct adx_dsp_config good = { 48000, 2, 2, ADX_DSP_S16_LE };
	struct adx_dsp_config bad[] = {
		{ 44100, 2, 2, ADX_DSP_S16_LE }, { 48000, 4, 2, ADX_DSP_S16_LE },
		{ 48000, 0, 2, ADX_DSP_S16_LE }, { 48000, 2, 1, ADX_DSP_S16_LE },
		{ 48000, 2, 2, (enum adx_dsp_format)3 }, { 48000, 9, 2, ADX_DSP_FLOAT32 },
	};
	struct engine_box b;
	struct adx_dsp *e = NULL;
	uint8_t *p, *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(adx_dsp_config_check(&bad[i]), -EINVAL);
		assert_int_equal(adx_dsp_persistent_bytes(&bad[i]), 0);
		assert_int_equal(adx_dsp_scratch_bytes(&bad[i]), 0);
	}
	assert_int_equal(adx_dsp_config_check(NULL), -EINVAL);
	assert_int_equal(box_open(&b, 2, ADX_DSP_S16_LE), 0);
	p = b.persistent_block + GUARD_BYTES;
	s = b.scratch_block + GUARD_BYTES;
	assert_int_equal(adx_dsp_init(NULL, &good, p, b.persistent_bytes, s, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, NULL, p, b.persistent_bytes, s, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, &bad[0], p, b.persistent_bytes, s, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, &good, NULL, b.persistent_bytes, s, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, &good, p, b.persistent_bytes, NULL, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, &good, p + 4, b.persistent_bytes - 16, s, b.scratch_bytes), -EINVAL);
	assert_int_equal(adx_dsp_init(&e, &good, p, b.persistent_bytes, s + 4, b.scratch_bytes - 16), -EINVAL);
	assert_null(e);
	assert_int_equal(adx_dsp_alignment(), ADX_DSP_ALIGN);
	assert_int_equal(adx_dsp_period_frames(), 256);
	assert_int_equal(adx_dsp_latency_frames(), ADX_DSP_LATENCY_FRAMES);
	box_close(&b);
}

static void setters_reject_invalid_values_with_named_errors(void **state)
{
	const uint32_t bad_flags[] = { 2, 100, UINT32_MAX };
	struct engine_box b;
	static int16_t io[2 * N];
	size_t i;

	(void)state;
	assert_int_equal(box_open(&b, 2, ADX_DSP_S16_LE), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(adx_dsp_set_enable(b.engine, bad_flags[i]), -EINVAL);
		assert_int_equal(adx_dsp_set_content_processing(b.engine, bad_flags[i]), -EINVAL);
		assert_int_equal(adx_dsp_set_ctc_enable(b.engine, bad_flags[i]), -EINVAL);
		assert_int_equal(adx_dsp_set_profile(b.engine, ADX_DSP_PROFILE_COUNT + (uint32_t)i), -EINVAL);
		assert_int_equal(adx_dsp_set_device(b.engine, ADX_DSP_DEVICE_COUNT + (uint32_t)i), -EINVAL);
	}
	assert_int_equal(adx_dsp_set_profile(b.engine, UINT32_MAX), -EINVAL);
	assert_int_equal(adx_dsp_set_volume(b.engine, -1), -ERANGE);
	assert_int_equal(adx_dsp_set_volume(b.engine, INT32_MIN), -ERANGE);
	assert_int_equal(adx_dsp_set_volume(b.engine, ADX_DSP_VOLUME_MAX + 1), -ERANGE);
	assert_int_equal(adx_dsp_set_volume(b.engine, ADX_DSP_VOLUME_MAX), 0);
	assert_int_equal(adx_dsp_set_volume(b.engine, 0), 0);
	assert_int_equal(adx_dsp_process(b.engine, NULL, io), -EINVAL);
	assert_int_equal(adx_dsp_process(b.engine, io, NULL), -EINVAL);
	assert_int_equal(adx_dsp_process(NULL, io, io), -EINVAL);
	assert_int_equal(adx_dsp_set_enable(NULL, 1), -EINVAL);
	assert_int_equal(adx_dsp_set_profile(NULL, 0), -EINVAL);
	assert_int_equal(adx_dsp_set_device(NULL, 0), -EINVAL);
	assert_int_equal(adx_dsp_set_content_processing(NULL, 0), -EINVAL);
	assert_int_equal(adx_dsp_set_ctc_enable(NULL, 0), -EINVAL);
	assert_int_equal(adx_dsp_set_volume(NULL, 0), -EINVAL);
	assert_int_equal(adx_dsp_set_tuning(NULL, NULL, 0, NULL), -EINVAL);
	assert_int_equal(adx_dsp_reset(NULL), -EINVAL);
	assert_int_equal(adx_dsp_free(NULL), -EINVAL);
	/* A freed engine refuses everything. */
	assert_int_equal(adx_dsp_free(b.engine), 0);
	assert_int_equal(adx_dsp_process(b.engine, io, io), -EINVAL);
	assert_int_equal(adx_dsp_set_enable(b.engine, 1), -EINVAL);
	assert_int_equal(adx_dsp_reset(b.engine), -EINVAL);
	assert_int_equal(adx_dsp_free(b.engine), -EINVAL);
	b.engine = NULL;
	box_close(&b);
}

/* A valid blob: a leveler, a limiter and an EQ record. */
static void good_records(struct blob *blob)
{
	blob_begin(blob, ADX_TUNING_LIMITER);
	blob_u32(blob, ADX_TUNING_ANY);
	blob_u32(blob, ADX_TUNING_ANY);
	blob_f32(blob, -3.0f);
	blob_end(blob);
	blob_begin(blob, ADX_TUNING_EQ);
	blob_u32(blob, ADX_DSP_DEVICE_SPEAKER);
	blob_u32(blob, ADX_DSP_PROFILE_DYNAMIC);
	blob_u32(blob, 1);
	blob_u32(blob, ADX_EQ_PEAKING);
	blob_f32(blob, 1000.0f);
	blob_f32(blob, 6.0f);
	blob_f32(blob, 1.0f);
	blob_end(blob);
}

/* Each bad record kind, appended after the good ones (record index 2). */
enum bad_kind {
	BAD_SIZE_BELOW_HEADER, BAD_SIZE_PAST_END, BAD_SIZE_NOT_MULTIPLE_OF_4,
	BAD_TRUNCATED_HEADER, BAD_UNKNOWN_ID, BAD_DEVICE, BAD_PROFILE, BAD_TOO_MANY_BANDS,
	BAD_BAND_COUNT_MISMATCH, BAD_BAND_TYPE, BAD_NAN_FREQ, BAD_GAIN, BAD_Q,
	BAD_LEVELER_TARGET, BAD_DIALOGUE, BAD_CEILING, BAD_VIRT, BAD_CTC, BAD_KIND_COUNT,
};

/* Returns the blob's byte count (which may cut a record short). */
static size_t bad_blob(struct blob *blob, enum bad_kind kind)
{
	float nan = NAN;

	memset(blob, 0, sizeof(*blob));
	good_records(blob);
	switch (kind) {
	case BAD_SIZE_BELOW_HEADER:
		blob_u32(blob, ADX_TUNING_LIMITER); blob_u32(blob, 4); break;
	case BAD_SIZE_PAST_END:
		blob_u32(blob, ADX_TUNING_LIMITER); blob_u32(blob, 64); blob_u32(blob, 0); break;
	case BAD_SIZE_NOT_MULTIPLE_OF_4:
		blob_u32(blob, ADX_TUNING_LIMITER); blob_u32(blob, 14);
		blob_u32(blob, 0); blob_u32(blob, 0); break;
	case BAD_TRUNCATED_HEADER:
		blob_u32(blob, ADX_TUNING_LIMITER); break;
	case BAD_UNKNOWN_ID:
		blob_begin(blob, 99); blob_u32(blob, 0); blob_end(blob); break;
	case BAD_DEVICE:
	case BAD_PROFILE:
		blob_begin(blob, ADX_TUNING_DIALOGUE);
		blob_u32(blob, kind == BAD_DEVICE ? 2 : 0);
		blob_u32(blob, kind == BAD_PROFILE ? 4 : 0);
		blob_f32(blob, 3.0f); blob_end(blob); break;
	case BAD_TOO_MANY_BANDS:
	case BAD_BAND_COUNT_MISMATCH:
		blob_begin(blob, ADX_TUNING_EQ); blob_u32(blob, 0); blob_u32(blob, 0);
		blob_u32(blob, kind == BAD_TOO_MANY_BANDS ? 21 : 2);
		blob_u32(blob, 0); blob_f32(blob, 1000.0f); blob_f32(blob, 1.0f); blob_f32(blob, 1.0f);
		blob_end(blob); break;
	case BAD_BAND_TYPE:
	case BAD_NAN_FREQ:
	case BAD_GAIN:
	case BAD_Q:
		blob_begin(blob, ADX_TUNING_EQ); blob_u32(blob, 0); blob_u32(blob, 0); blob_u32(blob, 1);
		blob_u32(blob, kind == BAD_BAND_TYPE ? ADX_EQ_TYPE_COUNT : ADX_EQ_PEAKING);
		blob_f32(blob, kind == BAD_NAN_FREQ ? nan : 1000.0f);
		blob_f32(blob, kind == BAD_GAIN ? 30.0f : 1.0f);
		blob_f32(blob, kind == BAD_Q ? 0.0f : 1.0f);
		blob_end(blob); break;
	case BAD_LEVELER_TARGET:
		blob_begin(blob, ADX_TUNING_LEVELER); blob_u32(blob, 0); blob_u32(blob, 0);
		blob_f32(blob, 0.0f); blob_f32(blob, 100.0f); blob_f32(blob, 100.0f);
		blob_f32(blob, 6.0f); blob_f32(blob, 6.0f); blob_f32(blob, -50.0f);
		blob_end(blob); break;
	case BAD_DIALOGUE:
		blob_begin(blob, ADX_TUNING_DIALOGUE); blob_u32(blob, 0); blob_u32(blob, 0);
		blob_f32(blob, -1.0f); blob_end(blob); break;
	case BAD_CEILING:
		blob_begin(blob, ADX_TUNING_LIMITER); blob_u32(blob, 0); blob_u32(blob, 0);
		blob_f32(blob, 0.5f); blob_end(blob); break;
	case BAD_VIRT:
		blob_begin(blob, ADX_TUNING_VIRTUALIZER); blob_f32(blob, 0.2f); blob_f32(blob, 0.5f);
		blob_f32(blob, 1.5f); blob_f32(blob, 0.5f); blob_end(blob); break;
	case BAD_CTC:
		blob_begin(blob, ADX_TUNING_CTC); blob_f32(blob, 20.0f); blob_f32(blob, 0.5f);
		blob_f32(blob, 0.0875f); blob_f32(blob, 0.0f); blob_end(blob); break;
	case BAD_KIND_COUNT:
		break;
	}
	return blob_bytes(blob);
}

static void run(struct engine_box *b, float *out)
{
	static float in[2 * N * PERIODS];
	struct rng seed = { 21u };
	uint32_t i;

	for (i = 0; i < 2 * N * PERIODS; i++)
		in[i] = 0.4f * rng_noise(&seed);
	assert_int_equal(box_run_float(b, in, out, N * PERIODS), 0);
}

static void invalid_blob_changes_nothing_and_names_its_record(void **state)
{
	static float reference[2 * N * PERIODS], out[2 * N * PERIODS];
	struct engine_box ref, b;
	struct blob blob;
	uint32_t kind;

	(void)state;
	assert_int_equal(box_open(&ref, 2, ADX_DSP_FLOAT32), 0);
	run(&ref, reference);
	box_close(&ref);
	for (kind = 0; kind < BAD_KIND_COUNT; kind++) {
		struct adx_dsp_tuning_error err = { 0, 0, NULL };
		size_t bytes = bad_blob(&blob, (enum bad_kind)kind);

		assert_int_equal(adx_dsp_tuning_validate(blob.words, bytes, &err), -EINVAL);
		assert_int_equal(err.record, 2);
		assert_non_null(err.reason);
		assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
		memset(&err, 0, sizeof(err));
		assert_int_equal(adx_dsp_set_tuning(b.engine, blob.words, bytes, &err), -EINVAL);
		assert_int_equal(err.record, 2);
		run(&b, out);
		assert_memory_equal(reference, out, sizeof(out));
		box_close(&b);
	}
	assert_int_equal(adx_dsp_tuning_validate(NULL, 8, NULL), -EINVAL);
}

static void valid_blob_is_applied_and_empty_blob_restores_builtin(void **state)
{
	static float reference[2 * N * PERIODS], out[2 * N * PERIODS];
	struct engine_box b;
	struct blob blob;

	(void)state;
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	run(&b, reference);
	box_close(&b);
	memset(&blob, 0, sizeof(blob));
	good_records(&blob);
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_tuning(b.engine, blob.words, blob_bytes(&blob), NULL), 0);
	run(&b, out);
	assert_memory_not_equal(reference, out, sizeof(out));
	assert_int_equal(adx_dsp_set_tuning(b.engine, NULL, 0, NULL), 0);
	assert_int_equal(adx_dsp_reset(b.engine), 0);
	run(&b, out);
	box_close(&b);
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	run(&b, reference);
	box_close(&b);
	assert_memory_equal(reference, out, sizeof(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_and_init_reject_bad_arguments),
		cmocka_unit_test(setters_reject_invalid_values_with_named_errors),
		cmocka_unit_test(invalid_blob_changes_nothing_and_names_its_record),
		cmocka_unit_test(valid_blob_is_applied_and_empty_blob_restores_builtin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
