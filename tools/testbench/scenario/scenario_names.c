// SPDX-License-Identifier: BSD-3-Clause
/* The scenario's own words (ops, controls, devices) and name look-ups. */
#include <stdio.h>
#include <string.h>

#include "scenario_yaml.h"

const char *const tb_device_names[] = { "speaker", "headphone", NULL };
static const char *const op_names[] = { "open", "hw_params", "prepare", "start", "stop",
					"reset", "close", "control", "alloc", "release" };
static const char *const control_names[] = { "enable", "profile", "device", "volume",
					     "ctc", "content_processing", "tuning", "gain_db" };

_Static_assert(sizeof(tb_device_names) / sizeof(tb_device_names[0]) == ADX_DAX_DEVICE_COUNT + 1,
	       "one word per output device, in the firmware's order");
_Static_assert(sizeof(op_names) / sizeof(op_names[0]) == TB_OP_COUNT, "one name per op");
_Static_assert(sizeof(control_names) / sizeof(control_names[0]) == TB_CTL_COUNT,
	       "one name per control");

void tb_policy_list(char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < ADX_DAX_POLICY_COUNT; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? ", " : "",
			 adx_dax_policy_name((enum adx_dax_policy)i));
}

void tb_heap_kind_list(char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < ADX_HEAP_KIND_COUNT; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? ", " : "",
			 adx_heap_kind_name((enum adx_heap_kind)i));
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
