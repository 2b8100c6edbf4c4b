// SPDX-License-Identifier: BSD-3-Clause
/*
 * Module statistics and switches, gathered before each reset and close
 * (copiers clear theirs at prepare, and a closed module's figures go with it).
 */
#include <stdio.h>
#include <string.h>

#include "adx/audio/observe.h"
#include "adx/dsp/engine.h"
#include "lab_internal.h"

static struct lab_module_stats *module_entry(struct lab *lab, const struct adx_module *mod)
{
	struct lab_result *res = lab->res;
	struct lab_module_stats *m;

	const char *name = lab_label_of(lab, mod->name);

	for (size_t i = 0; i < res->num_modules; i++)
		if (!strcmp(res->modules[i].name, name))
			return &res->modules[i];
	res->modules = lab_grow(res->modules, &lab->cap_modules, res->num_modules, sizeof(*m));
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

void lab_gather_modules(struct lab *lab, struct ppl_rt *p)
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
			lab_take_instructions(lab, adx_module_dp_task(mod), m);
		} else {
			m->declared_cost_ns = mod->ll_cost_ns;
			m->period_us = 1000;
		}
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
void lab_gather_switch(struct lab *lab, struct ppl_rt *p)
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

void lab_record_switch(struct lab *lab, struct ppl_rt *p)
{
	struct lab_result *res = lab->res;
	struct lab_switch *sw;

	res->switches = lab_grow(res->switches, &lab->cap_switches, res->num_switches, sizeof(*sw));
	sw = &res->switches[res->num_switches];
	*sw = (struct lab_switch){ .t_ns = lab_now(lab), .first_processed_frame = -1,
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
void lab_note_engine_request(struct lab *lab, struct ppl_rt *p, enum tb_op op)
{
	struct adx_heap_stats hs;
	bool at_init;

	if (p->spec->dax_stage < 0)
		return;
	at_init = lab_stage_policy(lab, &p->spec->stages[p->spec->dax_stage]) == ADX_DAX_POLICY_INIT;
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
