/*
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * SPIN model of the DAX region ownership protocol (STATIC and SHARED
 * policies): the instance manager (src/modules/dax/dax_manager.c), the
 * engine slot (src/modules/dax/engine_slot.c) and the adapter's DP task
 * control (src/audio/module_adapter.c),
 * for three instances with priorities, run-time device changes, yield of a
 * lower-priority owner and release at reset. Checked by
 * run.sh next to it (CI: `make check-reliability`):
 *   safety    mutual exclusion (a cycle uses the region only while its
 *             instance owns it, never two cycles at once), no use of
 *             released (poisoned) memory, no invalid end state (deadlock);
 *   liveness  ltl best_waiter_gets_region: a prepared instance that ranks
 *             strictly above every other candidate eventually owns the
 *             region (or stops being that candidate), under weak fairness;
 *   negative  -DBROKEN_RELEASE_EARLY: the cycle returns the engine and ends
 *             before its last access; safety must fail (replayed in C by
 *             tests/reliability/test_rel_explore_slot.c, "spin trail");
 *   slot only -DNO_QUIESCE: the manager claims without holding the owner's
 *             cycles off first; the slot alone must keep safety and
 *             liveness (the adapter's quiesce is defence in depth);
 *             -DNO_QUIESCE -DBROKEN_NO_PENDING: take() ignores the
 *             claim-pending bit; liveness must fail (a busy DP thread
 *             starves the claim).
 *
 * Model state -> C code:
 *   prepared[i], cand[i]   struct dax.candidate   dax_manager_want / _drop
 *   running[i]             module state RUNNING   adx_module_trigger -> dax_trigger
 *   dev[i], devrank[]      staging.device, device_rank[]  dax_manager_set_device_rank
 *   owner                  dax_manager.owner       (under the manager lock)
 *   region                 the region header's magic/owner: NONE = poisoned
 *                          (dax_engine_poison), i = built for i (dax_engine_start)
 *   slot[i], pending[i]    adx_engine_slot.word: pointer bits / CLAIM_PENDING
 *   quiesced[i]            adx_module_dp_quiesce .. adx_module_dp_resume
 *   in_cycle[i]            adx_dp_task.state == ADX_DP_RUNNING (sched)
 *   users                  struct dax_engine.users
 * Labels in dp():       dp_take  = dax_engine_take -> adx_engine_slot_take
 *                       dp_use   = dax_stream_cycle -> run_engine (engine access)
 *                       dp_put   = dax_engine_put -> adx_engine_slot_put
 * Comments in control(): ctl_quiesce = adx_module_dp_quiesce (blocks until the
 *                                     in-flight cycle ends)
 *                       ctl_claim   = adx_engine_slot_claim (fetch_or pending,
 *                                     then CAS; blocks on the condition variable)
 *                       ctl_poison  = dax_engine_poison, owner = NULL
 *                       ctl_give    = give_to -> dax_engine_start -> _install
 * The control side is one thread (docs/design.md §5): every op is one manager
 * critical section, so ops never interleave with each other, only with
 * the DP cycles.
 */

#define N 3
#define NONE 255
#define EMPTY 0
#define FULL 1

bool prepared[N];
bool cand[N];
bool running[N];
byte dev[N];            /* 0 speaker, 1 headphone */
byte devrank[2] = 1;    /* speaker 1, headphone 0 (initialised below) */
byte owner = NONE;
byte region = NONE;
bit slot[N];
bool pending[N];
bool quiesced[N];
bool in_cycle[N];
byte users;

/* rank_of(): RUNNING above prepared, then device, then init priority (= index). */
#define RANK(i) (running[i] * 16 + devrank[dev[i]] * 4 + (i))

/* The best candidate strictly above everyone else: the liveness premise. */
#define TOP2 (cand[2] && RANK(2) > RANK(0) && RANK(2) > RANK(1))

proctype dp(byte me)
{
end_idle:
	do
	:: atomic { running[me] && !quiesced[me] -> in_cycle[me] = true }
dp_take:
		atomic {
			if
#ifdef BROKEN_NO_PENDING
			:: slot[me] == FULL -> slot[me] = EMPTY; users++
#else
			:: slot[me] == FULL && !pending[me] -> slot[me] = EMPTY; users++
#endif
			:: else -> in_cycle[me] = false; goto end_idle /* pass-through cycle */
			fi
		}
dp_use:
		assert(users == 1 && region == me);
#ifdef BROKEN_RELEASE_EARLY
		/* Broken: the engine goes back and the cycle ends before its last access. */
		atomic { users--; slot[me] = FULL; in_cycle[me] = false }
dp_use_after:
		assert(region == me);
#else
dp_put:
		atomic { users--; slot[me] = FULL; in_cycle[me] = false }
#endif
	od
}

byte best, o, i, k;

/* pick(): the owner wins ties. */
inline pick()
{
	best = owner;
	for (k : 0 .. N - 1) {
		if
		:: cand[k] && (best == NONE || RANK(k) > RANK(best)) -> best = k
		:: else -> skip
		fi
	}
}

/* adx_module_dp_quiesce + dax_engine_stop + dax_engine_poison + adx_module_dp_resume. */
inline take_from_owner()
{
	o = owner;
#ifndef NO_QUIESCE
	quiesced[o] = true;
	!in_cycle[o];  /* ctl_quiesce */
#endif
	pending[o] = true;  /* ctl_claim */
	atomic { slot[o] == FULL -> slot[o] = EMPTY; pending[o] = false }
	region = NONE;  /* ctl_poison */
	owner = NONE;
	quiesced[o] = false
}

inline give_to(b)
{
	atomic { region = b;  /* ctl_give */
		 owner = b; slot[b] = FULL }
}

/* rebalance(): the best candidate gets the region, taking it from the owner if allowed. */
inline rebalance(allow_take)
{
	pick();
	if
	:: best != NONE && best != owner && owner == NONE -> give_to(best)
	:: best != NONE && best != owner && owner != NONE && allow_take ->
		take_from_owner(); give_to(best)
	:: else -> skip
	fi
}

active proctype control()
{
	devrank[0] = 1;
	devrank[1] = 0;
	atomic { run dp(0); run dp(1); run dp(2) }
end_ctl:
	do
	/* prepare: dax_memory_prepare -> dax_manager_want */
	:: select (i : 0 .. N - 1);
		if
		:: !prepared[i] -> prepared[i] = true; cand[i] = true; rebalance(true)
		/* trigger start: dax_trigger -> dax_manager_rerank */
		:: prepared[i] && !running[i] -> running[i] = true; rebalance(true)
		/* trigger stop: the adapter cancels the task (joins the cycle), then rerank */
		:: running[i] -> running[i] = false; !in_cycle[i]; rebalance(true)
		/* reset of a stopped instance: dax_manager_drop; the owner releases */
		:: prepared[i] && !running[i] ->
			if
			:: owner == i ->
				pending[i] = true;
				atomic { slot[i] == FULL -> slot[i] = EMPTY; pending[i] = false }
				region = NONE;
				owner = NONE
			:: else -> skip
			fi;
			cand[i] = false;
			prepared[i] = false;
			rebalance(false)
		/* set_configuration(DEVICE) -> dax_manager_rerank */
		:: dev[i] = 1 - dev[i]; rebalance(true)
		fi
	od
}

ltl best_waiter_gets_region { [] (TOP2 -> <> (owner == 2 || !TOP2)) }
