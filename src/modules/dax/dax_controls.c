// SPDX-License-Identifier: BSD-3-Clause
/* Staged controls; the protocol is described in dax_controls.h. */
#include <errno.h>
#include <string.h>

#include "adx/module/interface.h"
#include "dax_controls.h"

int32_t dax_volume_q8_23(uint32_t q1_31)
{
	/* Q1.31 -> Q8.23 drops 8 fraction bits; round half up in 64 bits. */
	uint64_t q8_23 = ((uint64_t)q1_31 + 128u) >> 8;

	if (q8_23 > (uint64_t)ADX_DSP_VOLUME_MAX)
		return ADX_DSP_VOLUME_MAX;
	return (int32_t)q8_23;
}

struct adx_dax_controls dax_engine_default_controls(void)
{
	return (struct adx_dax_controls){
		.enable = 1,
		.profile = ADX_DAX_PROFILE_DYNAMIC,
		.device = ADX_DAX_DEVICE_SPEAKER,
		.content_processing = 1,
		.ctc_enable = 0,
		.volume_q8_23 = ADX_DSP_VOLUME_UNITY,
	};
}

/* An instance starts from the engine's defaults, on its own device, at full volume. */
int dax_staging_init(struct dax_staging *st, struct adx_mem_owner *mem, uint32_t device)
{
	int ret;

	memset(st, 0, sizeof(*st));
	st->mem = mem;
	st->values = dax_engine_default_controls();
	st->values.device = device;
	st->values.volume_q1_31 = INT32_MAX;
	st->values.generation = 1;
	atomic_init(&st->generation, 1);
	atomic_init(&st->device, device);
	ret = adx_mutex_init(&st->lock);
	return ret;
}

static void free_blob(struct dax_staging *st, struct dax_blob *blob)
{
	if (blob)
		adx_mod_free(st->mem, blob);
}

void dax_staging_destroy(struct dax_staging *st)
{
	dax_staging_quiesced(st);
	free_blob(st, st->blob);
	st->blob = NULL;
	adx_mutex_destroy(&st->lock);
}

static bool is_bool(uint32_t value)
{
	return value <= 1;
}

/* Validates and stores one value; lock held. */
static int store_value(struct adx_dax_controls *v, uint32_t config_id, uint32_t value)
{
	switch (config_id) {
	case ADX_DAX_CFG_ENABLE:
		if (!is_bool(value))
			return -EINVAL;
		v->enable = value;
		return 0;
	case ADX_DAX_CFG_PROFILE:
		if (value >= ADX_DAX_PROFILE_COUNT)
			return -EINVAL;
		v->profile = value;
		return 0;
	case ADX_DAX_CFG_DEVICE:
		if (value >= ADX_DAX_DEVICE_COUNT)
			return -EINVAL;
		v->device = value;
		return 0;
	case ADX_DAX_CFG_CONTENT_PROCESSING:
		if (!is_bool(value))
			return -EINVAL;
		v->content_processing = value;
		return 0;
	case ADX_DAX_CFG_CTC_ENABLE:
		if (!is_bool(value))
			return -EINVAL;
		v->ctc_enable = value;
		return 0;
	case ADX_DAX_CFG_VOLUME:
		v->volume_q1_31 = value;
		v->volume_q8_23 = dax_volume_q8_23(value);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Bumps and publishes the generation; lock held. */
static void publish(struct dax_staging *st)
{
	st->values.generation++;
	atomic_store_explicit(&st->device, st->values.device, memory_order_relaxed);
	atomic_store_explicit(&st->generation, st->values.generation, memory_order_release);
}

int dax_staging_set_u32(struct dax_staging *st, uint32_t config_id, uint32_t value)
{
	int ret;

	adx_module_sync_point("dax.controls.stage");
	adx_mutex_lock(&st->lock);
	ret = store_value(&st->values, config_id, value);
	if (!ret)
		publish(st);
	adx_mutex_unlock(&st->lock);
	return ret;
}

/* Frees the retired blob once the DP side no longer names it; lock held. */
static struct dax_blob *collect_retired(struct dax_staging *st)
{
	struct dax_blob *done = NULL;

	if (st->retired && st->retired != st->blob_in_use) {
		done = st->retired;
		st->retired = NULL;
	}
	return done;
}

/* Swaps `fresh` in; to_free gets the blobs that may be freed now (lock held). */
static void replace_blob(struct dax_staging *st, struct dax_blob *fresh,
			 struct dax_blob *to_free[2])
{
	struct dax_blob *old = st->blob;

	to_free[0] = collect_retired(st);
	to_free[1] = NULL;
	/* A retired blob still in use means `old` is not: the park is free when needed. */
	if (old && old == st->blob_in_use)
		st->retired = old; /* the cycle that adopted it may still read it */
	else
		to_free[1] = old;
	st->blob = fresh;
	st->tuning_generation++;
	st->values.tuning_bytes = fresh ? (uint32_t)fresh->bytes : 0;
	publish(st);
}

static struct dax_blob *copy_blob(struct dax_staging *st, const uint8_t *data, size_t bytes)
{
	struct dax_blob *blob;

	if (!bytes)
		return NULL; /* the built-in tuning needs no buffer */
	blob = adx_mod_alloc(st->mem, sizeof(*blob) + bytes, 0);
	if (!blob)
		return NULL;
	blob->bytes = bytes;
	memcpy(blob->data, data, bytes);
	return blob;
}

int dax_staging_set_tuning(struct dax_staging *st, const uint8_t *data, size_t bytes,
			   struct adx_dsp_tuning_error *error)
{
	struct dax_blob *fresh, *to_free[2];
	int ret;

	if (bytes > ADX_DAX_TUNING_MAX_BYTES || (bytes && !data))
		return -EINVAL;
	if (bytes) {
		ret = adx_dsp_tuning_validate(data, bytes, error);
		if (ret)
			return ret;
	}
	fresh = copy_blob(st, data, bytes);
	if (bytes && !fresh)
		return -ENOMEM;
	adx_module_sync_point("dax.controls.stage");
	adx_mutex_lock(&st->lock);
	replace_blob(st, fresh, to_free);
	adx_mutex_unlock(&st->lock);
	free_blob(st, to_free[0]);
	free_blob(st, to_free[1]);
	return 0;
}

void dax_staging_snapshot(struct dax_staging *st, struct dax_control_set *set)
{
	adx_mutex_lock(&st->lock);
	set->values = st->values;
	set->blob = st->blob;
	set->tuning_generation = st->tuning_generation;
	adx_mutex_unlock(&st->lock);
}

int dax_staging_get_tuning(struct dax_staging *st, uint8_t *data, size_t *size)
{
	int ret = 0;

	adx_mutex_lock(&st->lock);
	if (!st->blob) {
		*size = 0;
	} else if (*size < st->blob->bytes) {
		ret = -ENOSPC;
	} else {
		memcpy(data, st->blob->data, st->blob->bytes);
		*size = st->blob->bytes;
	}
	adx_mutex_unlock(&st->lock);
	return ret;
}

void dax_staging_quiesced(struct dax_staging *st)
{
	struct dax_blob *done;

	adx_mutex_lock(&st->lock);
	st->blob_in_use = NULL;
	done = collect_retired(st);
	adx_mutex_unlock(&st->lock);
	free_blob(st, done);
}

bool dax_staging_adopt(struct dax_staging *st, struct dax_control_set *set)
{
	uint32_t generation;

	adx_module_sync_point("dax.controls.adopt");
	generation = atomic_load_explicit(&st->generation, memory_order_acquire);
	if (generation == set->values.generation)
		return false;
	adx_mutex_lock(&st->lock);
	set->values = st->values;
	set->blob = st->blob;
	set->tuning_generation = st->tuning_generation;
	st->blob_in_use = st->blob;
	adx_mutex_unlock(&st->lock);
	return true;
}
