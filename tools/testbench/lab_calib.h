/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --calibrate: instructions per process() call of every module instance,
 * counted by valgrind's callgrind where no hardware counter exists.
 *
 * After the ordinary runs, each (policy, heap) is run again in a child
 * testbench under callgrind (--calibration-child), in virtual time, with
 * every instance's process() behind its own trampoline symbol (lab_wrap.h).
 * The child writes which symbol served which instance and how many
 * process() calls the lab counted; the parent reads callgrind's output
 * (callgrind_out.h), checks that callgrind counted the same calls, and puts
 * inclusive instructions / calls into that run's module figures.
 */
#ifndef ADX_TB_LAB_CALIB_H
#define ADX_TB_LAB_CALIB_H

#include <stddef.h>

#include "lab.h"
#include "options.h"

/* 0 when valgrind can be run; -ENOENT with err set when it is not on PATH. */
int lab_calib_check(char *err, size_t err_size);

/* The child's side: after its one run, the slot symbols, labels and calls. */
int lab_calib_write_child(const char *path, const struct lab_result *res, char *err,
			  size_t err_size);

/*
 * The parent's side: one callgrind child per run, output under
 * dir/callgrind/<policy>-<heap>.out (with its .log and .slots.json), figures
 * merged into runs[]. inputs_cache is where the inputs were converted.
 * 0, or -errno with err naming the run and what failed.
 */
int lab_calibrate(const struct tb_options *opt, const char *dir, const char *inputs_cache,
		  struct lab_result *runs, int num_runs, char *err, size_t err_size);

#endif
