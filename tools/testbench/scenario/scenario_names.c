// SPDX-License-Identifier: BSD-3-Clause
/* The scenario's words (policies, heap kinds, ops, controls, devices) and name look-ups. */
#include <errno.h>
#include <string.h>

#include "scenario_yaml.h"

const char *const tb_policy_names[] = { "init", "prepare", "static", "shared", NULL };
const char *const tb_heap_kind_names[] = { "adx", "sysheap", NULL };
const char *const tb_device_names[] = { "speaker", "headphone", NULL };
static const char *const op_names[] = { "open", "hw_params", "prepare", "start", "stop",
					"reset", "close", "control", "alloc", "release" };
static const char *const control_names[] = { "enable", "profile", "device", "volume",
					     "ctc", "content_processing", "tuning", "gain_db" };

_Static_assert(sizeof(tb_policy_names) / sizeof(tb_policy_names[0]) == TB_POLICY_COUNT + 1,
	       "one name per policy");
_Static_assert(sizeof(op_names) / sizeof(op_names[0]) == TB_OP_COUNT, "one name per op");
_Static_assert(sizeof(control_names) / sizeof(control_names[0]) == TB_CTL_COUNT,
	       "one name per control");

const char *tb_policy_name(enum tb_policy policy)
{
	return policy < TB_POLICY_COUNT ? tb_policy_names[policy] : "invalid";
}

int tb_policy_parse(const char *text, enum tb_policy *policy)
{
	for (int i = 0; i < TB_POLICY_COUNT; i++)
		if (!strcmp(text, tb_policy_names[i])) {
			*policy = (enum tb_policy)i;
			return 0;
		}
	return -EINVAL;
}

const char *tb_heap_kind_name(enum tb_heap_kind kind)
{
	return tb_heap_kind_names[kind == TB_HEAP_SYSHEAP];
}

const char *tb_op_name(enum tb_op op)
{
	return op < TB_OP_COUNT ? op_names[op] : "invalid";
}

const char *tb_control_name(enum tb_control_kind kind)
{
	return kind < TB_CTL_COUNT ? control_names[kind] : "invalid";
}

int tb_scenario_find_pipeline(const struct tb_scenario *sc, const char *name)
{
	for (int i = 0; i < sc->num_pipelines; i++)
		if (!strcmp(sc->pipelines[i].name, name))
			return i;
	return -1;
}

int tb_pipeline_find_stage(const struct tb_pipeline_spec *p, const char *name)
{
	for (int i = 0; i < p->num_stages; i++)
		if (!strcmp(p->stages[i].name, name))
			return i;
	return -1;
}
