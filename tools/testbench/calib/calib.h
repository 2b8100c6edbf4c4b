/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --calibrate, the calib room's door: instructions per process() call of
 * every module instance, counted by valgrind's callgrind where no hardware
 * counter exists.
 *
 * After the ordinary runs, each (policy, heap) is run again in a child
 * testbench under callgrind (--calibration-child), in virtual time, with
 * every instance's process() behind its own trampoline symbol (lab_wrap.h).
 * The child writes which symbol served which instance and how many
 * process() calls the lab counted (lab_calib_write_child()); the parent
 * reads callgrind's output (calib_callgrind.h), checks that callgrind
 * counted the same calls, and puts inclusive instructions / calls into that
 * run's module figures.
 */
#ifndef ADX_TB_CALIB_H
#define ADX_TB_CALIB_H

#include <stdbool.h>
#include <stddef.h>

#include "adx/audio/module_adapter.h"
#include "lab/lab.h"

/* What the child testbench is asked to repeat of the parent's command line. */
struct lab_calib_request {
	const char *scenario;              /* the scenario file */
	bool policy_forced;                /* pass each run's policy (--policy, --compare) */
	size_t heap_bytes;                 /* --heap-size; 0: the scenario's */
	double until_ms;                   /* --until; 0: the whole scenario */
	enum adx_control_model control_model;
};

/* 0 when valgrind can be run; -ENOENT with err set when it is not on PATH. */
int lab_calib_check(char *err, size_t err_size);

/*
 * One callgrind child per run, output under dir/callgrind/<policy>-<heap>.out
 * (with its .log and .slots.json), figures merged into runs[]. inputs_cache
 * is where the inputs were converted. 0, or -errno with err naming the run
 * and what failed.
 */
int lab_calibrate(const struct lab_calib_request *req, const char *dir, const char *inputs_cache,
		  struct lab_result *runs, int num_runs, char *err, size_t err_size);

#endif
