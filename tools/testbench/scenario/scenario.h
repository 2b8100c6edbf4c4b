/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scenarios: what the lab runs (docs/scenarios.md describes the file format).
 * The scenario room's door: nothing else in scenario/ is for other rooms.
 *
 * A scenario is a YAML file (comments allowed) with a heap, the pipelines a
 * topology would declare, and a timeline in milliseconds of what a host
 * driver does to them. tb_scenario_load() parses it with libyaml and then
 * checks it as a whole (names resolve, formats agree, every op is legal in
 * the state the timeline leaves its pipeline in), so an impossible scenario
 * is refused with file:line:column before any audio moves.
 */
#ifndef ADX_TB_SCENARIO_H
#define ADX_TB_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/format.h"
#include "adx/mem/heap.h"
#include "adx/modules/dax.h"

#define TB_NAME_MAX 32
#define TB_MAX_PIPELINES 10       /* x (stages + 2) instance ids within the IPC's 64 */
#define TB_MAX_STAGES 4          /* modules between the host and DAI copiers */
#define TB_MAX_EVENTS 4096
/*
 * A scenario file's bounds, checked before its YAML document is built
 * (docs/scenarios.md shows how far inside them the shipped scenarios sit).
 */
#define TB_SCENARIO_MAX_BYTES (1024u * 1024u)
#define TB_SCENARIO_MAX_DEPTH 32
#define TB_SCENARIO_MAX_NODES 100000
/*
 * Every DAX instance is initialised for the module's maximum of 8 input
 * channels, the size its shared and static regions are built for, so all
 * four policies commit the same S and compare fairly.
 */
#define TB_DAX_MAX_CHANNELS 8u

/*
 * Policies (enum adx_dax_policy), heap kinds (enum adx_heap_kind) and output
 * devices (enum adx_dax_device) are the firmware's own, named by its tables
 * (adx_dax_policy_name(), adx_heap_kind_name()). These lists, "init,
 * prepare, static, shared" and "adx, sysheap", are built from those tables
 * for messages and help.
 */
void tb_policy_list(char *out, size_t size);
void tb_heap_kind_list(char *out, size_t size);

/* Where a node starts in the scenario file (1-based). */
struct tb_mark {
	int line;
	int column;
};

enum tb_signal_kind {
	TB_SIGNAL_SINE,
	TB_SIGNAL_NOISE,
	TB_SIGNAL_SILENCE,
};

/* A generated input: used where a property must be measured. */
struct tb_signal {
	enum tb_signal_kind kind;
	double freq_hz;
	double level_dbfs;
	double seconds;
	uint32_t seed;
};

/* What a host endpoint reads: a file (converted with sox when needed) or a signal. */
struct tb_source {
	bool generated;
	char *path;              /* resolved against the scenario's folder */
	struct tb_signal signal;
	bool loop;               /* start again at the end instead of playing silence */
	struct tb_mark mark;
};

enum tb_stage_kind {
	TB_STAGE_VOLUME,
	TB_STAGE_DP_PASSTHROUGH,
	TB_STAGE_DAX,
};

struct tb_stage {
	enum tb_stage_kind kind;
	char name[TB_NAME_MAX];
	struct tb_mark mark;
	/* volume */
	double gain_db;
	/* dp-passthrough (the DAX module declares its own) */
	uint32_t block_frames;
	uint32_t period_us;
	uint64_t cost_ns;        /* virtual-time charge per DP cycle */
	/* dax */
	enum adx_dax_device device;
	int priority;            /* 0..255, the last ownership tie-break; default:
				  * speaker 2, headphone 1 */
	bool policy_given;
	enum adx_dax_policy policy;   /* per-instance override of the scenario's policy */
};

struct tb_pipeline_spec {
	char name[TB_NAME_MAX];
	uint32_t id;
	struct adx_stream_params format;
	struct tb_source host;
	char *dai_path;          /* output file, under the run's audio folder */
	char dai_name[TB_NAME_MAX];
	struct tb_stage stages[TB_MAX_STAGES];
	int num_stages;
	int dax_stage;           /* index of the DAX stage, -1 if none */
	struct tb_mark mark;
	struct tb_mark rate_mark;     /* the format's rate value; the pipeline's mark
				       * when the rate was defaulted */
	struct tb_mark channels_mark; /* likewise for channels */
};

enum tb_op {
	TB_OP_OPEN,
	TB_OP_HW_PARAMS,
	TB_OP_PREPARE,
	TB_OP_START,
	TB_OP_STOP,
	TB_OP_RESET,
	TB_OP_CLOSE,
	TB_OP_CONTROL,
	TB_OP_ALLOC,             /* a burst of small allocations by "other firmware" */
	TB_OP_RELEASE,           /* frees a burst */
	TB_OP_COUNT,
};

const char *tb_op_name(enum tb_op op);

enum tb_control_kind {
	TB_CTL_ENABLE,
	TB_CTL_PROFILE,
	TB_CTL_DEVICE,
	TB_CTL_VOLUME,
	TB_CTL_CTC,
	TB_CTL_CONTENT,
	TB_CTL_TUNING,
	TB_CTL_GAIN,             /* the volume module's gain in dB */
	TB_CTL_COUNT,
};

const char *tb_control_name(enum tb_control_kind kind);

struct tb_control {
	enum tb_control_kind kind;
	int32_t value;           /* enable/ctc/content 0-1, profile/device enum,
				  * volume Q1.31 (DAX peak volume), gain Q8.23 */
	char *blob_path;         /* tuning */
	char stage[TB_NAME_MAX]; /* the module it targets */
};

struct tb_burst {
	char tag[TB_NAME_MAX];
	uint32_t count;
	uint32_t min_bytes;
	uint32_t max_bytes;
	uint32_t seed;
	double keep;             /* fraction left allocated until release (0..1) */
};

struct tb_event {
	uint64_t at_us;
	enum tb_op op;
	int pipeline;            /* index, -1 for heap ops */
	struct tb_control control;
	struct tb_burst burst;
	struct tb_mark mark;     /* the op, control or burst */
	struct tb_mark at_mark;  /* its time */
	int mid_cycle_stage;     /* -1, or the DP stage whose cycle this op must
				  * arrive in (threads executor: the lab holds
				  * that cycle until the op is issued) */
	struct tb_mark mid_cycle_mark;
	uint32_t seq;            /* file order, for a stable sort */
};

struct tb_scenario {
	char *path;
	char *dir;               /* folder relative paths resolve against */
	char name[64];
	char *description;
	size_t heap_bytes;       /* the DSP's total memory budget (memory.total, or its
				  * older spelling heap.size): a run's heap is this
				  * minus any static region it reserves
				  * (tb_scenario_heap_bytes) */
	enum adx_heap_kind heaps[2];
	int num_heaps;
	enum adx_dax_policy policy;
	size_t engine_bytes;     /* S: adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS), from the module */
	size_t static_region_bytes; /* the module's linker-placed region (>= S) */
	enum tb_exec_hint { TB_EXEC_ANY, TB_EXEC_THREADS_ONLY } exec;
	uint64_t duration_us;    /* run length; 0: last event + tail */
	struct tb_pipeline_spec pipelines[TB_MAX_PIPELINES];
	int num_pipelines;
	struct tb_event *events;
	int num_events;
};

/*
 * Loads and checks `path`. On error returns -EINVAL and writes
 * "path:line:column: what was found, what was expected" into err.
 */
int tb_scenario_load(struct tb_scenario *sc, const char *path, char *err, size_t err_size);
void tb_scenario_free(struct tb_scenario *sc);

/* Semantic check of a parsed scenario (called by tb_scenario_load). */
int tb_scenario_check(const struct tb_scenario *sc, char *err, size_t err_size);

/*
 * The heap a run gets out of the total: with `reserves_region` (some DAX
 * instance runs the static policy) the static region is carved out of it,
 * unless `same_heap` asks for the old comparison (region on top of the
 * heap, unequal totals). 0 when the total cannot hold the region and
 * TB_MIN_HEAP_BYTES of heap for the firmware's own blocks.
 */
#define TB_MIN_HEAP_BYTES (16u * 1024)
size_t tb_scenario_heap_bytes(const struct tb_scenario *sc, bool reserves_region, bool same_heap);
/* The smallest total a run that reserves the static region accepts. */
size_t tb_scenario_min_total(const struct tb_scenario *sc, bool reserves_region);

int tb_scenario_find_pipeline(const struct tb_scenario *sc, const char *name);
int tb_pipeline_find_stage(const struct tb_pipeline_spec *p, const char *name);

#endif
