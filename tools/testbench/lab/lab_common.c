// SPDX-License-Identifier: BSD-3-Clause
/* What every part of a run uses: bookkeeping arrays, the clock, names, the trace, policies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"

void *lab_grow(void *array, size_t *cap, size_t count, size_t elem)
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

uint64_t lab_now(struct lab *lab)
{
	return adx_sched_now_ns(&lab->sched);
}

/* A firmware module name "<instance>.<driver>" as the scenario calls it. */
const char *lab_label_of(const struct lab *lab, const char *fw_name)
{
	char *end;
	unsigned long id = strtoul(fw_name, &end, 10);

	if (end == fw_name || *end != '.' || id >= ADX_IPC_MAX_INSTANCES ||
	    !lab->inst_label[id][0])
		return fw_name;
	return lab->inst_label[id];
}

void lab_emit(struct lab *lab, char ph, int tid, const char *name, const char *cat,
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

/* The policy a DAX stage runs under: the forced one (--policy, --compare), or its own. */
enum adx_dax_policy lab_stage_policy(const struct lab *lab, const struct tb_stage *st)
{
	return lab->opt->policy_forced || !st->policy_given ? lab->opt->policy : st->policy;
}

bool lab_reserves_static_region(const struct lab_run_options *opt)
{
	const struct tb_scenario *sc = opt->sc;

	for (int i = 0; i < sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *p = &sc->pipelines[i];
		const struct tb_stage *st = p->dax_stage >= 0 ? &p->stages[p->dax_stage] : NULL;

		if (st && (opt->policy_forced || !st->policy_given ? opt->policy : st->policy) ==
			  ADX_DAX_POLICY_STATIC)
			return true;
	}
	return false;
}
