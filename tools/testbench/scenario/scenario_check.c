// SPDX-License-Identifier: BSD-3-Clause
/*
 * The whole-scenario check: replays the timeline against the PCM state
 * machine a host driver follows, so an op in an illegal order, a control
 * aimed at a module that does not exist, or a format a module cannot take is
 * refused with its file:line:column before any audio moves. Runtime
 * failures (an allocation that fails) are not decided here: they are what
 * the run is for.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario.h"

/* A PCM as the host driver sees it. */
enum pcm_state {
	PCM_CLOSED,
	PCM_OPEN,       /* open, no hw_params: nothing in the firmware yet */
	PCM_SETUP,      /* hw_params done: pipeline exists, in RESET */
	PCM_PREPARED,   /* PAUSED */
	PCM_RUNNING,
};

static const char *const pcm_state_names[] = { "closed", "open", "set up (hw_params done)",
					       "prepared", "running" };

__attribute__((format(printf, 5, 6)))
static int fail(const struct tb_scenario *sc, struct tb_mark m, char *err, size_t err_size,
		const char *fmt, ...)
{
	int n = snprintf(err, err_size, "%s:%d:%d: ", sc->path, m.line, m.column);
	va_list ap;

	if (n > 0 && (size_t)n < err_size) {
		va_start(ap, fmt);
		vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* The states an op is legal in, and where it leads. */
static bool op_allowed(enum tb_op op, enum pcm_state s, enum pcm_state *next,
		       const char **expected)
{
	switch (op) {
	case TB_OP_OPEN:
		*expected = "a closed PCM";
		*next = PCM_OPEN;
		return s == PCM_CLOSED;
	case TB_OP_HW_PARAMS:
		*expected = "an open PCM without hw_params (open first; close before new hw_params)";
		*next = PCM_SETUP;
		return s == PCM_OPEN;
	case TB_OP_PREPARE:
		*expected = "hw_params (or stop/reset) first";
		*next = PCM_PREPARED;
		return s == PCM_SETUP || s == PCM_PREPARED;
	case TB_OP_START:
		*expected = "a prepared PCM (prepare first)";
		*next = PCM_RUNNING;
		return s == PCM_PREPARED;
	case TB_OP_STOP:
		*expected = "a running PCM (start first)";
		*next = PCM_PREPARED;
		return s == PCM_RUNNING;
	case TB_OP_RESET:
		*expected = "a set-up or prepared PCM (stop a running one first)";
		*next = PCM_SETUP;
		return s == PCM_SETUP || s == PCM_PREPARED;
	case TB_OP_CLOSE:
		*expected = "an open PCM";
		*next = PCM_CLOSED;
		return s != PCM_CLOSED;
	case TB_OP_CONTROL:
		*expected = "a PCM after hw_params (its modules exist then)";
		*next = s;
		return s >= PCM_SETUP;
	default:
		*next = s;
		return true;
	}
}

static int check_stage(const struct tb_scenario *sc, const struct tb_pipeline_spec *p,
		       const struct tb_stage *st, char *err, size_t err_size)
{
	uint32_t tick = p->format.rate / 1000;

	if (st->kind == TB_STAGE_VOLUME)
		return 0;
	if (st->period_us < 1000 || st->period_us % 1000)
		return fail(sc, st->mark, err, err_size,
			    "period %u us: expected a whole number of 1 ms LL ticks", st->period_us);
	if (st->block_frames > tick * (st->period_us / 1000) * 64)
		return fail(sc, st->mark, err, err_size,
			    "block of %u frames is far beyond the %u-frame period; expected a "
			    "block of at most 64 periods", st->block_frames, tick * (st->period_us / 1000));
	if (st->kind != TB_STAGE_DAX)
		return 0;
	if (p->format.rate != 48000)
		return fail(sc, p->rate_mark, err, err_size,
			    "pipeline '%s' runs at %u Hz but has a dax module; expected rate 48000",
			    p->name, p->format.rate);
	if (p->format.channels != 2)
		return fail(sc, p->channels_mark, err, err_size,
			    "pipeline '%s' has %u channels but a dax module; expected channels 2 "
			    "(in = out in these pipelines)", p->name, p->format.channels);
	return 0;
}

static int check_pipelines(const struct tb_scenario *sc, char *err, size_t err_size)
{
	for (int i = 0; i < sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *p = &sc->pipelines[i];
		struct stat stt;

		if (!p->host.generated && stat(p->host.path, &stt))
			return fail(sc, p->host.mark, err, err_size,
				    "host file '%s' cannot be read (%s); expected an audio file",
				    p->host.path, strerror(errno));
		for (int s = 0; s < p->num_stages; s++) {
			if (check_stage(sc, p, &p->stages[s], err, err_size))
				return -EINVAL;
			for (int t = 0; t < s; t++)
				if (!strcmp(p->stages[s].name, p->stages[t].name))
					return fail(sc, p->stages[s].mark, err, err_size,
						    "a second module named '%s' in '%s'; expected "
						    "unique names", p->stages[s].name, p->name);
		}
	}
	return 0;
}

/* Finds the module a control aims at: named, or the one that has the control. */
static int control_target(const struct tb_pipeline_spec *p, const struct tb_control *c)
{
	if (c->stage[0])
		return tb_pipeline_find_stage(p, c->stage);
	if (c->kind == TB_CTL_GAIN) {
		for (int s = 0; s < p->num_stages; s++)
			if (p->stages[s].kind == TB_STAGE_VOLUME)
				return s;
		return -1;
	}
	return p->dax_stage;
}

static int check_control(const struct tb_scenario *sc, const struct tb_event *ev,
			 char *err, size_t err_size)
{
	const struct tb_pipeline_spec *p = &sc->pipelines[ev->pipeline];
	const struct tb_control *c = &ev->control;
	int s = control_target(p, c);
	bool wants_volume = c->kind == TB_CTL_GAIN;
	struct stat st;

	if (s < 0 && c->stage[0])
		return fail(sc, ev->mark, err, err_size, "pipeline '%s' has no module '%s'",
			    p->name, c->stage);
	if (s < 0)
		return fail(sc, ev->mark, err, err_size, "'%s' needs a %s module and pipeline '%s' "
			    "has none", tb_control_name(c->kind), wants_volume ? "volume" : "dax",
			    p->name);
	if ((p->stages[s].kind == TB_STAGE_VOLUME) != wants_volume ||
	    p->stages[s].kind == TB_STAGE_DP_PASSTHROUGH)
		return fail(sc, ev->mark, err, err_size, "module '%s' has no control '%s'; expected "
			    "a %s module", p->stages[s].name, tb_control_name(c->kind),
			    wants_volume ? "volume" : "dax");
	if (c->kind == TB_CTL_TUNING) {
		if (stat(c->blob_path, &st))
			return fail(sc, ev->mark, err, err_size, "tuning blob '%s' cannot be read (%s)",
				    c->blob_path, strerror(errno));
		if (st.st_size % 4 || st.st_size > 64 * 1024)
			return fail(sc, ev->mark, err, err_size, "tuning blob '%s' has %lld bytes; "
				    "expected a multiple of 4 up to 64 KiB", c->blob_path,
				    (long long)st.st_size);
	}
	return 0;
}

/* An op can only arrive inside a cycle that runs on its own thread. */
static int check_mid_cycle(const struct tb_scenario *sc, const struct tb_event *ev,
			   enum pcm_state state, char *err, size_t err_size)
{
	const struct tb_pipeline_spec *p = &sc->pipelines[ev->pipeline];
	const struct tb_stage *st = &p->stages[ev->mid_cycle_stage];

	if (sc->exec != TB_EXEC_THREADS_ONLY)
		return fail(sc, ev->mid_cycle_mark, err, err_size, "'mid_cycle' needs "
			    "'executor: threads' (in virtual time an op never overlaps a DP cycle)");
	if (st->kind == TB_STAGE_VOLUME)
		return fail(sc, ev->mid_cycle_mark, err, err_size, "module '%s' runs in the LL "
			    "tick; expected a DP module (dax or dp-passthrough) for 'mid_cycle'",
			    st->name);
	if (state != PCM_RUNNING)
		return fail(sc, ev->mid_cycle_mark, err, err_size, "'mid_cycle' on pipeline '%s' "
			    "at %.3f ms while it is %s; expected running (no cycle runs otherwise)",
			    p->name, ev->at_us / 1e3, pcm_state_names[state]);
	return 0;
}

static int check_timeline(const struct tb_scenario *sc, char *err, size_t err_size)
{
	enum pcm_state state[TB_MAX_PIPELINES] = { PCM_CLOSED };
	char live[64][TB_NAME_MAX];
	int num_live = 0;

	for (int i = 0; i < sc->num_events; i++) {
		const struct tb_event *ev = &sc->events[i];
		enum pcm_state next;
		const char *expected;
		int k;

		if (sc->duration_us && ev->at_us > sc->duration_us)
			return fail(sc, ev->at_mark, err, err_size, "at %.3f ms is after the end "
				    "(duration_ms %.3f); expected an earlier time", ev->at_us / 1e3,
				    sc->duration_us / 1e3);
		if (ev->op == TB_OP_ALLOC || ev->op == TB_OP_RELEASE) {
			for (k = 0; k < num_live && strcmp(live[k], ev->burst.tag); k++)
				;
			if (ev->op == TB_OP_ALLOC && k < num_live)
				return fail(sc, ev->mark, err, err_size, "burst '%s' is still "
					    "allocated; expected a new tag or a release first",
					    ev->burst.tag);
			if (ev->op == TB_OP_RELEASE && k == num_live)
				return fail(sc, ev->mark, err, err_size, "no live burst '%s'; "
					    "expected the tag of an earlier alloc", ev->burst.tag);
			if (ev->op == TB_OP_ALLOC && num_live == 64)
				return fail(sc, ev->mark, err, err_size, "more than 64 live bursts");
			if (ev->op == TB_OP_ALLOC)
				strcpy(live[num_live++], ev->burst.tag);
			else
				memcpy(live[k], live[--num_live], TB_NAME_MAX);
			continue;
		}
		if (!op_allowed(ev->op, state[ev->pipeline], &next, &expected))
			return fail(sc, ev->mark, err, err_size,
				    "'%s' on pipeline '%s' at %.3f ms while it is %s; expected %s",
				    tb_op_name(ev->op), sc->pipelines[ev->pipeline].name,
				    ev->at_us / 1e3, pcm_state_names[state[ev->pipeline]], expected);
		if (ev->op == TB_OP_CONTROL && check_control(sc, ev, err, err_size))
			return -EINVAL;
		if (ev->mid_cycle_stage >= 0 &&
		    check_mid_cycle(sc, ev, state[ev->pipeline], err, err_size))
			return -EINVAL;
		state[ev->pipeline] = next;
	}
	return 0;
}

int tb_scenario_check(const struct tb_scenario *sc, char *err, size_t err_size)
{
	if (!sc->num_events)
		return fail(sc, (struct tb_mark){ 1, 1 }, err, err_size,
			    "the timeline is empty; expected at least one event");
	return check_pipelines(sc, err, err_size) || check_timeline(sc, err, err_size) ?
	       -EINVAL : 0;
}

size_t tb_scenario_min_total(const struct tb_scenario *sc, bool reserves_region)
{
	return TB_MIN_HEAP_BYTES + (reserves_region ? sc->static_region_bytes : 0);
}

size_t tb_scenario_heap_bytes(const struct tb_scenario *sc, bool reserves_region, bool same_heap)
{
	if (same_heap || !reserves_region)
		return sc->heap_bytes;
	if (sc->heap_bytes < tb_scenario_min_total(sc, true))
		return 0;
	return sc->heap_bytes - sc->static_region_bytes;
}
