// SPDX-License-Identifier: BSD-3-Clause
/*
 * Per-thread instruction counters for the lab (lab_perf.h).
 *
 * Each thread that reports scheduler events (the control thread in virtual
 * time; the LL thread and each DP thread on real threads) opens its own
 * counter on first use. The scheduler serialises observer calls, but the
 * table of open counters is still guarded, since threads come and go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab_perf.h"

#define MAX_THREADS 64

static _Atomic uint64_t next_id = 1;

struct thread_counter {
	int fd;
	uint64_t last;
};

struct lab_perf {
	uint64_t id;                  /* unique per open: addresses get reused */
	pthread_mutex_t lock;
	struct thread_counter threads[MAX_THREADS];
	int num_threads;
};

static int open_counter(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	/* this thread, any CPU */
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static int paranoid_level(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int level = -99;

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = -99;
		fclose(f);
	}
	return level;
}

struct lab_perf *lab_perf_open(char *why, size_t why_size)
{
	struct lab_perf *perf;
	int fd = open_counter();

	if (fd < 0) {
		int err = errno;

		snprintf(why, why_size, "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) failed: %s "
			 "(perf_event_paranoid %d)%s", strerror(err), paranoid_level(),
			 err == ENOENT || err == EOPNOTSUPP ?
			 ": no hardware instruction counter here (a VM without a virtual PMU?)" :
			 "");
		return NULL;
	}
	close(fd);
	perf = calloc(1, sizeof(*perf));
	if (!perf) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	perf->id = atomic_fetch_add(&next_id, 1);
	pthread_mutex_init(&perf->lock, NULL);
	return perf;
}

/* Thread-local, not keyed by thread id: a new thread may reuse a dead one's id. */
static _Thread_local struct thread_counter *mine;
static _Thread_local uint64_t mine_from;

static struct thread_counter *this_thread(struct lab_perf *perf)
{
	struct thread_counter *tc;

	if (mine && mine_from == perf->id)
		return mine;
	if (perf->num_threads == MAX_THREADS)
		return NULL;
	tc = &perf->threads[perf->num_threads];
	tc->fd = open_counter();
	if (tc->fd < 0)
		return NULL;
	tc->last = 0;
	perf->num_threads++;
	mine = tc;
	mine_from = perf->id;
	return tc;
}

uint64_t lab_perf_since_last(struct lab_perf *perf)
{
	struct thread_counter *tc;
	uint64_t now, delta = 0;
	bool first;

	pthread_mutex_lock(&perf->lock);
	tc = this_thread(perf);
	first = tc && tc->last == 0;
	if (tc && read(tc->fd, &now, sizeof(now)) == (ssize_t)sizeof(now)) {
		delta = first ? 0 : now - tc->last;
		tc->last = now ? now : 1;
	}
	pthread_mutex_unlock(&perf->lock);
	return delta;
}

void lab_perf_close(struct lab_perf *perf)
{
	if (!perf)
		return;
	for (int i = 0; i < perf->num_threads; i++)
		close(perf->threads[i].fd);
	pthread_mutex_destroy(&perf->lock);
	free(perf);
}
