/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a run writes while it runs, the output room's door: trace.json and
 * the progress bar. Both know nothing of the lab that feeds them.
 */
#ifndef ADX_TB_OUTPUT_H
#define ADX_TB_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct lab_trace;
struct lab_progress;

/* trace.json (Chrome trace-event format), shared by every run of one invocation. */
struct lab_trace *lab_trace_open(const char *path, char *err, size_t err_size);
void lab_trace_name_process(struct lab_trace *tr, int pid, const char *name);
void lab_trace_name_thread(struct lab_trace *tr, int pid, int tid, const char *name);
/*
 * One event: ph 'X' (complete, dur_ns used), 'i' (instant) or 'C' (counter).
 * args (may be NULL) is taken over. Thread-safe. Returns false when the
 * per-process cap was reached and the event was dropped.
 */
bool lab_trace_event(struct lab_trace *tr, char ph, int pid, int tid, const char *name,
		     const char *cat, uint64_t ts_ns, uint64_t dur_ns, json_t *args);
int lab_trace_close(struct lab_trace *tr);

/* Progress bar on stderr: only on a terminal, only once a run passed a second. */
struct lab_progress *lab_progress_new(uint64_t total_ticks, bool enabled);
void lab_progress_label(struct lab_progress *pg, const char *label);
void lab_progress_advance(struct lab_progress *pg, uint64_t ticks);
void lab_progress_done(struct lab_progress *pg);

#endif
