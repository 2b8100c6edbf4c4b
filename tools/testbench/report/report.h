/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What is written from a scenario's finished runs, the report room's door:
 * report.json, the comparison table, the calibration table and the plots.
 */
#ifndef ADX_TB_REPORT_H
#define ADX_TB_REPORT_H

#include <stdio.h>

#include "lab/lab.h"
#include "scenario/scenario.h"

int lab_report_write(const char *path, const struct tb_scenario *sc,
		     const struct lab_result *runs, int num_runs, char *err, size_t err_size);
void lab_print_table(FILE *out, const struct tb_scenario *sc, const struct lab_result *runs,
		     int num_runs);
/* After the table with --calibrate: instructions per period per module, over the runs. */
void lab_print_calibration(FILE *out, const struct lab_result *runs, int num_runs);

/* Plots with gnuplot: heap.svg/png and blockmap-<policy>-<heap>.svg/png. */
/* Runs gnuplot on a script: 0, -ENOENT (no gnuplot: plots skipped) or -EIO, err set. */
int report_run_gnuplot(const char *script, char *err, size_t err_size);
int lab_plots_write(const char *dir, const struct tb_scenario *sc,
		    const struct lab_result *runs, int num_runs, char *err, size_t err_size);

#endif
