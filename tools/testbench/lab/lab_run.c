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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adx/platform/log.h"
#include "lab_internal.h"
#include "lab_wrap.h"

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int setup(struct lab *lab, char *err, size_t err_size)
{
	const struct lab_run_options *opt = lab->opt;
	bool region = lab_reserves_static_region(opt);
	size_t heap_bytes = tb_scenario_heap_bytes(lab->sc, region, opt->same_heap);
	size_t bytes = (heap_bytes + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct adx_sched_config cfg = { .mode = opt->mode, .tick_us = 1000,
					.paced = opt->realtime, .try_fifo = opt->realtime };

	if (!heap_bytes) {
		snprintf(err, err_size, "total memory %zu bytes is below the %zu bytes the %s "
			 "policy needs (its static region of %zu bytes and a %u-byte heap for "
			 "the firmware's own blocks)", lab->sc->heap_bytes,
			 tb_scenario_min_total(lab->sc, true), adx_dax_policy_name(opt->policy),
			 lab->sc->static_region_bytes, TB_MIN_HEAP_BYTES);
		return -EINVAL;
	}
	/* Equal-memory accounting (docs/design.md §6): a static region comes out of the total. */
	lab->res->static_region = region ? lab->sc->static_region_bytes : 0;
	lab->res->total_memory = heap_bytes + lab->res->static_region;
	lab->res->same_heap = opt->same_heap;
	lab->arena = aligned_alloc(ARENA_ALIGN, bytes);
	if (lab->arena)
		lab->heap = adx_heap_init_kind(opt->heap, lab->arena, heap_bytes);
	if (!lab->heap) {
		snprintf(err, err_size, "cannot set up a %zu-byte %s heap", heap_bytes,
			 adx_heap_kind_name(opt->heap));
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
	if (tb_fw_register_type(lab->fw, ADX_IPC_MODULE_DAX, &adx_dax_driver)) {
		snprintf(err, err_size, "cannot register the DAX module type");
		return -EINVAL;
	}
	tb_fw_set_observer(lab->fw, lab_on_ipc_message, lab);
	if (lab_engine_committed()) {
		snprintf(err, err_size, "DAX engine memory is still committed from an earlier run");
		return -EBUSY;
	}
	adx_dax_reset_peak();
	if (lab_plan_holds(lab)) {
		snprintf(err, err_size, "cannot set up the mid_cycle hold");
		return -ENOMEM;
	}
	lab_label_instances(lab);
	lab_setup_gateways(lab);
	adx_heap_set_observer(lab->heap, lab_on_heap_event, lab);
	adx_sched_set_observer(&lab->sched, lab_on_sched_event, lab);
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

static void teardown(struct lab *lab)
{
	for (int i = 0; i < MAX_BURSTS; i++)
		if (lab->bursts[i].live)
			lab_burst_release(&lab->bursts[i]);
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
		lab->res->blocks_left += lab_count_used_blocks(lab->heap);
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
	adx_log_set_sink(lab_on_log, lab);
	adx_log_set_level(ADX_LOG_WARN);
	res->policy = opt->policy;
	res->heap = opt->heap;
	res->mode = opt->mode;
	res->realtime = opt->realtime;
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
		lab_sample_heap(lab);
		start = wall_now();
		for (int i = 0; !ret && i < opt->sc->num_events; i++) {
			const struct tb_event *ev = &opt->sc->events[i];
			uint64_t tick = ev->at_us / 1000;

			if (tick >= end_tick)
				break;
			ret = lab_advance_to(lab, tick);
			ret = ret ? ret : lab_settle_dp(lab, ev);
			if (!ret)
				lab_run_event(lab, ev);
		}
		ret = ret ? ret : lab_advance_to(lab, end_tick);
		res->wall_seconds = wall_now() - start;
		res->audio_seconds = (double)adx_sched_tick_count(&lab->sched) / 1000.0;
		res->x_realtime = res->wall_seconds > 0 ? res->audio_seconds / res->wall_seconds : 0;
		if (ret)
			snprintf(err, err_size, "the scheduler failed: %s", strerror(-ret));
	}
	if (lab->sched_ready)
		lab_close_all(lab);
	if (!ret)
		ret = lab_save_endpoints(lab, err, err_size);
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

const char *lab_executor_name(const struct lab_result *res)
{
	if (res->mode != ADX_EXEC_THREADS)
		return "virtual";
	return res->realtime ? "realtime" : "threads";
}
