// SPDX-License-Identifier: BSD-3-Clause
/*
 * trace.json in the Chrome trace-event format (what Perfetto UI and
 * chrome://tracing open): a JSON array of events, written as they happen so
 * a long run never holds its trace in memory. Each event is built and
 * serialised by jansson; the file is the array of them. Each run of an
 * invocation is one process (pid) with named threads: LL, control, heap and
 * one per DP task.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/platform/platform.h"
#include "output.h"

/* Per run: enough for ~30 s of every tick and cycle; beyond it, events are counted. */
#define EVENTS_PER_PID 250000
#define MAX_PIDS 64

struct lab_trace {
	FILE *f;
	struct adx_mutex lock;
	bool first;
	uint64_t count[MAX_PIDS];
};

struct lab_trace *lab_trace_open(const char *path, char *err, size_t err_size)
{
	struct lab_trace *tr = calloc(1, sizeof(*tr));

	if (!tr || !(tr->f = fopen(path, "w"))) {
		snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
		free(tr);
		return NULL;
	}
	adx_mutex_init(&tr->lock);
	tr->first = true;
	fputs("[\n", tr->f);
	return tr;
}

static void write_event(struct lab_trace *tr, json_t *ev)
{
	char *text = json_dumps(ev, JSON_COMPACT);

	if (text) {
		fputs(tr->first ? "" : ",\n", tr->f);
		fputs(text, tr->f);
		tr->first = false;
		free(text);
	}
	json_decref(ev);
}

static void metadata(struct lab_trace *tr, const char *what, int pid, int tid, const char *name)
{
	json_t *ev = json_pack("{s:s, s:s, s:i, s:i, s:{s:s}}", "name", what, "ph", "M",
			       "pid", pid, "tid", tid, "args", "name", name);

	adx_mutex_lock(&tr->lock);
	write_event(tr, ev);
	adx_mutex_unlock(&tr->lock);
}

void lab_trace_name_process(struct lab_trace *tr, int pid, const char *name)
{
	metadata(tr, "process_name", pid, 0, name);
}

void lab_trace_name_thread(struct lab_trace *tr, int pid, int tid, const char *name)
{
	metadata(tr, "thread_name", pid, tid, name);
}

bool lab_trace_event(struct lab_trace *tr, char ph, int pid, int tid, const char *name,
		     const char *cat, uint64_t ts_ns, uint64_t dur_ns, json_t *args)
{
	char phase[2] = { ph, 0 };
	json_t *ev;
	bool kept;

	adx_mutex_lock(&tr->lock);
	kept = pid < 0 || pid >= MAX_PIDS || tr->count[pid] < EVENTS_PER_PID;
	if (pid >= 0 && pid < MAX_PIDS)
		tr->count[pid]++;
	if (!kept) {
		adx_mutex_unlock(&tr->lock);
		json_decref(args);
		return false;
	}
	/* Timestamps are microseconds in this format; keep the nanoseconds as decimals. */
	ev = json_pack("{s:s, s:s, s:s, s:i, s:i, s:f}", "name", name, "cat", cat, "ph", phase,
		       "pid", pid, "tid", tid, "ts", ts_ns / 1000.0);
	if (ph == 'X')
		json_object_set_new(ev, "dur", json_real(dur_ns / 1000.0));
	if (ph == 'i')
		json_object_set_new(ev, "s", json_string("t"));
	if (args)
		json_object_set_new(ev, "args", args);
	write_event(tr, ev);
	adx_mutex_unlock(&tr->lock);
	return true;
}

int lab_trace_close(struct lab_trace *tr)
{
	int ret;

	if (!tr)
		return 0;
	fputs("\n]\n", tr->f);
	ret = fclose(tr->f) ? -errno : 0;
	adx_mutex_destroy(&tr->lock);
	free(tr);
	return ret;
}
