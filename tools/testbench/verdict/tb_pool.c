// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tb_pool.h"

struct worker {
	pid_t pid;
	int fd;                  /* read end; -1 once drained */
	uint8_t *partial;        /* one message: task index, then the record */
	size_t have;
};

unsigned tb_pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1u;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void worker_main(unsigned k, unsigned jobs, uint32_t num_tasks, size_t record_size,
			tb_pool_task_fn fn, void *ctx, int fd)
{
	/* The record is filled in its own (malloc-aligned) buffer, then framed behind the index. */
	uint8_t *msg = malloc(sizeof(uint32_t) + record_size);
	void *record = malloc(record_size);

	if (!msg || !record)
		_exit(3);
	for (uint32_t t = k; t < num_tasks; t += jobs) {
		memset(record, 0, record_size);
		if (fn(ctx, t, record))
			_exit(1);
		memcpy(msg, &t, sizeof(t));
		memcpy(msg + sizeof(t), record, record_size);
		if (write_all(fd, msg, sizeof(uint32_t) + record_size))
			_exit(2);
	}
	_exit(0);
}

static int run_inline(uint32_t num_tasks, size_t record_size, tb_pool_task_fn fn, void *ctx,
		      uint8_t *records, char *err, size_t err_size)
{
	for (uint32_t t = 0; t < num_tasks; t++) {
		if (fn(ctx, t, records + (size_t)t * record_size)) {
			snprintf(err, err_size, "task %u failed", t);
			return -EIO;
		}
	}
	return 0;
}

/* Reads what the worker's pipe holds; stores complete messages. -1 on a bad message. */
static int drain(struct worker *w, size_t record_size, uint32_t num_tasks, uint8_t *records,
		 bool *seen)
{
	size_t msg_size = sizeof(uint32_t) + record_size;
	ssize_t n = read(w->fd, w->partial + w->have, msg_size - w->have);
	uint32_t task;

	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (n == 0) {
		close(w->fd);
		w->fd = -1;
		return w->have ? -1 : 0;
	}
	w->have += (size_t)n;
	if (w->have < msg_size)
		return 0;
	memcpy(&task, w->partial, sizeof(task));
	if (task >= num_tasks || seen[task])
		return -1;
	seen[task] = true;
	memcpy(records + (size_t)task * record_size, w->partial + sizeof(task), record_size);
	w->have = 0;
	return 0;
}

static int collect(struct worker *w, unsigned jobs, size_t record_size, uint32_t num_tasks,
		   uint8_t *records, bool *seen)
{
	struct pollfd *pfd = calloc(jobs, sizeof(*pfd));
	unsigned open_fds = jobs;
	int ret = pfd ? 0 : -1;

	while (!ret && open_fds) {
		for (unsigned k = 0; k < jobs; k++)
			pfd[k] = (struct pollfd){ .fd = w[k].fd, .events = POLLIN };
		if (poll(pfd, jobs, -1) < 0) {
			ret = errno == EINTR ? 0 : -1;
			continue;
		}
		for (unsigned k = 0; k < jobs && !ret; k++) {
			if (w[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ret = drain(&w[k], record_size, num_tasks, records, seen);
			open_fds -= w[k].fd < 0;
		}
	}
	free(pfd);
	return ret;
}

static int start_workers(struct worker *w, unsigned jobs, uint32_t num_tasks,
			 size_t record_size, tb_pool_task_fn fn, void *ctx)
{
	fflush(NULL);   /* a forked worker must not flush the parent's buffered output */
	for (unsigned k = 0; k < jobs; k++) {
		int fds[2];

		w[k].fd = -1;
		w[k].partial = malloc(sizeof(uint32_t) + record_size);
		if (!w[k].partial || pipe(fds))
			return -1;
		w[k].pid = fork();
		if (w[k].pid < 0) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
		if (w[k].pid == 0) {
			close(fds[0]);
			for (unsigned j = 0; j < k; j++)
				close(w[j].fd);
			worker_main(k, jobs, num_tasks, record_size, fn, ctx, fds[1]);
		}
		close(fds[1]);
		w[k].fd = fds[0];
	}
	return 0;
}

/* Reaps every started worker; the first failing one's status goes into err. */
static int reap(struct worker *w, unsigned jobs, bool kill_them, char *err, size_t err_size)
{
	int ret = 0;

	for (unsigned k = 0; k < jobs; k++) {
		int status;

		if (w[k].fd >= 0)
			close(w[k].fd);
		free(w[k].partial);
		if (w[k].pid <= 0)
			continue;
		if (kill_them)
			kill(w[k].pid, SIGTERM);
		if (waitpid(w[k].pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			if (!ret)
				snprintf(err, err_size, "worker %u of %u failed (exit status %d)",
					 k + 1, jobs, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			ret = -EIO;
		}
	}
	return ret;
}

int tb_pool_run(unsigned jobs, uint32_t num_tasks, size_t record_size, tb_pool_task_fn fn,
		void *ctx, void *records, char *err, size_t err_size)
{
	struct worker *w;
	bool *seen;
	int ret;

	if (jobs > num_tasks)
		jobs = num_tasks ? num_tasks : 1;
	if (jobs <= 1)
		return run_inline(num_tasks, record_size, fn, ctx, records, err, err_size);
	w = calloc(jobs, sizeof(*w));
	seen = calloc(num_tasks, sizeof(*seen));
	if (!w || !seen) {
		free(w);
		free(seen);
		snprintf(err, err_size, "out of memory for %u workers", jobs);
		return -ENOMEM;
	}
	ret = start_workers(w, jobs, num_tasks, record_size, fn, ctx);
	if (!ret)
		ret = collect(w, jobs, record_size, num_tasks, records, seen);
	if (ret)
		snprintf(err, err_size, "the worker pool failed: %s", strerror(errno ? errno : EIO));
	ret = reap(w, jobs, ret != 0, err, err_size) ? -EIO : ret ? -EIO : 0;
	for (uint32_t t = 0; !ret && t < num_tasks; t++) {
		if (!seen[t]) {
			snprintf(err, err_size, "task %u produced no result", t);
			ret = -EIO;
		}
	}
	free(w);
	free(seen);
	return ret;
}
