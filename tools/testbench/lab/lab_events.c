// SPDX-License-Identifier: BSD-3-Clause
/*
 * The timeline: time advanced to each event, the event performed (held
 * inside a DP cycle for a mid_cycle op) and recorded with its result.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lab_internal.h"

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

int lab_advance_to(struct lab *lab, uint64_t tick)
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
int lab_settle_dp(struct lab *lab, const struct tb_event *ev)
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
		if (lab_advance_to(lab, adx_sched_tick_count(&lab->sched) + 1))
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

void lab_run_event(struct lab *lab, const struct tb_event *ev)
{
	struct lab_result *res = lab->res;
	struct lab_op_record *rec;
	bool mid_cycle = ev->mid_cycle_stage >= 0 && lab->hold;
	bool held = mid_cycle && hold_next_cycle(lab, ev);
	uint64_t t0 = lab_now(lab);
	char note[160] = "";
	size_t fails_before = res->num_failures;
	int8_t landed = -1;
	int ret;

	describe(lab, ev, lab->current_op, sizeof(lab->current_op));
	if (held)
		lab_hold_issue(lab->hold);
	ret = lab_perform(lab, ev, note, sizeof(note));
	if (mid_cycle)
		landed = finish_mid_cycle(lab, held, note, sizeof(note));
	if (!note[0] && res->num_failures > fails_before)
		snprintf(note, sizeof(note), "%zu allocation(s) failed (the module carries on)",
			 res->num_failures - fails_before);
	res->ops = lab_grow(res->ops, &lab->cap_ops, res->num_ops, sizeof(*rec));
	rec = &res->ops[res->num_ops++];
	*rec = (struct lab_op_record){ .t_ns = t0, .ret = ret, .mid_cycle = landed };
	snprintf(rec->what, sizeof(rec->what), "%s", lab->current_op);
	snprintf(rec->note, sizeof(rec->note), "%s", note);
	if (ret)
		res->op_errors++;
	lab_emit(lab, 'X', TID_CONTROL, lab->current_op, ev->op == TB_OP_CONTROL ? "control" : "pcm",
		 t0, lab_now(lab) - t0,
		 json_pack("{s:i, s:s, s:s}", "result", ret, "error", ret ? strerror(-ret) : "",
			   "note", note));
	lab_sample_heap(lab);
	lab->current_op[0] = '\0';
}

/* What a host does at the end of a session: close whatever is still open. */
void lab_close_all(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct tb_event close = { .op = TB_OP_CLOSE, .pipeline = i,
					  .mid_cycle_stage = -1 };

		if (lab->ppl[i].state != PCM_CLOSED)
			lab_run_event(lab, &close);
	}
}

/* Only on real threads can an op arrive inside a cycle (the checker asks for them). */
int lab_plan_holds(struct lab *lab)
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
