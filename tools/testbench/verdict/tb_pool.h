/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A process pool for independent tasks: `jobs` forked workers, worker k
 * running tasks k, k + jobs, ...; each task's fixed-size record travels
 * back through the worker's pipe and lands at the task's index. Workers
 * share no mutable state (each has its own copy of memory after fork), so
 * the records are the same for any number of jobs.
 */
#ifndef ADX_TB_POOL_H
#define ADX_TB_POOL_H

#include <stddef.h>
#include <stdint.h>

/* Fills `record` for task `task`; 0, or non-zero (the worker reports and stops). */
typedef int (*tb_pool_task_fn)(void *ctx, uint32_t task, void *record);

/* The machine's online cores (at least 1): the default job count. */
unsigned tb_pool_default_jobs(void);

/*
 * Runs tasks 0..num_tasks-1; records is num_tasks * record_size bytes.
 * jobs == 1 runs in this process. 0, or -errno with err set when a worker
 * failed or a record is missing.
 */
int tb_pool_run(unsigned jobs, uint32_t num_tasks, size_t record_size, tb_pool_task_fn fn,
		void *ctx, void *records, char *err, size_t err_size);

#endif
