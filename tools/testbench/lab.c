// SPDX-License-Identifier: BSD-3-Clause
/*
 * One lab run: a scenario's timeline played against the firmware under one
 * DAX policy and one heap. The control thread (this one) runs LL ticks up to
 * each event's time, then performs the event as a host driver would, in
 * binary IPC messages through the firmware seam (fw.h): the DAX module is
 * the real one (adx_dax_driver), registered as a module type. Heap and
 * scheduler observers feed the heap timeline, the block maps and the trace
 * while audio moves; module and endpoint statistics are gathered before
 * each reset and close (copiers clear theirs at prepare, and a closed
 * module's figures go with it).
 *
 * Runtime failures the scenario provokes (an allocation that fails, an op
 * the firmware refuses) are recorded in the timeline and the run goes on.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adx/audio/observe.h"
#include "adx/modules/dax.h"
#include "adx/platform/log.h"
#include "adx/platform/platform.h"
#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/gateway.h"
#include "adx/modules/volume.h"
#include "fw.h"
#include "lab.h"
#include "lab_hold.h"
#include "lab_perf.h"
#include "lab_wrap.h"

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

/* ---- small helpers ---- */

static void *grow(void *array, size_t *cap, size_t count, size_t elem)
{
	size_t n;
	void *p;

	if (count < *cap)
		return array;
	n = *cap ? *cap * 2 : 64;
	p = realloc(array, n * elem);
	if (!p)
		abort();    /* the testbench's own bookkeeping; nothing sensible to do */
	*cap = n;
	return p;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t now_ns(struct lab *lab)
{
	return adx_sched_now_ns(&lab->sched);
}

/* A firmware module name "<instance>.<driver>" as the scenario calls it. */
static const char *label_of(const struct lab *lab, const char *fw_name)
{
	char *end;
	unsigned long id = strtoul(fw_name, &end, 10);

	if (end == fw_name || *end != '.' || id >= ADX_IPC_MAX_INSTANCES ||
	    !lab->inst_label[id][0])
		return fw_name;
	return lab->inst_label[id];
}

static const char *owner_name(const struct lab *lab, const struct adx_heap *heap,
			      uint16_t tag)
{
	const char *name = adx_mem_owner_name(heap, tag);

	if (name)
		return label_of(lab, name);
	return tag == ADX_OWNER_NONE ? "-" : "?";
}

static size_t engine_committed(void)
{
	struct adx_dax_memory_stats ms;

	adx_dax_get_memory_stats(&ms);
	return ms.total_bytes;
}

static void trace(struct lab *lab, char ph, int tid, const char *name, const char *cat,
		  uint64_t ts, uint64_t dur, json_t *args)
{
	if (!lab->opt->trace) {
		json_decref(args);
		return;
	}
	if (!lab_trace_event(lab->opt->trace, ph, lab->opt->trace_pid, tid, name, cat, ts, dur,
			     args))
		lab->res->trace_events_dropped++;
}

/* ---- heap timeline, failures and block maps ---- */

/*
 * At most two rows per instant: the heap at its fullest during the instant
 * (ops at one time run back to back, and the peak between them is what the
 * discussion asks about), then how the instant ended.
 */
static void keep_sample(struct lab *lab, const struct lab_sample *s)
{
	struct lab_result *res = lab->res;
	size_t peak = lab->instant_peak_row;

	if (!res->num_samples || res->samples[res->num_samples - 1].t_ns != s->t_ns) {
		res->samples = grow(res->samples, &lab->cap_samples, res->num_samples,
				    sizeof(*s));
		lab->instant_peak_row = res->num_samples;
		res->samples[res->num_samples++] = *s;
	} else if (s->used >= res->samples[peak].used) {
		res->samples[peak] = *s;
		res->num_samples = peak + 1;
	} else if (res->num_samples == peak + 1) {
		res->samples = grow(res->samples, &lab->cap_samples, res->num_samples,
				    sizeof(*s));
		res->samples[res->num_samples++] = *s;
	} else {
		res->samples[res->num_samples - 1] = *s;
	}
}

static void sample_heap(struct lab *lab)
{
	struct lab_result *res = lab->res;
	struct adx_heap_stats hs;
	struct lab_sample s;
	uint64_t t = now_ns(lab);

	adx_heap_get_stats(lab->heap, &hs);
	s = (struct lab_sample){ .t_ns = t, .used = hs.used_bytes, .free = hs.free_bytes,
				 .largest = hs.largest_free_bytes,
				 .committed = engine_committed(),
				 .fragmentation = adx_heap_fragmentation(&hs) };
	if (s.used > res->peak_used)
		res->peak_used = s.used;
	if (s.committed > res->peak_committed)
		res->peak_committed = s.committed;
	keep_sample(lab, &s);
	trace(lab, 'C', TID_HEAP, "heap", "heap", t, 0,
	      json_pack("{s:I, s:I, s:I}", "used", (json_int_t)s.used,
			"largest_free", (json_int_t)s.largest,
			"engine_committed", (json_int_t)s.committed));
}

struct walk_ctx {
	struct lab *lab;
	struct lab_block_map *map;
	size_t cap;
};

static void visit_block(void *ctx, const struct adx_heap_block *b)
{
	struct walk_ctx *w = ctx;
	struct lab_block blk = { .offset = b->offset, .size = b->size };
	const char *owner = owner_name(w->lab, w->lab->heap, b->owner);

	if (!b->used)
		blk.cls = LAB_BLOCK_FREE;
	else if (b->payload_size >= w->lab->large_threshold)
		blk.cls = LAB_BLOCK_ENGINE;
	else if (!strncmp(owner, "burst-", 6))
		blk.cls = LAB_BLOCK_BURST;
	else
		blk.cls = LAB_BLOCK_OTHER;
	w->map->blocks = grow(w->map->blocks, &w->cap, w->map->num_blocks, sizeof(blk));
	w->map->blocks[w->map->num_blocks++] = blk;
}

static void snapshot_map(struct lab *lab, size_t request, bool failed, const char *owner)
{
	struct lab_result *res = lab->res;
	struct walk_ctx w = { .lab = lab };

	res->maps = grow(res->maps, &lab->cap_maps, res->num_maps, sizeof(*res->maps));
	w.map = &res->maps[res->num_maps++];
	*w.map = (struct lab_block_map){ .t_ns = now_ns(lab), .request = request,
					 .failed = failed };
	snprintf(w.map->label, sizeof(w.map->label), "%.1f ms %s %zu B for %s%s",
		 now_ns(lab) / 1e6, failed ? "FAILED" : "alloc", request, owner,
		 lab->current_op[0] ? "" : "");
	adx_heap_walk(lab->heap, visit_block, &w);
}

static void on_heap_event(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev)
{
	static const char *const names[] = { "alloc", "free", "alloc failed", "bad heap call" };
	struct lab *lab = ctx;
	struct lab_result *res = lab->res;
	const char *owner = owner_name(lab, heap, ev->owner);
	uint64_t t = now_ns(lab);

	if (ev->kind == ADX_HEAP_EV_FAIL) {
		struct lab_failure *f;

		res->failures = grow(res->failures, &lab->cap_failures, res->num_failures,
				     sizeof(*f));
		f = &res->failures[res->num_failures++];
		*f = (struct lab_failure){ .t_ns = t, .size = ev->size };
		snprintf(f->owner, sizeof(f->owner), "%s", owner);
		snprintf(f->op, sizeof(f->op), "%s", lab->current_op);
		res->alloc_failures++;
		res->engine_failures += ev->size >= lab->large_threshold;
	}
	trace(lab, 'i', TID_HEAP, names[ev->kind], "heap", t, 0,
	      json_pack("{s:I, s:s, s:s}", "size", (json_int_t)ev->size, "owner", owner,
			"op", lab->current_op));
	sample_heap(lab);
	if ((ev->kind == ADX_HEAP_EV_ALLOC || ev->kind == ADX_HEAP_EV_FAIL) &&
	    ev->size >= lab->large_threshold)
		snapshot_map(lab, ev->size, ev->kind == ADX_HEAP_EV_FAIL, owner);
}

/* ---- scheduler observer: LL ticks and DP cycles in the trace ---- */

static int dp_index(struct lab *lab, const struct adx_dp_task *task)
{
	for (int i = 0; i < lab->num_dp_tasks; i++)
		if (lab->dp_tasks[i] == task)
			return i;
	if (lab->num_dp_tasks == MAX_DP_TASKS)
		return -1;
	lab->dp_tasks[lab->num_dp_tasks] = task;
	lab->dp_instructions[lab->num_dp_tasks] = 0;
	lab->dp_measured_cycles[lab->num_dp_tasks] = 0;
	if (lab->opt->trace)
		lab_trace_name_thread(lab->opt->trace, lab->opt->trace_pid,
				      TID_DP0 + lab->num_dp_tasks, label_of(lab, task->name));
	return lab->num_dp_tasks++;
}

/*
 * Instructions are read on the thread the event comes from and charged to
 * what ran on that thread since its previous event: the tick's LL work at
 * TICK_END, the cycle's code at DP_END (in virtual time a cycle's code runs
 * just before its DP_END; on threads between its DP_START and DP_END).
 */
static void on_sched_event(void *ctx, const struct adx_sched_event *ev)
{
	struct lab *lab = ctx;
	uint64_t instr = lab->perf ? lab_perf_since_last(lab->perf) : 0;
	int i;

	adx_mutex_lock(&lab->trace_lock);
	switch (ev->kind) {
	case ADX_SCHED_EV_TICK_START:
		lab->tick_start_ns = ev->time_ns;
		break;
	case ADX_SCHED_EV_TICK_END:
		if (lab->perf)
			adx_hist_add(&lab->res->ll_instructions, instr);
		trace(lab, 'X', TID_LL, "LL tick", "ll", lab->tick_start_ns,
		      ev->time_ns - lab->tick_start_ns, NULL);
		break;
	case ADX_SCHED_EV_DP_START:
		i = dp_index(lab, ev->task);
		if (i >= 0)
			lab->dp_start_ns[i] = ev->time_ns;
		break;
	case ADX_SCHED_EV_DP_END:
		if (lab->hold)
			lab_hold_cycle_ended(lab->hold, ev->task);
		i = dp_index(lab, ev->task);
		if (i >= 0) {
			lab->dp_instructions[i] += instr;
			lab->dp_measured_cycles[i]++;
			trace(lab, 'X', TID_DP0 + i, label_of(lab, ev->task->name), "dp",
			      lab->dp_start_ns[i], ev->time_ns - lab->dp_start_ns[i], NULL);
		}
		break;
	case ADX_SCHED_EV_DP_MISS:
		i = dp_index(lab, ev->task);
		if (i >= 0)
			trace(lab, 'i', TID_DP0 + i, "deadline miss", "dp", ev->time_ns, 0, NULL);
		break;
	default:
		break;
	}
	adx_mutex_unlock(&lab->trace_lock);
}

/* ---- gateways backed by memory ---- */

static uint32_t stream_read(void *ctx, void *dst, uint32_t frames)
{
	struct stream_in *s = ctx;
	uint32_t done = 0;

	while (done < frames) {
		uint64_t left = s->audio->frames - s->pos;
		uint32_t n = left < frames - done ? (uint32_t)left : frames - done;

		memcpy((uint8_t *)dst + (size_t)done * s->frame_bytes,
		       (const uint8_t *)s->audio->samples + s->pos * s->frame_bytes,
		       (size_t)n * s->frame_bytes);
		s->pos += n;
		done += n;
		if (s->pos < s->audio->frames || !s->loop)
			break;
		s->pos = 0;
	}
	return done;
}

static uint32_t stream_write(void *ctx, const void *src, uint32_t frames)
{
	struct stream_out *s = ctx;

	if (s->frames + frames > s->cap) {
		uint64_t cap = s->cap ? s->cap * 2 : 48000;
		uint8_t *p;

		while (cap < s->frames + frames)
			cap *= 2;
		p = realloc(s->data, (size_t)cap * s->frame_bytes);
		if (!p)
			return 0;
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data + s->frames * s->frame_bytes, src, (size_t)frames * s->frame_bytes);
	s->frames += frames;
	return frames;
}

static void setup_gateways(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct ppl_rt *p = &lab->ppl[i];
		size_t fb = adx_frame_bytes(&p->spec->format);

		p->in = (struct stream_in){ .audio = &lab->opt->inputs[i], .frame_bytes = fb,
					    .loop = p->spec->host.loop };
		p->out.frame_bytes = fb;
		p->host_gw = (struct adx_gateway){ .name = p->spec->name,
						   .params = p->spec->format,
						   .read = stream_read, .ctx = &p->in };
		p->dai_gw = (struct adx_gateway){ .name = p->spec->dai_name,
						  .params = p->spec->format,
						  .write = stream_write, .ctx = &p->out };
		adx_gateway_register((uint32_t)(2 * i), &p->host_gw);
		adx_gateway_register((uint32_t)(2 * i + 1), &p->dai_gw);
	}
}

/* ---- statistics gathered before reset/close ---- */

static struct lab_module_stats *module_entry(struct lab *lab, const struct adx_module *mod)
{
	struct lab_result *res = lab->res;
	struct lab_module_stats *m;

	const char *name = label_of(lab, mod->name);

	for (size_t i = 0; i < res->num_modules; i++)
		if (!strcmp(res->modules[i].name, name))
			return &res->modules[i];
	res->modules = grow(res->modules, &lab->cap_modules, res->num_modules, sizeof(*m));
	m = &res->modules[res->num_modules++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->driver, sizeof(m->driver), "%s", mod->drv->name);
	m->dp = mod->drv->domain == ADX_DOMAIN_DP;
	return m;
}

static void hist_merge(struct adx_duration_hist *into, const struct adx_duration_hist *from)
{
	into->count += from->count;
	into->sum_ns += from->sum_ns;
	if (from->max_ns > into->max_ns)
		into->max_ns = from->max_ns;
	for (int i = 0; i < ADX_HIST_BINS; i++)
		into->bins[i] += from->bins[i];
}

/* The instructions measured for a DP task's cycles move into its module's figures. */
static void take_instructions(struct lab *lab, const struct adx_dp_task *task,
			      struct lab_module_stats *m)
{
	adx_mutex_lock(&lab->trace_lock);
	for (int i = 0; i < lab->num_dp_tasks; i++) {
		if (lab->dp_tasks[i] != task)
			continue;
		m->instructions += lab->dp_instructions[i];
		m->measured_cycles += lab->dp_measured_cycles[i];
		lab->dp_instructions[i] = 0;
		lab->dp_measured_cycles[i] = 0;
	}
	adx_mutex_unlock(&lab->trace_lock);
}

static void gather_modules(struct lab *lab, struct ppl_rt *p)
{
	for (int i = 0; i < p->num_inst; i++) {
		struct adx_module *mod = tb_fw_module(lab->fw, p->inst[i]);
		struct lab_module_stats *m;

		if (!mod)
			continue;
		m = module_entry(lab, mod);
		m->process_calls += mod->stats.process_calls;
		m->bypassed_frames += mod->stats.bypassed_frames;
		lab->res->bypassed_frames += mod->stats.bypassed_frames;
		if (m->dp) {
			const struct adx_dp_task_stats *ds = adx_observe_dp_stats(mod);

			m->dp_cycles += ds->cycles;
			m->dp_deadline_misses += ds->deadline_misses;
			lab->res->dp_deadline_misses += ds->deadline_misses;
			m->declared_cost_ns = mod->dp_cycle_cost_ns;
			m->period_us = mod->dp_period_us;
			hist_merge(&m->exec, &ds->exec);
			take_instructions(lab, adx_module_dp_task(mod), m);
		} else {
			m->declared_cost_ns = mod->ll_cost_ns;
			m->period_us = 1000;
		}
	}
}

static void gather_dai(struct lab *lab, struct ppl_rt *p, int index)
{
	struct adx_module *dai = tb_fw_module(lab->fw, p->inst[p->num_inst - 1]);
	struct adx_module *host = tb_fw_module(lab->fw, p->inst[0]);
	const struct adx_copier_stats *ds = dai ? adx_copier_get_stats(dai) : NULL;
	const struct adx_copier_stats *hs = host ? adx_copier_get_stats(host) : NULL;
	struct lab_endpoint_stats *ep = &lab->res->endpoints[index];

	if (p->dai_counted)
		return;
	p->dai_counted = true;
	if (hs)
		ep->frames_in += hs->frames;
	if (ds) {
		ep->frames_out += ds->frames;
		ep->underruns += ds->underruns;
		ep->underrun_frames += ds->underrun_frames;
		lab->res->underruns += ds->underruns;
	}
}

static struct adx_module *dax_module(struct lab *lab, const struct ppl_rt *p)
{
	return p->in_fw && p->spec->dax_stage >= 0 ?
	       tb_fw_module(lab->fw, p->inst[1 + p->spec->dax_stage]) : NULL;
}

/*
 * The latest switch of this pipeline learns, from the DAX module's own
 * figures, when the engine first ran after the start. The module counts in
 * whole engine blocks (ADX_DSP_PERIOD_FRAMES): every block before the
 * engine memory arrived was bypassed, and the engine runs on the block in
 * which it arrived, so the first processed block ends one block after the
 * bypassed ones. switch_to_first_frames is the module's own measure from
 * the moment the memory was installed (a handoff) to that block.
 */
static void gather_switch(struct lab *lab, struct ppl_rt *p)
{
	struct adx_module *mod = dax_module(lab, p);
	struct adx_dax_stats now, *then = &p->dax_at_start;
	struct lab_switch *sw;
	uint64_t bypassed;

	if (p->last_switch < 0 || !mod || adx_dax_get_stats(mod, &now))
		return;
	sw = &lab->res->switches[p->last_switch];
	bypassed = now.bypassed_frames - then->bypassed_frames;
	sw->bypassed_frames = bypassed;
	sw->handoffs_in = now.handoffs_in - then->handoffs_in;
	if (now.processed_frames == then->processed_frames)
		return;
	sw->first_processed_frame = (int64_t)(bypassed + ADX_DSP_PERIOD_FRAMES);
	sw->first_processed_ms = 1000.0 * (double)sw->first_processed_frame /
				 p->spec->format.rate;
	if (now.switches_measured != then->switches_measured)
		sw->install_to_first_ms = 1000.0 * (double)now.switch_to_first_frames /
					  p->spec->format.rate;
	p->last_switch = -1;
}

/* ---- host-driver ops ---- */

static uint32_t buffer_frames(const struct tb_pipeline_spec *spec, int from, int to)
{
	uint32_t period = spec->format.rate / 1000;
	const struct tb_stage *dp = NULL;

	/* A DP module's pins hold two blocks plus a deadline's worth (as the plain run sizes them). */
	if (from >= 1 && from <= spec->num_stages && spec->stages[from - 1].kind != TB_STAGE_VOLUME)
		dp = &spec->stages[from - 1];
	if (to >= 1 && to <= spec->num_stages && spec->stages[to - 1].kind != TB_STAGE_VOLUME)
		dp = &spec->stages[to - 1];
	if (!dp)
		return 2 * period;
	return 2 * (dp->block_frames + dp->period_us / 1000 * period) + period;
}

union stage_init {
	struct adx_volume_config vol;
	struct adx_dp_passthrough_init dp;
	struct adx_dax_init dax;
};

static uint32_t dax_policy(enum tb_policy policy)
{
	static const uint32_t map[TB_POLICY_COUNT] = {
		[TB_POLICY_INIT] = ADX_DAX_POLICY_INIT,
		[TB_POLICY_PREPARE] = ADX_DAX_POLICY_PREPARE,
		[TB_POLICY_STATIC] = ADX_DAX_POLICY_STATIC,
		[TB_POLICY_SHARED] = ADX_DAX_POLICY_SHARED,
	};

	return map[policy];
}

/* The policy a DAX stage runs under: the forced one (--policy, --compare), or its own. */
static enum tb_policy stage_policy(const struct lab *lab, const struct tb_stage *st)
{
	return lab->opt->policy_forced || !st->policy_given ? lab->opt->policy : st->policy;
}

static void stage_init_data(const struct lab *lab, const struct tb_stage *st,
			    uint32_t *type, union stage_init *data, size_t *size)
{
	switch (st->kind) {
	case TB_STAGE_VOLUME:
		*type = TB_FW_TYPE_VOLUME;
		data->vol = (struct adx_volume_config){
			.gain_q8_23 = (int32_t)(pow(10.0, st->gain_db / 20.0) * (1 << 23) + 0.5) };
		*size = sizeof(data->vol);
		break;
	case TB_STAGE_DP_PASSTHROUGH:
		*type = TB_FW_TYPE_DP_PASSTHROUGH;
		data->dp = (struct adx_dp_passthrough_init){ .block_frames = st->block_frames,
							     .period_us = st->period_us,
							     .cycle_cost_ns = st->cost_ns };
		*size = sizeof(data->dp);
		break;
	case TB_STAGE_DAX:
		*type = TB_FW_TYPE_DAX;
		data->dax = (struct adx_dax_init){
			.policy = dax_policy(stage_policy(lab, st)),
			.max_channels = TB_DAX_MAX_CHANNELS,
			.device = st->device == TB_DEVICE_HEADPHONE ? ADX_DAX_DEVICE_HEADPHONE :
				  ADX_DAX_DEVICE_SPEAKER,
			.priority = (uint32_t)st->priority,
		};
		*size = sizeof(data->dax);
		break;
	}
}

static bool may_be_held(const struct lab *lab, int index, int inst)
{
	return inst >= 1 && inst <= TB_MAX_STAGES && lab->hold_stage[index][inst - 1];
}

/*
 * Instances go behind their own process() trampolines (lab_wrap.h) before
 * they run: every one for calibration, and those a mid_cycle op will hold.
 */
static void wrap_instances(struct lab *lab, struct ppl_rt *p, int index)
{
	for (int i = 0; i < p->num_inst; i++) {
		struct adx_module *mod = tb_fw_module(lab->fw, p->inst[i]);
		bool held = may_be_held(lab, index, i);

		if (!mod || !(held || lab->opt->wrap_modules))
			continue;
		if (lab_wrap_module(mod, lab->inst_label[p->inst[i]],
				    held ? lab_hold_hook : NULL, held ? lab->hold : NULL) < 0)
			adx_warn("lab", "%s: no trampoline slot left", lab->inst_label[p->inst[i]]);
	}
}

/* hw_params: create the pipeline, init its modules source to sink, bind them. */
static int op_hw_params(struct lab *lab, struct ppl_rt *p, int index, char *note, size_t n)
{
	const struct tb_pipeline_spec *spec = p->spec;
	uint32_t base = (uint32_t)index * INSTANCES_PER_PIPELINE;
	struct adx_host_copier_init host = { .gateway_id = (uint32_t)(2 * index) };
	struct adx_dai_copier_init dai = { .gateway_id = (uint32_t)(2 * index + 1) };
	int ret;

	ret = tb_fw_pipeline_create(lab->fw, spec->id, spec->format.rate / 1000,
				    lab->opt->control_model);
	if (ret) {
		snprintf(note, n, "create pipeline failed");
		return ret;
	}
	p->in_fw = true;
	p->num_inst = spec->num_stages + 2;
	for (int i = 0; i < p->num_inst; i++)
		p->inst[i] = base + (uint32_t)i;
	/* INIT_INSTANCE source to sink: init order is processing order. */
	ret = tb_fw_module_init(lab->fw, base, spec->id, TB_FW_TYPE_HOST_COPIER, &host,
				sizeof(host));
	for (int s = 0; !ret && s < spec->num_stages; s++) {
		union stage_init data;
		uint32_t type = 0;
		size_t size = 0;

		stage_init_data(lab, &spec->stages[s], &type, &data, &size);
		ret = tb_fw_module_init(lab->fw, base + 1 + (uint32_t)s, spec->id, type, &data,
					size);
		if (ret)
			snprintf(note, n, "init of %s failed", lab->inst_label[base + 1 + s]);
	}
	if (!ret)
		ret = tb_fw_module_init(lab->fw, base + (uint32_t)p->num_inst - 1, spec->id,
					TB_FW_TYPE_DAI_COPIER, &dai, sizeof(dai));
	for (int i = 0; !ret && i + 1 < p->num_inst; i++) {
		ret = tb_fw_bind(lab->fw, p->inst[i], p->inst[i + 1],
				 buffer_frames(spec, i, i + 1), &spec->format);
		if (ret)
			snprintf(note, n, "bind %d->%d failed", i, i + 1);
	}
	if (ret) {
		tb_fw_pipeline_delete(lab->fw, spec->id);
		p->in_fw = false;
		return ret;
	}
	wrap_instances(lab, p, index);
	return 0;
}

static int send_tuning(struct lab *lab, uint32_t inst, const char *path, char *note, size_t n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *blob = malloc(ADX_DAX_TUNING_MAX_BYTES + 1);
	size_t size = f && blob ? fread(blob, 1, ADX_DAX_TUNING_MAX_BYTES + 1, f) : 0;
	int ret = -EIO;

	if (f && blob) {
		uint32_t fragments = (uint32_t)((size + TB_FW_FRAGMENT_BYTES - 1) /
						TB_FW_FRAGMENT_BYTES);

		ret = tb_fw_set_blob(lab->fw, inst, ADX_DAX_CFG_TUNING, blob, size);
		snprintf(note, n, "%zu-byte tuning blob in %u LARGE_CONFIG_SET fragment%s", size,
			 fragments, fragments == 1 ? "" : "s");
	}
	if (f)
		fclose(f);
	free(blob);
	return ret;
}

/* Controls: SET_CONFIG with one little-endian u32 (the DAX ids), tuning in fragments. */
static int op_control(struct lab *lab, struct ppl_rt *p, const struct tb_control *c,
		      char *note, size_t n)
{
	static const uint32_t ids[] = {
		[TB_CTL_ENABLE] = ADX_DAX_CFG_ENABLE, [TB_CTL_PROFILE] = ADX_DAX_CFG_PROFILE,
		[TB_CTL_DEVICE] = ADX_DAX_CFG_DEVICE, [TB_CTL_VOLUME] = ADX_DAX_CFG_VOLUME,
		[TB_CTL_CTC] = ADX_DAX_CFG_CTC_ENABLE,
		[TB_CTL_CONTENT] = ADX_DAX_CFG_CONTENT_PROCESSING,
		[TB_CTL_TUNING] = ADX_DAX_CFG_TUNING, [TB_CTL_GAIN] = ADX_VOLUME_CFG_GAIN,
	};
	const struct tb_pipeline_spec *spec = p->spec;
	int stage = c->stage[0] ? tb_pipeline_find_stage(spec, c->stage) : spec->dax_stage;
	uint8_t word[4];
	uint32_t inst;

	if (c->kind == TB_CTL_GAIN && !c->stage[0])
		for (int s = 0; s < spec->num_stages; s++)
			if (spec->stages[s].kind == TB_STAGE_VOLUME)
				stage = s;
	if (!p->in_fw || stage < 0)
		return -ENOENT;
	inst = p->inst[1 + stage];
	if (c->kind == TB_CTL_GAIN) {
		struct adx_volume_config vol = { .gain_q8_23 = c->value, .ramp_frames = 480 };

		return tb_fw_set_config(lab->fw, inst, ids[c->kind], &vol, sizeof(vol));
	}
	if (c->kind == TB_CTL_TUNING)
		return send_tuning(lab, inst, c->blob_path, note, n);
	if (c->kind == TB_CTL_VOLUME)
		snprintf(note, n, "Q1.31 0x%08x", (unsigned int)c->value);
	adx_ipc_put_u32(word, (uint32_t)c->value);
	return tb_fw_set_config(lab->fw, inst, ids[c->kind], word, sizeof(word));
}

static struct burst *find_burst(struct lab *lab, const char *tag)
{
	for (int i = 0; i < MAX_BURSTS; i++)
		if (lab->bursts[i].live && !strcmp(lab->bursts[i].tag, tag))
			return &lab->bursts[i];
	return NULL;
}

static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Another stream's small allocations; (1 - keep) of them are freed again at once. */
static int op_alloc(struct lab *lab, const struct tb_burst *b, char *note, size_t n)
{
	struct burst *bu = NULL;
	char name[ADX_OWNER_NAME_MAX];
	uint32_t x = b->seed ? b->seed : 1, failed = 0, kept = 0;

	for (int i = 0; i < MAX_BURSTS && !bu; i++)
		if (!lab->bursts[i].live)
			bu = &lab->bursts[i];
	if (!bu)
		return -ENOSPC;
	snprintf(name, sizeof(name), "burst-%.24s", b->tag);
	if (adx_mem_owner_init(&bu->owner, lab->heap, name))
		return -ENOSPC;
	bu->live = true;
	snprintf(bu->tag, sizeof(bu->tag), "%s", b->tag);
	bu->ptrs = calloc(b->count, sizeof(void *));
	bu->count = b->count;
	for (uint32_t i = 0; bu->ptrs && i < b->count; i++) {
		uint32_t size = b->min_bytes + next_random(&x) % (b->max_bytes - b->min_bytes + 1);

		bu->ptrs[i] = adx_mod_alloc(&bu->owner, size, 0);
		failed += !bu->ptrs[i];
	}
	for (uint32_t i = 0; bu->ptrs && i < b->count; i++) {
		if (bu->ptrs[i] && (double)(next_random(&x) % 10000) >= b->keep * 10000) {
			adx_mod_free(&bu->owner, bu->ptrs[i]);
			bu->ptrs[i] = NULL;
		}
		kept += bu->ptrs[i] != NULL;
	}
	snprintf(note, n, "%u blocks of %u..%u B, %u kept, %u failed", b->count, b->min_bytes,
		 b->max_bytes, kept, failed);
	return bu->ptrs ? 0 : -ENOMEM;
}

static void release_burst(struct burst *bu)
{
	for (uint32_t i = 0; bu->ptrs && i < bu->count; i++)
		if (bu->ptrs[i])
			adx_mod_free(&bu->owner, bu->ptrs[i]);
	adx_mem_owner_release(&bu->owner);
	free(bu->ptrs);
	bu->ptrs = NULL;
	bu->live = false;
}

static void record_switch(struct lab *lab, struct ppl_rt *p)
{
	struct lab_result *res = lab->res;
	struct lab_switch *sw;

	res->switches = grow(res->switches, &lab->cap_switches, res->num_switches, sizeof(*sw));
	sw = &res->switches[res->num_switches];
	*sw = (struct lab_switch){ .t_ns = now_ns(lab), .first_processed_frame = -1,
				   .first_processed_ms = -1, .install_to_first_ms = -1,
				   .largest_free_at_engine_request = p->largest_at_engine_request,
				   .free_at_engine_request = p->free_at_engine_request };
	snprintf(sw->pipeline, sizeof(sw->pipeline), "%s", p->spec->name);
	p->last_switch = (long)res->num_switches++;
	if (adx_dax_get_stats(dax_module(lab, p), &p->dax_at_start))
		memset(&p->dax_at_start, 0, sizeof(p->dax_at_start));
}

/*
 * Just before a DAX instance asks for its engine (at init under `init`, at
 * prepare otherwise): the largest free block then is what the request
 * meets, and the lowest such figure after the first is the run's "largest
 * free at switch".
 */
static void note_engine_request(struct lab *lab, struct ppl_rt *p, enum tb_op op)
{
	struct adx_heap_stats hs;
	bool at_init;

	if (p->spec->dax_stage < 0)
		return;
	at_init = stage_policy(lab, &p->spec->stages[p->spec->dax_stage]) == TB_POLICY_INIT;
	if (op != (at_init ? TB_OP_HW_PARAMS : TB_OP_PREPARE) ||
	    p->state != (at_init ? PCM_OPEN : PCM_SETUP))
		return;
	adx_heap_get_stats(lab->heap, &hs);
	p->free_at_engine_request = hs.free_bytes;
	p->largest_at_engine_request = hs.largest_free_bytes;
	if (lab->first_engine_request_done && hs.largest_free_bytes < lab->res->largest_free_at_switch)
		lab->res->largest_free_at_switch = hs.largest_free_bytes;
	lab->first_engine_request_done = true;
}

static int perform(struct lab *lab, const struct tb_event *ev, char *note, size_t n)
{
	int index = ev->pipeline;
	struct ppl_rt *p = index >= 0 ? &lab->ppl[index] : NULL;
	uint32_t id = p ? p->spec->id : 0;
	struct burst *bu;
	int ret = 0;

	switch (ev->op) {
	case TB_OP_OPEN:
		p->state = PCM_OPEN;
		return 0;
	case TB_OP_HW_PARAMS:
		note_engine_request(lab, p, ev->op);
		ret = op_hw_params(lab, p, index, note, n);
		p->state = ret ? PCM_OPEN : PCM_SETUP;
		return ret;
	case TB_OP_PREPARE:
		note_engine_request(lab, p, ev->op);
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		if (!ret) {
			p->state = PCM_PREPARED;
			p->dai_counted = false;
		}
		return ret;
	case TB_OP_START:
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_RUNNING);
		if (!ret) {
			p->state = PCM_RUNNING;
			if (p->spec->dax_stage >= 0)
				record_switch(lab, p);
		}
		return ret;
	case TB_OP_STOP:
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		gather_switch(lab, p);
		p->state = ret ? p->state : PCM_PREPARED;
		return ret;
	case TB_OP_RESET:
		if (p->in_fw) {
			gather_switch(lab, p);
			gather_dai(lab, p, index);
			ret = tb_fw_set_state(lab->fw, id, ADX_PPL_RESET);
		}
		p->state = PCM_SETUP;
		return ret;
	case TB_OP_CLOSE:
		/* A running PCM is stopped before it is freed (ALSA drops it first),
		 * so its modules' figures are read while no cycle writes them. */
		if (p->in_fw && p->state == PCM_RUNNING)
			ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		if (p->in_fw && !ret) {
			gather_switch(lab, p);
			gather_dai(lab, p, index);
			gather_modules(lab, p);
			ret = tb_fw_pipeline_delete(lab->fw, id);
			if (ret > 0) {
				lab->res->leaked_blocks += (uint64_t)ret;
				snprintf(note, n, "%d block(s) leaked", ret);
				ret = 0;
			}
			if (!ret)
				p->in_fw = false;
		}
		p->state = PCM_CLOSED;
		p->last_switch = -1;
		return ret;
	case TB_OP_CONTROL:
		return op_control(lab, p, &ev->control, note, n);
	case TB_OP_ALLOC:
		return op_alloc(lab, &ev->burst, note, n);
	case TB_OP_RELEASE:
		bu = find_burst(lab, ev->burst.tag);
		if (!bu)
			return -ENOENT;
		release_burst(bu);
		return 0;
	default:
		return -EINVAL;
	}
}

static void describe(const struct lab *lab, const struct tb_event *ev, char *out, size_t n)
{
	const char *ppl = ev->pipeline >= 0 ? lab->sc->pipelines[ev->pipeline].name : "heap";

	if (ev->op == TB_OP_CONTROL)
		snprintf(out, n, "%s control %s", ppl, tb_control_name(ev->control.kind));
	else if (ev->op == TB_OP_ALLOC || ev->op == TB_OP_RELEASE)
		snprintf(out, n, "%s %s %s", ppl, tb_op_name(ev->op), ev->burst.tag);
	else
		snprintf(out, n, "%s %s", ppl, tb_op_name(ev->op));
}

static int advance_to(struct lab *lab, uint64_t tick)
{
	while (adx_sched_tick_count(&lab->sched) < tick) {
		uint64_t n = tick - adx_sched_tick_count(&lab->sched);
		int ret;

		n = n < CHUNK_TICKS ? n : CHUNK_TICKS;
		ret = adx_sched_run_ticks(&lab->sched, n);
		if (ret < 0)
			return ret;
		if (lab->opt->progress)
			lab_progress_advance(lab->opt->progress, n);
	}
	return 0;
}

/*
 * On unpaced threads the control thread drives time, as in virtual time: it
 * lets the DP cycles released so far finish before it acts, so an event
 * meets the stream at the same block in both executors (and threads audio
 * can equal virtual audio). A mid_cycle op wants a cycle in flight instead;
 * paced threads (--realtime) run on the wall clock and race as a host would.
 */
static int settle_dp(struct lab *lab, const struct tb_event *ev)
{
	if (lab->opt->mode != ADX_EXEC_THREADS || lab->opt->realtime || ev->mid_cycle_stage >= 0)
		return 0;
	return adx_sched_drain(&lab->sched, OP_TIMEOUT_NS);
}

/*
 * A mid_cycle op waits for the target's next DP cycle and holds it
 * (lab_hold.h), running LL ticks one at a time until one is released.
 */
static bool hold_next_cycle(struct lab *lab, const struct tb_event *ev)
{
	struct ppl_rt *p = &lab->ppl[ev->pipeline];
	struct adx_module *target, *entry;

	if (!p->in_fw)
		return false;
	target = tb_fw_module(lab->fw, p->inst[1 + ev->mid_cycle_stage]);
	entry = tb_fw_module(lab->fw, p->inst[0]);
	if (!target || !entry)
		return false;
	lab_hold_arm(lab->hold, target, entry);
	for (int t = 0; t < MID_CYCLE_MAX_TICKS; t++) {
		if (lab_hold_entered(lab->hold))
			return true;
		if (advance_to(lab, adx_sched_tick_count(&lab->sched) + 1))
			break;
	}
	return lab_hold_entered(lab->hold);
}

/* Whether the op landed in the held cycle; what was seen goes after the op's own note. */
static int8_t finish_mid_cycle(struct lab *lab, bool held, char *note, size_t n)
{
	char seen[128];
	int8_t landed = (int8_t)lab_hold_finish(lab->hold, seen, sizeof(seen));
	size_t len = strlen(note);

	if (!held)
		snprintf(seen, sizeof(seen), "no DP cycle of the module was released within %d ms",
			 MID_CYCLE_MAX_TICKS);
	snprintf(note + len, n - len, "%s%s", len ? "; " : "", seen);
	lab->res->mid_cycle_asked++;
	lab->res->mid_cycle_landed += (uint64_t)landed;
	return landed;
}

static void run_event(struct lab *lab, const struct tb_event *ev)
{
	struct lab_result *res = lab->res;
	struct lab_op_record *rec;
	bool mid_cycle = ev->mid_cycle_stage >= 0 && lab->hold;
	bool held = mid_cycle && hold_next_cycle(lab, ev);
	uint64_t t0 = now_ns(lab);
	char note[160] = "";
	size_t fails_before = res->num_failures;
	int8_t landed = -1;
	int ret;

	describe(lab, ev, lab->current_op, sizeof(lab->current_op));
	if (held)
		lab_hold_issue(lab->hold);
	ret = perform(lab, ev, note, sizeof(note));
	if (mid_cycle)
		landed = finish_mid_cycle(lab, held, note, sizeof(note));
	if (!note[0] && res->num_failures > fails_before)
		snprintf(note, sizeof(note), "%zu allocation(s) failed (the module carries on)",
			 res->num_failures - fails_before);
	res->ops = grow(res->ops, &lab->cap_ops, res->num_ops, sizeof(*rec));
	rec = &res->ops[res->num_ops++];
	*rec = (struct lab_op_record){ .t_ns = t0, .ret = ret, .mid_cycle = landed };
	snprintf(rec->what, sizeof(rec->what), "%s", lab->current_op);
	snprintf(rec->note, sizeof(rec->note), "%s", note);
	if (ret)
		res->op_errors++;
	trace(lab, 'X', TID_CONTROL, lab->current_op, ev->op == TB_OP_CONTROL ? "control" : "pcm",
	      t0, now_ns(lab) - t0,
	      json_pack("{s:i, s:s, s:s}", "result", ret, "error", ret ? strerror(-ret) : "",
			"note", note));
	sample_heap(lab);
	lab->current_op[0] = '\0';
}

/* ---- the run ---- */

/*
 * The firmware's log during a run: warnings and errors go into the report
 * (a DAX instance passing through for want of memory says so here), and
 * the IPC layer's count of blocks a deleted pipeline leaked is added up.
 * Called from any thread.
 */
static void on_log(void *ctx, enum adx_log_level level, const char *component,
		   const char *line)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	struct lab *lab = ctx;
	struct lab_result *res = lab->res;
	const char *leak = strstr(line, " leaked block(s) reclaimed");
	size_t cap = 0;

	if (level == ADX_LOG_ERROR && lab->opt->echo_errors)
		fprintf(stderr, "adx-testbench: error: %s: %s\n", component, line);
	adx_mutex_lock(&lab->log_lock);
	if (leak && !strcmp(component, "ipc")) {
		const char *num = leak;

		while (num > line && num[-1] >= '0' && num[-1] <= '9')
			num--;
		res->leaked_blocks += strtoull(num, NULL, 10);
	}
	if (res->num_log == MAX_LOG_LINES) {
		res->log_dropped++;
	} else {
		struct lab_log_line *l;

		if (!res->log)
			res->log = calloc(MAX_LOG_LINES, sizeof(*res->log));
		cap = res->log ? MAX_LOG_LINES : 0;
		if (res->num_log < cap) {
			l = &res->log[res->num_log++];
			l->t_ns = lab->sched_ready ? now_ns(lab) : 0;
			snprintf(l->level, sizeof(l->level), "%s", names[level]);
			snprintf(l->text, sizeof(l->text), "%s: %s", component, line);
		}
	}
	adx_mutex_unlock(&lab->log_lock);
}

static void label_instances(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *spec = &lab->sc->pipelines[i];
		uint32_t base = (uint32_t)i * INSTANCES_PER_PIPELINE;

		snprintf(lab->inst_label[base], sizeof(lab->inst_label[0]), "%.20s.host",
			 spec->name);
		for (int s = 0; s < spec->num_stages; s++)
			snprintf(lab->inst_label[base + 1 + (uint32_t)s],
				 sizeof(lab->inst_label[0]), "%.20s.%.20s", spec->name,
				 spec->stages[s].name);
		snprintf(lab->inst_label[base + 1 + (uint32_t)spec->num_stages],
			 sizeof(lab->inst_label[0]), "%.20s.dai", spec->name);
	}
}

static const char *ipc_type_name(uint32_t type)
{
	switch (type) {
	case ADX_IPC_CREATE_PIPELINE: return "CREATE_PIPELINE";
	case ADX_IPC_DELETE_PIPELINE: return "DELETE_PIPELINE";
	case ADX_IPC_SET_PIPELINE_STATE: return "SET_PIPELINE_STATE";
	case ADX_IPC_INIT_INSTANCE: return "INIT_INSTANCE";
	case ADX_IPC_DELETE_INSTANCE: return "DELETE_INSTANCE";
	case ADX_IPC_BIND: return "BIND";
	case ADX_IPC_UNBIND: return "UNBIND";
	case ADX_IPC_SET_CONFIG: return "SET_CONFIG";
	case ADX_IPC_GET_CONFIG: return "GET_CONFIG";
	case ADX_IPC_LARGE_CONFIG_SET: return "LARGE_CONFIG_SET";
	case ADX_IPC_LARGE_CONFIG_GET: return "LARGE_CONFIG_GET";
	case ADX_IPC_LARGE_CONFIG_ABORT: return "LARGE_CONFIG_ABORT";
	default: return "?";
	}
}

/* Every IPC message in the trace, on the control thread, with its reply. */
static void on_ipc_message(void *ctx, const struct adx_ipc_msg_header *msg,
			   const struct adx_ipc_reply_header *reply)
{
	struct lab *lab = ctx;

	trace(lab, 'i', TID_CONTROL, ipc_type_name(msg->type), "ipc", now_ns(lab), 0,
	      json_pack("{s:I, s:I, s:I, s:s, s:s}", "target", (json_int_t)msg->target,
			"extension", (json_int_t)msg->extension,
			"payload_bytes", (json_int_t)msg->payload_size,
			"status", adx_ipc_status_name(reply->status), "op", lab->current_op));
}

/* Only on real threads can an op arrive inside a cycle (the checker asks for them). */
static int plan_holds(struct lab *lab)
{
	bool any = false;

	if (lab->opt->mode != ADX_EXEC_THREADS)
		return 0;
	for (int i = 0; i < lab->sc->num_events; i++) {
		const struct tb_event *ev = &lab->sc->events[i];

		if (ev->mid_cycle_stage >= 0) {
			lab->hold_stage[ev->pipeline][ev->mid_cycle_stage] = true;
			any = true;
		}
	}
	if (any)
		lab->hold = lab_hold_new();
	return any && !lab->hold ? -ENOMEM : 0;
}

static int setup(struct lab *lab, char *err, size_t err_size)
{
	const struct lab_run_options *opt = lab->opt;
	size_t bytes = (lab->sc->heap_bytes + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct adx_sched_config cfg = { .mode = opt->mode, .tick_us = 1000,
					.paced = opt->realtime, .try_fifo = opt->realtime };

	lab->arena = aligned_alloc(ARENA_ALIGN, bytes);
	if (lab->arena)
		lab->heap = opt->heap == TB_HEAP_SYSHEAP ?
			    adx_heap_init_sysheap(lab->arena, lab->sc->heap_bytes) :
			    adx_heap_init_tlsf(lab->arena, lab->sc->heap_bytes);
	if (!lab->heap) {
		snprintf(err, err_size, "cannot set up a %zu-byte %s heap", lab->sc->heap_bytes,
			 tb_heap_kind_name(opt->heap));
		return -EINVAL;
	}
	if (adx_sched_init(&lab->sched, &cfg)) {
		snprintf(err, err_size, "cannot start the scheduler");
		return -EINVAL;
	}
	lab->sched_ready = true;
	lab->fw = tb_fw_create(lab->heap, &lab->sched);
	if (!lab->fw) {
		snprintf(err, err_size, "cannot set up the firmware's IPC layer");
		return -ENOMEM;
	}
	/* The stock types come with adx_ipc_init(); DAX is added as firmware would. */
	if (tb_fw_register_type(lab->fw, TB_FW_TYPE_DAX, &adx_dax_driver)) {
		snprintf(err, err_size, "cannot register the DAX module type");
		return -EINVAL;
	}
	tb_fw_set_observer(lab->fw, on_ipc_message, lab);
	if (engine_committed()) {
		snprintf(err, err_size, "DAX engine memory is still committed from an earlier run");
		return -EBUSY;
	}
	adx_dax_reset_peak();
	if (plan_holds(lab)) {
		snprintf(err, err_size, "cannot set up the mid_cycle hold");
		return -ENOMEM;
	}
	label_instances(lab);
	setup_gateways(lab);
	adx_heap_set_observer(lab->heap, on_heap_event, lab);
	adx_sched_set_observer(&lab->sched, on_sched_event, lab);
	if (opt->trace) {
		lab_trace_name_thread(opt->trace, opt->trace_pid, TID_LL, "LL ticks");
		lab_trace_name_thread(opt->trace, opt->trace_pid, TID_CONTROL, "control (host ops)");
		lab_trace_name_thread(opt->trace, opt->trace_pid, TID_HEAP, "heap");
	}
	return 0;
}

uint64_t lab_run_ticks(const struct tb_scenario *sc, uint64_t until_us)
{
	uint64_t end = sc->duration_us;

	if (!end)
		end = (sc->num_events ? sc->events[sc->num_events - 1].at_us : 0) + TAIL_US;
	if (until_us && until_us < end)
		end = until_us;
	return (end + 999) / 1000;
}

static int save_endpoints(struct lab *lab, char *err, size_t err_size)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct ppl_rt *p = &lab->ppl[i];
		struct lab_endpoint_stats *ep = &lab->res->endpoints[i];
		struct tb_audio out = { .params = p->spec->format, .frames = p->out.frames,
					.samples = p->out.data,
					.sf_format = lab->opt->inputs[i].sf_format };

		snprintf(ep->pipeline, sizeof(ep->pipeline), "%s", p->spec->name);
		snprintf(ep->name, sizeof(ep->name), "%s", p->spec->dai_name);
		if (!lab->opt->audio_dir || !p->out.frames)
			continue;
		snprintf(ep->path, sizeof(ep->path), "%s/%s", lab->opt->audio_dir,
			 p->spec->dai_path);
		if (tb_audio_save(&out, ep->path, out.sf_format, err, err_size))
			return -EIO;
	}
	lab->res->num_endpoints = lab->sc->num_pipelines;
	return 0;
}

/* What a host does at the end of a session: close whatever is still open. */
static void close_all(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct tb_event close = { .op = TB_OP_CLOSE, .pipeline = i,
					  .mid_cycle_stage = -1 };

		if (lab->ppl[i].state != PCM_CLOSED)
			run_event(lab, &close);
	}
}

static void count_used(void *ctx, const struct adx_heap_block *b)
{
	*(uint64_t *)ctx += b->used;
}

static uint64_t count_used_blocks(struct adx_heap *heap)
{
	uint64_t n = 0;

	adx_heap_walk(heap, count_used, &n);
	return n;
}

static void teardown(struct lab *lab)
{
	for (int i = 0; i < MAX_BURSTS; i++)
		if (lab->bursts[i].live)
			release_burst(&lab->bursts[i]);
	if (lab->fw) {
		struct tb_fw_stats st;
		int leaks;

		tb_fw_get_stats(lab->fw, &st);
		lab->res->ipc_messages = st.messages;
		lab->res->ipc_rejected = st.rejected;
		lab->res->ipc_blobs = st.large_config_blobs;
		lab->res->ipc_fragments = st.large_config_fragments;
		leaks = tb_fw_destroy(lab->fw);
		if (leaks > 0)
			lab->res->leaked_blocks += (uint64_t)leaks;
	}
	/* With every pipeline deleted and every burst released, the heap must be empty. */
	if (lab->heap)
		lab->res->blocks_left += count_used_blocks(lab->heap);
	if (lab->sched_ready) {
		lab->res->ticks = lab->sched.stats.ticks;
		lab->res->ll_work = lab->sched.stats.ll_work;
		adx_sched_destroy(&lab->sched);
	}
	lab_perf_close(lab->perf);
	lab_hold_free(lab->hold);
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		adx_gateway_unregister((uint32_t)(2 * i));
		adx_gateway_unregister((uint32_t)(2 * i + 1));
		free(lab->ppl[i].out.data);
	}
	if (lab->heap)
		adx_heap_retire(lab->heap);
	free(lab->arena);
}

int lab_run(const struct lab_run_options *opt, struct lab_result *res, char *err,
	    size_t err_size)
{
	struct lab *lab = calloc(1, sizeof(*lab));
	uint64_t end_tick = lab_run_ticks(opt->sc, opt->until_us);
	double start;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!lab)
		return -ENOMEM;
	lab->opt = opt;
	lab->sc = opt->sc;
	lab->res = res;
	lab->large_threshold = opt->sc->engine_bytes / 2;
	lab_wrap_reset();
	adx_mutex_init(&lab->trace_lock);
	adx_mutex_init(&lab->log_lock);
	lab->perf = lab_perf_open(res->instructions_why, sizeof(res->instructions_why));
	res->instructions_measured = lab->perf != NULL;
	adx_log_set_sink(on_log, lab);
	adx_log_set_level(ADX_LOG_WARN);
	res->policy = opt->policy;
	res->heap = opt->heap;
	res->mode = opt->mode;
	res->realtime = opt->realtime;
	res->backend = "ipc";
	res->dax_driver = adx_dax_driver.name;
	res->largest_free_at_switch = SIZE_MAX;
	for (int i = 0; i < opt->sc->num_pipelines; i++) {
		lab->ppl[i].spec = &opt->sc->pipelines[i];
		lab->ppl[i].last_switch = -1;
	}
	ret = setup(lab, err, err_size);
	if (!ret) {
		struct adx_heap_stats hs;

		adx_heap_get_stats(lab->heap, &hs);
		res->heap_total = hs.total_bytes;
		res->backend = tb_fw_backend(lab->fw);
		sample_heap(lab);
		start = wall_now();
		for (int i = 0; !ret && i < opt->sc->num_events; i++) {
			const struct tb_event *ev = &opt->sc->events[i];
			uint64_t tick = ev->at_us / 1000;

			if (tick >= end_tick)
				break;
			ret = advance_to(lab, tick);
			ret = ret ? ret : settle_dp(lab, ev);
			if (!ret)
				run_event(lab, ev);
		}
		ret = ret ? ret : advance_to(lab, end_tick);
		res->wall_seconds = wall_now() - start;
		res->audio_seconds = (double)adx_sched_tick_count(&lab->sched) / 1000.0;
		res->x_realtime = res->wall_seconds > 0 ? res->audio_seconds / res->wall_seconds : 0;
		if (ret)
			snprintf(err, err_size, "the scheduler failed: %s", strerror(-ret));
	}
	if (lab->sched_ready)
		close_all(lab);
	if (!ret)
		ret = save_endpoints(lab, err, err_size);
	teardown(lab);
	adx_log_set_sink(NULL, NULL);
	adx_log_set_level(ADX_LOG_ERROR);
	adx_mutex_destroy(&lab->trace_lock);
	adx_mutex_destroy(&lab->log_lock);
	free(lab);
	return ret;
}

void lab_result_free(struct lab_result *res)
{
	for (size_t i = 0; i < res->num_maps; i++)
		free(res->maps[i].blocks);
	free(res->maps);
	free(res->samples);
	free(res->failures);
	free(res->ops);
	free(res->modules);
	free(res->switches);
	free(res->log);
	memset(res, 0, sizeof(*res));
}
