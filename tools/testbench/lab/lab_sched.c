// SPDX-License-Identifier: BSD-3-Clause
/* The scheduler's observer: LL ticks and DP cycles in the trace, instructions per cycle. */

#include "lab_internal.h"

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
				      TID_DP0 + lab->num_dp_tasks, lab_label_of(lab, task->name));
	return lab->num_dp_tasks++;
}

/*
 * Instructions are read on the thread the event comes from and charged to
 * what ran on that thread since its previous event: the tick's LL work at
 * TICK_END, the cycle's code at DP_END (in virtual time a cycle's code runs
 * just before its DP_END; on threads between its DP_START and DP_END).
 */
void lab_on_sched_event(void *ctx, const struct adx_sched_event *ev)
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
		lab_emit(lab, 'X', TID_LL, "LL tick", "ll", lab->tick_start_ns,
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
			lab_emit(lab, 'X', TID_DP0 + i, lab_label_of(lab, ev->task->name), "dp",
				 lab->dp_start_ns[i], ev->time_ns - lab->dp_start_ns[i], NULL);
		}
		break;
	case ADX_SCHED_EV_DP_MISS:
		i = dp_index(lab, ev->task);
		if (i >= 0)
			lab_emit(lab, 'i', TID_DP0 + i, "deadline miss", "dp", ev->time_ns, 0, NULL);
		break;
	default:
		break;
	}
	adx_mutex_unlock(&lab->trace_lock);
}

/* The instructions measured for a DP task's cycles move into its module's figures. */
void lab_take_instructions(struct lab *lab, const struct adx_dp_task *task,
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
