// SPDX-License-Identifier: BSD-3-Clause
/*
 * Tuning blob reader. Two passes over the same walk: the first validates
 * every record and touches nothing, the second (only after the first found
 * no fault) rebuilds the table and applies the records. So a bad record
 * anywhere leaves the engine's tuning exactly as it was.
 *
 * Words are assembled from bytes, so the blob needs no alignment and the
 * reader does not depend on the host's byte order.
 */
#include <errno.h>
#include <string.h>

#include "adx/util/le.h"
#include "tuning_table.h"

/* Geometry ranges as documented in virtualizer.h and ctc.h. */
struct range {
	float min, max;
};

static const struct range virt_ranges[ADX_TUNING_VIRTUALIZER_WORDS] = {
	{ 0.05f, 0.12f }, { 0.0f, 1.0f }, { 0.5f, 1.9f }, { 0.0f, 4.0f },
};

static const struct range ctc_ranges[ADX_TUNING_CTC_WORDS] = {
	{ 5.0f, 90.0f }, { 0.2f, 5.0f }, { 0.05f, 0.12f }, { 1e-4f, 1.0f },
};

/* target, attack, release, max boost, max cut, gate */
static const struct range leveler_ranges[6] = {
	{ ADX_TUNING_LEVELER_TARGET_MIN, ADX_TUNING_LEVELER_TARGET_MAX },
	{ ADX_TUNING_LEVELER_TIME_MIN_MS, ADX_TUNING_LEVELER_TIME_MAX_MS },
	{ ADX_TUNING_LEVELER_TIME_MIN_MS, ADX_TUNING_LEVELER_TIME_MAX_MS },
	{ 0.0f, ADX_TUNING_LEVELER_BOOST_MAX_DB },
	{ 0.0f, ADX_TUNING_LEVELER_CUT_MAX_DB },
	{ ADX_TUNING_LEVELER_GATE_MIN, ADX_TUNING_LEVELER_GATE_MAX },
};

/* One record as seen by the walk: its payload words, unaligned. */
struct record {
	uint32_t id;
	uint32_t words;
	const uint8_t *payload;
};

static uint32_t word_at(const struct record *r, uint32_t i)
{
	return adx_le32_get(r->payload + 4u * i);
}

static float float_at(const struct record *r, uint32_t i)
{
	uint32_t bits = word_at(r, i);
	float f;

	memcpy(&f, &bits, sizeof(f));
	return f;
}

/* NaN fails both comparisons, so it is out of every range. */
static bool in_range(float v, float min, float max)
{
	return v >= min && v <= max;
}

static bool floats_in_ranges(const struct record *r, uint32_t first,
			     const struct range *ranges, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		if (!in_range(float_at(r, first + i), ranges[i].min, ranges[i].max))
			return false;
	return true;
}

static const char *check_keys(const struct record *r)
{
	uint32_t device = word_at(r, 0), profile = word_at(r, 1);

	if (device >= ADX_DSP_DEVICE_COUNT && device != ADX_TUNING_ANY)
		return "unknown device";
	if (profile >= ADX_DSP_PROFILE_COUNT && profile != ADX_TUNING_ANY)
		return "unknown profile";
	return NULL;
}

static const char *check_eq_band(const struct record *r, uint32_t first)
{
	if (word_at(r, first) >= ADX_EQ_TYPE_COUNT)
		return "unknown EQ band type";
	if (!in_range(float_at(r, first + 1), ADX_TUNING_EQ_FREQ_MIN, ADX_TUNING_EQ_FREQ_MAX))
		return "EQ frequency out of range";
	if (!in_range(float_at(r, first + 2), -ADX_TUNING_EQ_GAIN_MAX_DB, ADX_TUNING_EQ_GAIN_MAX_DB))
		return "EQ gain out of range";
	if (!in_range(float_at(r, first + 3), ADX_TUNING_EQ_Q_MIN, ADX_TUNING_EQ_Q_MAX))
		return "EQ Q out of range";
	return NULL;
}

static const char *check_eq(const struct record *r)
{
	uint32_t bands, i;
	const char *why;

	if (r->words < ADX_TUNING_EQ_FIXED_WORDS)
		return "EQ record too short";
	bands = word_at(r, 2);
	if (bands > ADX_TUNING_MAX_EQ_BANDS)
		return "more than 20 EQ bands";
	if (r->words != ADX_TUNING_EQ_FIXED_WORDS + bands * ADX_TUNING_EQ_BAND_WORDS)
		return "EQ record size does not match its band count";
	for (i = 0; i < bands; i++) {
		why = check_eq_band(r, ADX_TUNING_EQ_FIXED_WORDS + i * ADX_TUNING_EQ_BAND_WORDS);
		if (why)
			return why;
	}
	return check_keys(r);
}

static const char *check_sized(const struct record *r, uint32_t words)
{
	if (r->words != words)
		return "record size wrong for its id";
	return NULL;
}

static const char *check_record(const struct record *r)
{
	const char *why;

	switch (r->id) {
	case ADX_TUNING_EQ:
		return check_eq(r);
	case ADX_TUNING_LEVELER:
		why = check_sized(r, ADX_TUNING_LEVELER_WORDS);
		if (!why && !floats_in_ranges(r, 2, leveler_ranges, 6))
			why = "leveler value out of range";
		return why ? why : check_keys(r);
	case ADX_TUNING_DIALOGUE:
		why = check_sized(r, ADX_TUNING_DIALOGUE_WORDS);
		if (!why && !in_range(float_at(r, 2), 0.0f, ADX_TUNING_DIALOGUE_MAX_DB))
			why = "dialogue amount out of range";
		return why ? why : check_keys(r);
	case ADX_TUNING_LIMITER:
		why = check_sized(r, ADX_TUNING_LIMITER_WORDS);
		if (!why && !in_range(float_at(r, 2), ADX_TUNING_LIMITER_CEILING_MIN,
				      ADX_TUNING_LIMITER_CEILING_MAX))
			why = "limiter ceiling out of range";
		return why ? why : check_keys(r);
	case ADX_TUNING_VIRTUALIZER:
		why = check_sized(r, ADX_TUNING_VIRTUALIZER_WORDS);
		if (!why && !floats_in_ranges(r, 0, virt_ranges, ADX_TUNING_VIRTUALIZER_WORDS))
			why = "virtualizer geometry out of range";
		return why;
	case ADX_TUNING_CTC:
		why = check_sized(r, ADX_TUNING_CTC_WORDS);
		if (!why && !floats_in_ranges(r, 0, ctc_ranges, ADX_TUNING_CTC_WORDS))
			why = "CTC geometry out of range";
		return why;
	}
	return "unknown record id";
}

/* Reads the header at offset; NULL if it frames a record inside the blob. */
static const char *frame_record(const uint8_t *blob, size_t bytes, size_t offset,
				struct record *r)
{
	size_t remaining = bytes - offset;
	struct record header = { 0, 2, blob + offset };
	uint32_t size;

	if (remaining < ADX_TUNING_HEADER_BYTES)
		return "truncated record header";
	r->id = word_at(&header, 0);
	size = word_at(&header, 1);
	if (size < ADX_TUNING_HEADER_BYTES)
		return "record size below the 8-byte header";
	if (size > remaining)
		return "record size past the end of the blob";
	if (size % 4u)
		return "record size not a multiple of 4";
	r->words = (size - ADX_TUNING_HEADER_BYTES) / 4u;
	r->payload = blob + offset + ADX_TUNING_HEADER_BYTES;
	return NULL;
}

static void apply_eq(struct adx_param_set *set, const struct record *r)
{
	uint32_t i, first;

	set->eq_bands = word_at(r, 2);
	for (i = 0; i < set->eq_bands; i++) {
		first = ADX_TUNING_EQ_FIXED_WORDS + i * ADX_TUNING_EQ_BAND_WORDS;
		set->eq[i].type = word_at(r, first);
		set->eq[i].freq_hz = float_at(r, first + 1);
		set->eq[i].gain_db = float_at(r, first + 2);
		set->eq[i].q = float_at(r, first + 3);
	}
}

static void apply_to_set(struct adx_param_set *set, const struct record *r)
{
	switch (r->id) {
	case ADX_TUNING_EQ:
		apply_eq(set, r);
		break;
	case ADX_TUNING_LEVELER:
		set->leveler.target_lufs = float_at(r, 2);
		set->leveler.attack_ms = float_at(r, 3);
		set->leveler.release_ms = float_at(r, 4);
		set->leveler.max_boost_db = float_at(r, 5);
		set->leveler.max_cut_db = float_at(r, 6);
		set->leveler.gate_lufs = float_at(r, 7);
		break;
	case ADX_TUNING_DIALOGUE:
		set->dialogue_db = float_at(r, 2);
		break;
	case ADX_TUNING_LIMITER:
		set->limiter_ceiling_db = float_at(r, 2);
		break;
	}
}

static bool key_matches(uint32_t key, uint32_t value)
{
	return key == ADX_TUNING_ANY || key == value;
}

static void apply_keyed(struct adx_tuning_table *t, const struct record *r)
{
	uint32_t device_key = word_at(r, 0), profile_key = word_at(r, 1);
	uint32_t d, p;

	for (d = 0; d < ADX_DSP_DEVICE_COUNT; d++)
		for (p = 0; p < ADX_DSP_PROFILE_COUNT; p++)
			if (key_matches(device_key, d) && key_matches(profile_key, p))
				apply_to_set(&t->sets[d][p], r);
}

static void apply_record(struct adx_tuning_table *t, const struct record *r)
{
	switch (r->id) {
	case ADX_TUNING_VIRTUALIZER:
		t->virt.head_radius_m = float_at(r, 0);
		t->virt.room_gain = float_at(r, 1);
		t->virt.speaker_distance_m = float_at(r, 2);
		t->virt.lfe_gain = float_at(r, 3);
		break;
	case ADX_TUNING_CTC:
		t->ctc.span_deg = float_at(r, 0);
		t->ctc.distance_m = float_at(r, 1);
		t->ctc.head_radius_m = float_at(r, 2);
		t->ctc.regularisation = float_at(r, 3);
		break;
	default:
		apply_keyed(t, r);
		break;
	}
}

static int fail(struct adx_dsp_tuning_error *error, uint32_t record,
		size_t offset, const char *reason)
{
	if (error) {
		error->record = record;
		error->offset = (uint32_t)offset;
		error->reason = reason;
	}
	return -EINVAL;
}

/* One walk over the blob: validates, and applies if table is not NULL. */
static int walk(struct adx_tuning_table *table, const uint8_t *blob, size_t bytes,
		struct adx_dsp_tuning_error *error)
{
	size_t offset = 0;
	uint32_t index = 0;
	struct record r;
	const char *why;

	for (; offset < bytes; index++, offset += ADX_TUNING_HEADER_BYTES + 4u * (size_t)r.words) {
		why = frame_record(blob, bytes, offset, &r);
		if (!why)
			why = check_record(&r);
		if (why)
			return fail(error, index, offset, why);
		if (table)
			apply_record(table, &r);
	}
	return 0;
}

int adx_tuning_load(struct adx_tuning_table *table, const void *blob,
		    size_t bytes, struct adx_dsp_tuning_error *error)
{
	int ret;

	if (!blob && bytes)
		return fail(error, 0, 0, "NULL blob");
	/* Offsets are reported as u32; a tuning is a few KiB in practice. */
	if (bytes > UINT32_MAX)
		return fail(error, 0, 0, "blob larger than 4 GiB");
	ret = walk(NULL, blob, bytes, error);
	if (ret || !table)
		return ret;
	*table = adx_tuning_builtin;
	return walk(table, blob, bytes, NULL);
}

int adx_dsp_tuning_validate(const void *blob, size_t bytes,
			    struct adx_dsp_tuning_error *error)
{
	return adx_tuning_load(NULL, blob, bytes, error);
}

size_t adx_dsp_tuning_table_bytes(void)
{
	return sizeof(struct adx_tuning_table);
}

size_t adx_dsp_tuning_table_align(void)
{
	return _Alignof(struct adx_tuning_table);
}

int adx_dsp_tuning_matches_builtin(const void *blob, size_t bytes, void *scratch,
				   size_t scratch_bytes, struct adx_dsp_tuning_error *error)
{
	struct adx_tuning_table *table = scratch;
	int ret;

	if (!scratch || scratch_bytes < sizeof(*table) ||
	    (uintptr_t)scratch % _Alignof(struct adx_tuning_table))
		return -EINVAL;
	ret = adx_tuning_load(table, blob, bytes, error);
	if (ret)
		return ret;
	/* The load starts from a copy of the built-in table, padding included. */
	return memcmp(table, &adx_tuning_builtin, sizeof(*table)) == 0;
}
