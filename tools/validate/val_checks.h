/* SPDX-License-Identifier: BSD-3-Clause */
/* What the check groups share: signals, comparisons, rig shortcuts. */
#ifndef VAL_CHECKS_H
#define VAL_CHECKS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "val.h"
#include "val_rig.h"

/* Each group's checks, ended by a NULL name. */
extern const struct val_check val_lifecycle_checks[];
extern const struct val_check val_memory_checks[];
extern const struct val_check val_audio_checks[];
extern const struct val_check val_dp_checks[];
extern const struct val_check val_config_checks[];

/* frames x channels of uniform noise at `level` (malloc'ed; NULL on ENOMEM). */
float *val_noise(struct val_rng *rng, uint64_t frames, uint32_t channels, float level);
bool val_buf_equal(const struct val_buf *a, const struct val_buf *b);
/* The first frame where a and b differ (or the shorter length). */
uint64_t val_buf_first_difference(const struct val_buf *a, const struct val_buf *b);
/* Index of the first non-finite sample from frame `from` on, or -1. */
int64_t val_buf_first_nonfinite(const struct val_buf *buf, uint64_t from);

/* A fresh rig's module brought to `state` (DISABLED: initialised, then freed). */
int val_rig_reach(struct val_rig *rig, enum adx_module_state state);
/* Frees the module; fails res unless the heap is back to empty with no leak reported. */
bool val_free_leaves_nothing(struct val_rig *rig, struct val_result *res, const char *after);
/* Runs `periods` of noise from `seed` through a started rig. */
int val_run_noise(struct val_rig *rig, uint64_t seed, uint32_t periods);
/* The number of sample configurations the target declares. */
int val_config_count(const struct val_target *target);
/* Sends sample configuration i whole (SINGLE). */
int val_send_config(struct val_rig *rig, int i);

#endif
