/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Measured instructions per module period: a per-thread hardware counter
 * (perf_event_open, PERF_COUNT_HW_INSTRUCTIONS, user space only) read at
 * each scheduler event, so what ran on a thread between two of its events
 * is charged to the second (lab_sched.c says which event charges what).
 *
 * Many kernels and most VMs refuse the counter (no PMU, or
 * perf_event_paranoid); then lab_perf_open() returns NULL and says why, and
 * the report carries "instructions": null with that reason instead of a
 * number nobody measured.
 */
#ifndef ADX_TB_LAB_PERF_H
#define ADX_TB_LAB_PERF_H

#include <stddef.h>
#include <stdint.h>

struct lab_perf;

/* NULL with `why` filled when the counter is unavailable. */
struct lab_perf *lab_perf_open(char *why, size_t why_size);
/* Instructions the calling thread ran since its previous call (0 on its first). */
uint64_t lab_perf_since_last(struct lab_perf *perf);
/* Closes every thread's counter; call once no thread uses it any more. */
void lab_perf_close(struct lab_perf *perf);

#endif
