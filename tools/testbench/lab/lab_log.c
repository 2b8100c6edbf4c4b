// SPDX-License-Identifier: BSD-3-Clause
/* The firmware's words during a run: its log, and every IPC message in the trace. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/platform/log.h"
#include "lab_internal.h"

/*
 * The firmware's log during a run: warnings and errors go into the report
 * (a DAX instance passing through for want of memory says so here).
 * Leaked blocks are counted from DELETE_PIPELINE's reply, not from here.
 * Called from any thread.
 */
void lab_on_log(void *ctx, enum adx_log_level level, const char *component,
		const char *line)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	struct lab *lab = ctx;
	struct lab_result *res = lab->res;
	size_t cap = 0;

	if (level == ADX_LOG_ERROR && lab->opt->echo_errors)
		fprintf(stderr, "adx-testbench: error: %s: %s\n", component, line);
	adx_mutex_lock(&lab->log_lock);
	if (res->num_log == MAX_LOG_LINES) {
		res->log_dropped++;
	} else {
		struct lab_log_line *l;

		if (!res->log)
			res->log = calloc(MAX_LOG_LINES, sizeof(*res->log));
		cap = res->log ? MAX_LOG_LINES : 0;
		if (res->num_log < cap) {
			l = &res->log[res->num_log++];
			l->t_ns = lab->sched_ready ? lab_now(lab) : 0;
			snprintf(l->level, sizeof(l->level), "%s", names[level]);
			snprintf(l->text, sizeof(l->text), "%s: %s", component, line);
		}
	}
	adx_mutex_unlock(&lab->log_lock);
}

void lab_label_instances(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *spec = &lab->sc->pipelines[i];
		uint32_t base = (uint32_t)i * INSTANCES_PER_PIPELINE;

		snprintf(lab->inst_label[base], sizeof(lab->inst_label[0]), "%.20s.host",
			 spec->name);
		for (int s = 0; s < spec->num_stages; s++)
			snprintf(lab->inst_label[base + 1 + (uint32_t)s],
				 sizeof(lab->inst_label[0]), "%.20s.%.20s", spec->name,
				 spec->stages[s].name);
		snprintf(lab->inst_label[base + 1 + (uint32_t)spec->num_stages],
			 sizeof(lab->inst_label[0]), "%.20s.dai", spec->name);
	}
}

static const char *ipc_type_name(uint32_t type)
{
	switch (type) {
	case ADX_IPC_CREATE_PIPELINE: return "CREATE_PIPELINE";
	case ADX_IPC_DELETE_PIPELINE: return "DELETE_PIPELINE";
	case ADX_IPC_SET_PIPELINE_STATE: return "SET_PIPELINE_STATE";
	case ADX_IPC_INIT_INSTANCE: return "INIT_INSTANCE";
	case ADX_IPC_DELETE_INSTANCE: return "DELETE_INSTANCE";
	case ADX_IPC_BIND: return "BIND";
	case ADX_IPC_UNBIND: return "UNBIND";
	case ADX_IPC_SET_CONFIG: return "SET_CONFIG";
	case ADX_IPC_GET_CONFIG: return "GET_CONFIG";
	case ADX_IPC_LARGE_CONFIG_SET: return "LARGE_CONFIG_SET";
	case ADX_IPC_LARGE_CONFIG_GET: return "LARGE_CONFIG_GET";
	case ADX_IPC_LARGE_CONFIG_ABORT: return "LARGE_CONFIG_ABORT";
	default: return "?";
	}
}

/* Every IPC message in the trace, on the control thread, with its reply. */
void lab_on_ipc_message(void *ctx, const struct adx_ipc_msg_header *msg,
			const struct adx_ipc_reply_header *reply)
{
	struct lab *lab = ctx;

	lab_emit(lab, 'i', TID_CONTROL, ipc_type_name(msg->type), "ipc", lab_now(lab), 0,
		 json_pack("{s:I, s:I, s:I, s:s, s:s}", "target", (json_int_t)msg->target,
			   "extension", (json_int_t)msg->extension,
			   "payload_bytes", (json_int_t)msg->payload_size,
			   "status", adx_ipc_status_name(reply->status), "op", lab->current_op));
}
