/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Staged controls: how set_configuration (control thread) reaches process()
 * (DP thread) without ever writing state process() reads (docs/design.md §5).
 *
 * The control side keeps one complete set of values under a mutex and
 * bumps a generation (published with a release store) after each accepted
 * change. At the start of a cycle the DP side compares the generation with
 * the one it adopted last and, if it moved, copies the whole set under the
 * mutex. Because the set is complete, the latest value of every control
 * wins and none is lost, however many changes arrive between two cycles.
 * Neither side blocks inside the lock, and no yield point sits inside it, so
 * a virtual-time DP cycle paused at a yield point never holds it.
 *
 * Tuning blobs are validated whole at set time, copied into a buffer from
 * the module's heap memory and staged by pointer. The DP side reads a blob
 * only in the cycle that adopted it; the control side frees a replaced blob
 * only when the DP side no longer names it as the one in use, else it
 * parks it as `retired` until then.
 */
#ifndef ADX_DAX_CONTROLS_H
#define ADX_DAX_CONTROLS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/modules/dax.h"
#include "adx/dsp/engine.h"
#include "adx/mem/module_mem.h"
#include "adx/platform/platform.h"

/* A staged tuning blob; 64-bit header so the payload keeps 8-byte alignment. */
struct dax_blob {
	uint64_t bytes;
	uint8_t data[];
};

/* A complete set of controls with the blob that belongs to it. */
struct dax_control_set {
	struct adx_dax_controls values;
	const struct dax_blob *blob;        /* NULL: built-in tuning */
	uint32_t tuning_generation;         /* changes with every accepted blob */
};

struct dax_staging {
	struct adx_mutex lock;
	struct adx_dax_controls values;     /* guarded by lock */
	struct dax_blob *blob;              /* guarded: the latest blob */
	struct dax_blob *blob_in_use;       /* guarded: the blob the DP side adopted last */
	struct dax_blob *retired;           /* guarded: replaced while in use */
	uint32_t tuning_generation;         /* guarded */
	_Atomic uint32_t generation;        /* values.generation, published */
	_Atomic uint32_t device;            /* values.device, for ownership ranking */
	struct adx_mem_owner *mem;
};

/* The controls a freshly initialised engine has (engine.h: adx_dsp_init). */
struct adx_dax_controls dax_engine_default_controls(void);
int dax_staging_init(struct dax_staging *st, struct adx_mem_owner *mem, uint32_t device);
/* Frees every blob; no cycle may run. */
void dax_staging_destroy(struct dax_staging *st);

/* Control side. Each returns 0 or -EINVAL (nothing changed). */
int dax_staging_set_u32(struct dax_staging *st, uint32_t config_id, uint32_t value);
/* -EINVAL with *error naming the record, -ENOMEM, or 0. bytes 0: built-in tuning. */
int dax_staging_set_tuning(struct dax_staging *st, const uint8_t *blob, size_t bytes,
			   struct adx_dsp_tuning_error *error);
/* A consistent copy; set->blob stays valid until the next control op. */
void dax_staging_snapshot(struct dax_staging *st, struct dax_control_set *set);
/* Copies the staged blob: 0 with *size set, or -ENOSPC when it does not fit. */
int dax_staging_get_tuning(struct dax_staging *st, uint8_t *data, size_t *size);
/* No cycle can run (reset/free): nothing is in use any more, retired blobs go. */
void dax_staging_quiesced(struct dax_staging *st);

/* DP side: adopts the latest set if it moved since *set; true if it did. */
bool dax_staging_adopt(struct dax_staging *st, struct dax_control_set *set);

/* Q1.31 peak volume (0x7FFFFFFF = 0 dB) to the engine's Q8.23, rounded, saturated. */
int32_t dax_volume_q8_23(uint32_t q1_31);

#endif
