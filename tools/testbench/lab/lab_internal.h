/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lab/: one run's state, shared by the files that play its parts
 * (lab_run.c the run, lab_events.c the timeline, lab_ops.c the host
 * driver's ops, lab_burst.c other firmware's allocations, lab_heap.c,
 * lab_sched.c and lab_log.c the observers, lab_stats.c and lab_endpoints.c
 * the figures, lab_common.c what they all use). Every function here runs on
 * the control thread unless it says otherwise.
 */
#ifndef ADX_TB_LAB_INTERNAL_H
#define ADX_TB_LAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/modules/dax.h"
#include "adx/modules/gateway.h"
#include "adx/platform/log.h"
#include "adx/platform/platform.h"
#include "fw/fw.h"
#include "output/output.h"
#include "lab.h"
#include "lab_hold.h"
#include "lab_perf.h"

#define TID_LL 1
#define TID_CONTROL 2
#define TID_HEAP 3
#define TID_DP0 10
#define MAX_DP_TASKS 32
#define MAX_BURSTS 64
#define CHUNK_TICKS 50          /* progress and heap sampling granularity */
#define TAIL_US 200000          /* run on this long after the last event */
#define OP_TIMEOUT_NS 2000000000ull
#define ARENA_ALIGN 64
#define INSTANCES_PER_PIPELINE (TB_MAX_STAGES + 2)
#define MAX_LOG_LINES 256
#define MID_CYCLE_MAX_TICKS 50   /* a mid_cycle op waits at most this long for a cycle */

/* Instance ids are fixed per pipeline: index * INSTANCES_PER_PIPELINE + position. */
_Static_assert(TB_MAX_PIPELINES * INSTANCES_PER_PIPELINE <= ADX_IPC_MAX_INSTANCES,
	       "every pipeline's instances have ids in the IPC's table");

enum pcm_state { PCM_CLOSED, PCM_OPEN, PCM_SETUP, PCM_PREPARED, PCM_RUNNING };

struct stream_in {
	const struct tb_audio *audio;
	size_t frame_bytes;
	uint64_t pos;
	bool loop;
};

struct stream_out {
	uint8_t *data;
	size_t frame_bytes;
	uint64_t frames;
	uint64_t cap;
};

struct ppl_rt {
	const struct tb_pipeline_spec *spec;
	enum pcm_state state;
	bool in_fw;
	uint32_t inst[INSTANCES_PER_PIPELINE];
	int num_inst;
	struct stream_in in;
	struct stream_out out;
	struct adx_gateway host_gw;
	struct adx_gateway dai_gw;
	bool dai_counted;            /* DAI figures since the last prepare are in */
	long last_switch;            /* its latest switch record, -1 */
	struct adx_dax_stats dax_at_start; /* the DAX instance's figures at its last start */
	size_t free_at_engine_request;    /* the heap its DAX instance's engine request met */
	size_t largest_at_engine_request;
};

struct burst {
	bool live;
	char tag[TB_NAME_MAX];
	struct adx_mem_owner owner;
	void **ptrs;
	uint32_t count;
};

struct lab {
	const struct lab_run_options *opt;
	const struct tb_scenario *sc;
	struct lab_result *res;
	void *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	bool sched_ready;
	struct tb_fw *fw;
	struct ppl_rt ppl[TB_MAX_PIPELINES];
	struct burst bursts[MAX_BURSTS];
	char current_op[96];
	size_t large_threshold;
	size_t cap_samples, cap_failures, cap_ops, cap_maps, cap_modules, cap_switches;
	/* trace state of the LL and DP observers */
	struct adx_mutex trace_lock;
	uint64_t tick_start_ns;
	const struct adx_dp_task *dp_tasks[MAX_DP_TASKS];
	uint64_t dp_start_ns[MAX_DP_TASKS];
	uint64_t dp_instructions[MAX_DP_TASKS];    /* measured, since last gathered */
	uint64_t dp_measured_cycles[MAX_DP_TASKS];
	int num_dp_tasks;
	bool first_engine_request_done;
	size_t instant_peak_row;                   /* heap timeline: this instant's fullest row */
	struct lab_perf *perf;                     /* NULL: instructions not measured */
	/* "<id>.<driver>" (the firmware's module names) -> "pipeline.stage" */
	char inst_label[ADX_IPC_MAX_INSTANCES][ADX_MODULE_NAME_MAX + 16];
	struct adx_mutex log_lock;
	/* mid_cycle ops: which stages may be held, and the hold */
	bool hold_stage[TB_MAX_PIPELINES][TB_MAX_STAGES];
	struct lab_hold *hold;
};

/* lab_common.c: bookkeeping, the clock, names and the trace. */
void *lab_grow(void *array, size_t *cap, size_t count, size_t elem);
uint64_t lab_now(struct lab *lab);
/* A firmware module name "<instance>.<driver>" as the scenario calls it. */
const char *lab_label_of(const struct lab *lab, const char *fw_name);
/* One trace event (args taken over); counted as dropped when the trace is full. */
void lab_emit(struct lab *lab, char ph, int tid, const char *name, const char *cat,
	      uint64_t ts, uint64_t dur, json_t *args);
/* The policy a DAX stage runs under: the forced one (--policy, --compare), or its own. */
enum adx_dax_policy lab_stage_policy(const struct lab *lab, const struct tb_stage *st);

/* lab_events.c: the timeline. */
int lab_plan_holds(struct lab *lab);
int lab_advance_to(struct lab *lab, uint64_t tick);
int lab_settle_dp(struct lab *lab, const struct tb_event *ev);
void lab_run_event(struct lab *lab, const struct tb_event *ev);
void lab_close_all(struct lab *lab);

/* lab_ops.c: one event as the host driver performs it; 0 or -errno, note says more. */
int lab_perform(struct lab *lab, const struct tb_event *ev, char *note, size_t n);

/* lab_burst.c */
int lab_burst_alloc(struct lab *lab, const struct tb_burst *b, char *note, size_t n);
struct burst *lab_burst_find(struct lab *lab, const char *tag);
void lab_burst_release(struct burst *bu);

/* lab_heap.c: the heap's observer and the timeline it feeds. */
void lab_on_heap_event(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev);
void lab_sample_heap(struct lab *lab);
size_t lab_engine_committed(void);
uint64_t lab_count_used_blocks(struct adx_heap *heap);

/* lab_sched.c: the scheduler's observer (any thread). */
void lab_on_sched_event(void *ctx, const struct adx_sched_event *ev);
/* The instructions measured for a DP task's cycles move into its module's figures. */
void lab_take_instructions(struct lab *lab, const struct adx_dp_task *task,
			   struct lab_module_stats *m);

/* lab_log.c: the firmware's log (any thread) and IPC messages. */
void lab_on_log(void *ctx, enum adx_log_level level, const char *component, const char *line);
void lab_on_ipc_message(void *ctx, const struct adx_ipc_msg_header *msg,
			const struct adx_ipc_reply_header *reply);
void lab_label_instances(struct lab *lab);

/* lab_stats.c: figures read before a reset or close. */
void lab_gather_modules(struct lab *lab, struct ppl_rt *p);
void lab_gather_switch(struct lab *lab, struct ppl_rt *p);
void lab_record_switch(struct lab *lab, struct ppl_rt *p);
void lab_note_engine_request(struct lab *lab, struct ppl_rt *p, enum tb_op op);

/* lab_endpoints.c */
void lab_setup_gateways(struct lab *lab);
void lab_gather_dai(struct lab *lab, struct ppl_rt *p, int index);
int lab_save_endpoints(struct lab *lab, char *err, size_t err_size);

#endif
