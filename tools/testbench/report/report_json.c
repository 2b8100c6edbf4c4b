// SPDX-License-Identifier: BSD-3-Clause
/*
 * report.json through jansson: every run of one invocation, one file.
 *
 * Everything that depends on the wall clock (wall seconds, x-realtime) sits
 * in each run's "wall" object, so two virtual-time runs of one scenario give
 * reports that are identical once "wall" is removed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "fw/fw.h"
#include "report.h"

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static json_t *hist_json(const struct adx_duration_hist *h)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "count", (json_int_t)h->count,
			 "p50_ns", (json_int_t)adx_hist_percentile(h, 50),
			 "p95_ns", (json_int_t)adx_hist_percentile(h, 95),
			 "p99_ns", (json_int_t)adx_hist_percentile(h, 99),
			 "max_ns", (json_int_t)h->max_ns,
			 "mean_ns", (json_int_t)(h->count ? h->sum_ns / h->count : 0));
}

/* Where the modules' instruction figures come from: callgrind, perf or nothing. */
static json_t *instructions_source_json(const struct lab_result *r)
{
	if (r->calibration_file[0])
		return json_string("callgrind");
	return r->instructions_measured ? json_string("perf") : json_null();
}

static json_t *summary_json(const struct lab_result *r)
{
	json_t *s = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:o}",
			      "heap_total_bytes", (json_int_t)r->heap_total,
			      "peak_heap_used_bytes", (json_int_t)r->peak_used,
			      "peak_engine_committed_bytes", (json_int_t)r->peak_committed,
			      "allocation_failures", (json_int_t)r->alloc_failures,
			      "engine_allocation_failures", (json_int_t)r->engine_failures,
			      "bypassed_frames", (json_int_t)r->bypassed_frames,
			      "dai_underruns", (json_int_t)r->underruns,
			      "dp_deadline_misses", (json_int_t)r->dp_deadline_misses,
			      "op_errors", (json_int_t)r->op_errors,
			      "leaked_blocks", (json_int_t)r->leaked_blocks,
			      "audio_seconds", r->audio_seconds,
			      "ll_tick_work", hist_json(&r->ll_work));

	/* Equal-memory accounting (docs/design.md §6): what the run was given, in parts. */
	json_object_set_new(s, "total_memory_bytes", json_integer((json_int_t)r->total_memory));
	json_object_set_new(s, "static_region_bytes", json_integer((json_int_t)r->static_region));
	json_object_set_new(s, "same_heap", json_boolean(r->same_heap));
	json_object_set_new(s, "mid_cycle_ops", json_pack("{s:I, s:I}",
			    "asked", (json_int_t)r->mid_cycle_asked,
			    "landed", (json_int_t)r->mid_cycle_landed));
	json_object_set_new(s, "heap_blocks_left_at_end",
			    json_integer((json_int_t)r->blocks_left));
	json_object_set_new(s, "instructions_source", instructions_source_json(r));
	json_object_set_new(s, "largest_free_at_switch_bytes",
			    r->largest_free_at_switch == SIZE_MAX ? json_null() :
			    json_integer((json_int_t)r->largest_free_at_switch));
	return s;
}

static json_t *timeline_json(const struct lab_result *r)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < r->num_samples; i++) {
		const struct lab_sample *s = &r->samples[i];

		json_array_append_new(rows, json_pack("[f, I, I, I, f, I]", ms(s->t_ns),
						      (json_int_t)s->used, (json_int_t)s->free,
						      (json_int_t)s->largest, s->fragmentation,
						      (json_int_t)s->committed));
	}
	return json_pack("{s:[s,s,s,s,s,s], s:o}", "columns", "t_ms", "used", "free",
			 "largest_free", "fragmentation", "engine_committed", "rows", rows);
}

static json_t *failures_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_failures; i++)
		json_array_append_new(a, json_pack("{s:f, s:I, s:s, s:s}",
						   "t_ms", ms(r->failures[i].t_ns),
						   "size", (json_int_t)r->failures[i].size,
						   "owner", r->failures[i].owner,
						   "op", r->failures[i].op));
	return a;
}

static json_t *ops_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_ops; i++) {
		const struct lab_op_record *o = &r->ops[i];

		json_t *op = json_pack("{s:f, s:s, s:i, s:s, s:s}", "t_ms", ms(o->t_ns),
				       "op", o->what, "result", o->ret,
				       "error", o->ret ? strerror(-o->ret) : "", "note", o->note);

		if (o->mid_cycle >= 0)
			json_object_set_new(op, "landed_mid_cycle", json_boolean(o->mid_cycle));
		json_array_append_new(a, op);
	}
	return a;
}

/*
 * Measured instructions per period: a number only where something counted
 * it, callgrind (--calibrate, every module, per process() call) or a
 * hardware counter (DP modules, per cycle); otherwise null and the reason.
 */
static void instructions_json(json_t *o, const struct lab_result *r,
			      const struct lab_module_stats *m)
{
	if (m->calibrated) {
		json_object_set_new(o, "instructions_per_period", json_integer(
			(json_int_t)llround(m->calibrated_instructions_per_call)));
		json_object_set_new(o, "instructions_source", json_string("callgrind"));
		json_object_set_new(o, "instructions_calls",
				    json_integer((json_int_t)m->calibrated_calls));
	} else if (r->calibration_file[0]) {
		json_object_set_new(o, "instructions_per_period", json_null());
		json_object_set_new(o, "instructions_why",
				    json_string("process() never ran in the callgrind run"));
	} else if (!r->instructions_measured) {
		json_object_set_new(o, "instructions_per_period", json_null());
		json_object_set_new(o, "instructions_why", json_string(r->instructions_why));
	} else if (!m->dp) {
		json_object_set_new(o, "instructions_per_period", json_null());
		json_object_set_new(o, "instructions_why", json_string(
			"LL modules run inside one tick; see ll_tick_instructions for the tick"));
	} else if (!m->measured_cycles) {
		json_object_set_new(o, "instructions_per_period", json_null());
		json_object_set_new(o, "instructions_why", json_string("no cycle ran"));
	} else {
		json_object_set_new(o, "instructions_per_period",
				    json_integer((json_int_t)(m->instructions / m->measured_cycles)));
		json_object_set_new(o, "instructions_source", json_string("perf"));
		json_object_set_new(o, "instructions_cycles",
				    json_integer((json_int_t)m->measured_cycles));
	}
}

static json_t *modules_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_modules; i++) {
		const struct lab_module_stats *m = &r->modules[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}",
				      "name", m->name, "driver", m->driver,
				      "domain", m->dp ? "DP" : "LL",
				      "period_us", (json_int_t)m->period_us,
				      "declared_cost_ns_per_period", (json_int_t)m->declared_cost_ns,
				      "process_calls", (json_int_t)m->process_calls,
				      "bypassed_frames", (json_int_t)m->bypassed_frames,
				      "dp_cycles", (json_int_t)m->dp_cycles);

		if (m->dp) {
			json_object_set_new(o, "dp_deadline_misses",
					    json_integer((json_int_t)m->dp_deadline_misses));
			json_object_set_new(o, "cycle_cost", hist_json(&m->exec));
		}
		instructions_json(o, r, m);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *endpoints_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->num_endpoints; i++) {
		const struct lab_endpoint_stats *e = &r->endpoints[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s?}",
						   "pipeline", e->pipeline, "dai", e->name,
						   "frames_in", (json_int_t)e->frames_in,
						   "frames_out", (json_int_t)e->frames_out,
						   "underruns", (json_int_t)e->underruns,
						   "underrun_frames", (json_int_t)e->underrun_frames,
						   "file", e->path[0] ? e->path : NULL));
	}
	return a;
}

static json_t *switches_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_switches; i++) {
		const struct lab_switch *s = &r->switches[i];

		json_array_append_new(a, json_pack("{s:f, s:s, s:I, s:I, s:o, s:o, s:I, s:I}",
						   "t_ms", ms(s->t_ns), "pipeline", s->pipeline,
						   "largest_free_at_engine_request_bytes",
						   (json_int_t)s->largest_free_at_engine_request,
						   "free_at_engine_request_bytes",
						   (json_int_t)s->free_at_engine_request,
						   "first_processed_ms",
						   s->first_processed_ms < 0 ? json_null() :
						   json_real(s->first_processed_ms),
						   "handoff_to_first_processed_ms",
						   s->install_to_first_ms < 0 ? json_null() :
						   json_real(s->install_to_first_ms),
						   "bypassed_frames", (json_int_t)s->bypassed_frames,
						   "handoffs_in", (json_int_t)s->handoffs_in));
	}
	return a;
}

static json_t *maps_json(const struct lab_result *r)
{
	static const char *const classes[] = { "free", "engine", "burst", "other" };
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_maps; i++) {
		const struct lab_block_map *m = &r->maps[i];
		json_t *blocks = json_array();

		for (size_t b = 0; b < m->num_blocks; b++)
			json_array_append_new(blocks, json_pack("[I, I, s]",
								(json_int_t)m->blocks[b].offset,
								(json_int_t)m->blocks[b].size,
								classes[m->blocks[b].cls]));
		json_array_append_new(a, json_pack("{s:f, s:s, s:I, s:b, s:o}", "t_ms", ms(m->t_ns),
						   "label", m->label, "request", (json_int_t)m->request,
						   "failed", m->failed, "blocks", blocks));
	}
	return a;
}

static json_t *log_json(const struct lab_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->num_log; i++)
		json_array_append_new(a, json_pack("{s:f, s:s, s:s}", "t_ms", ms(r->log[i].t_ns),
						   "level", r->log[i].level,
						   "line", r->log[i].text));
	return a;
}

static json_t *ll_instructions_json(const struct lab_result *r)
{
	const struct adx_duration_hist *h = &r->ll_instructions;

	if (!r->instructions_measured)
		return json_pack("{s:n, s:s}", "per_tick", "why", r->instructions_why);
	return json_pack("{s:I, s:I, s:I, s:I}", "ticks", (json_int_t)h->count,
			 "p50", (json_int_t)adx_hist_percentile(h, 50),
			 "p99", (json_int_t)adx_hist_percentile(h, 99),
			 "mean", (json_int_t)(h->count ? h->sum_ns / h->count : 0));
}

static json_t *run_json(const struct lab_result *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "policy", adx_dax_policy_name(r->policy),
			      "heap", adx_heap_kind_name(r->heap), "executor", lab_executor_name(r),
			      "dax_driver", r->dax_driver);

	json_object_set_new(o, "summary", summary_json(r));
	json_object_set_new(o, "heap_timeline", timeline_json(r));
	json_object_set_new(o, "allocation_failures", failures_json(r));
	json_object_set_new(o, "timeline", ops_json(r));
	json_object_set_new(o, "switches", switches_json(r));
	json_object_set_new(o, "modules", modules_json(r));
	json_object_set_new(o, "endpoints", endpoints_json(r));
	json_object_set_new(o, "block_maps", maps_json(r));
	json_object_set_new(o, "ll_tick_instructions", ll_instructions_json(r));
	json_object_set_new(o, "callgrind_file", r->calibration_file[0] ?
			    json_string(r->calibration_file) : json_null());
	json_object_set_new(o, "ipc", json_pack("{s:I, s:I, s:I, s:I, s:I}",
						"messages", (json_int_t)r->ipc_messages,
						"rejected", (json_int_t)r->ipc_rejected,
						"large_config_blobs", (json_int_t)r->ipc_blobs,
						"large_config_fragments",
						(json_int_t)r->ipc_fragments,
						"fragment_bytes", (json_int_t)TB_FW_FRAGMENT_BYTES));
	json_object_set_new(o, "firmware_log", log_json(r));
	json_object_set_new(o, "firmware_log_dropped", json_integer((json_int_t)r->log_dropped));
	json_object_set_new(o, "trace_events_dropped",
			    json_integer((json_int_t)r->trace_events_dropped));
	json_object_set_new(o, "wall", json_pack("{s:f, s:f}", "wall_seconds", r->wall_seconds,
						 "x_realtime", r->x_realtime));
	return o;
}

int lab_report_write(const char *path, const struct tb_scenario *sc,
		     const struct lab_result *runs, int num_runs, char *err, size_t err_size)
{
	json_t *root = json_pack("{s:s, s:{s:s, s:s, s:s, s:I, s:I, s:I, s:I}}",
				 "format", "adx-lab-report/2",
				 "scenario", "name", sc->name, "file", sc->path,
				 "description", sc->description ? sc->description : "",
				 "heap_bytes", (json_int_t)sc->heap_bytes,
				 "engine_bytes", (json_int_t)sc->engine_bytes,
				 "static_region_bytes", (json_int_t)sc->static_region_bytes,
				 "dax_max_channels", (json_int_t)TB_DAX_MAX_CHANNELS);
	json_t *a = json_array();
	int ret;

	for (int i = 0; i < num_runs; i++)
		json_array_append_new(a, run_json(&runs[i]));
	json_object_set_new(root, "runs", a);
	ret = json_dump_file(root, path, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (ret) {
		snprintf(err, err_size, "%s: cannot write the report", path);
		return -EIO;
	}
	return 0;
}
