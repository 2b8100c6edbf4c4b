// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scenario's front door: reads the file as one bounded YAML document
 * (scenario_document.c), parses its settings, topology (scenario_topology.c) and timeline
 * (scenario_timeline.c), then checks it as a whole (scenario_check.c).
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/modules/dax.h"
#include "scenario_yaml.h"

static int parse_root(struct tb_parse *p, yaml_node_t *root)
{
	static const char *const keys[] = { "name", "description", "memory", "heap", "policy",
					    "executor", "duration_ms", "pipelines", "timeline",
					    NULL };
	static const char *const execs[] = { "any", "threads", NULL };
	struct tb_scenario *sc = p->sc;
	yaml_node_t *n;
	int v;
	double ms;

	if (tb_yaml_expect(p, root, YAML_MAPPING_NODE,
			   "a scenario mapping (name, heap, pipelines, timeline)") ||
	    tb_yaml_check_keys_refusing(p, root, keys, "the scenario", "engine_bytes", &n))
		return -EINVAL;
	if (n)
		return tb_yaml_fail(p, n, "'engine_bytes' is not a scenario setting: the DAX "
				    "module reports its engine size S (%zu bytes); state the heap "
				    "against it, e.g. size: S + 40K", sc->engine_bytes);
	if ((n = tb_yaml_get(p, root, "name"))) {
		if (tb_yaml_expect(p, n, YAML_SCALAR_NODE, "a name") ||
		    strlen(tb_yaml_text(n)) >= sizeof(sc->name))
			return tb_yaml_fail(p, n, "expected a name of at most %zu characters",
					    sizeof(sc->name) - 1);
		strcpy(sc->name, tb_yaml_text(n));
	}
	if ((n = tb_yaml_get(p, root, "description"))) {
		if (tb_yaml_expect(p, n, YAML_SCALAR_NODE, "a description"))
			return -EINVAL;
		sc->description = strdup(tb_yaml_text(n));
	}
	if ((n = tb_yaml_get(p, root, "memory")) && tb_yaml_get(p, root, "heap"))
		return tb_yaml_fail(p, tb_yaml_get(p, root, "heap"), "both 'memory' and 'heap' given; "
				    "expected one total (memory: {total: ...})");
	if (n ? tb_scenario_parse_heap(p, n, "memory") :
	    tb_yaml_required(p, root, "heap", "the scenario (or memory: {total: ...})", &n) ||
	    tb_scenario_parse_heap(p, n, "heap"))
		return -EINVAL;
	sc->policy = ADX_DAX_POLICY_PREPARE;
	if ((n = tb_yaml_get(p, root, "policy"))) {
		if (tb_yaml_policy(p, n, &sc->policy))
			return -EINVAL;
	}
	if ((n = tb_yaml_get(p, root, "executor"))) {
		if (tb_yaml_enum(p, n, execs, "an executor", &v))
			return -EINVAL;
		sc->exec = v ? TB_EXEC_THREADS_ONLY : TB_EXEC_ANY;
	}
	if ((n = tb_yaml_get(p, root, "duration_ms"))) {
		if (tb_yaml_double(p, n, 1, 3600e3, "a duration in ms", &ms))
			return -EINVAL;
		sc->duration_us = (uint64_t)llround(ms * 1000);
	}
	if (tb_yaml_required(p, root, "pipelines", "the scenario", &n) ||
	    tb_scenario_parse_pipelines(p, n) ||
	    tb_yaml_required(p, root, "timeline", "the scenario", &n) ||
	    tb_scenario_parse_timeline(p, n))
		return -EINVAL;
	return 0;
}

int tb_scenario_load(struct tb_scenario *sc, const char *path, char *err, size_t err_size)
{
	struct tb_parse p = { .path = path, .err = err, .err_size = err_size, .sc = sc };
	FILE *f = fopen(path, "rb");
	char *copy;
	yaml_node_t *root;
	int ret;

	memset(sc, 0, sizeof(*sc));
	/* S and the static region come from the module, never from the file. */
	sc->engine_bytes = adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS);
	sc->static_region_bytes = adx_dax_static_region_bytes();
	if (!f) {
		snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
		return -EINVAL;
	}
	copy = strdup(path);
	sc->path = strdup(path);
	sc->dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	sc->events = calloc(TB_MAX_EVENTS, sizeof(*sc->events));
	if (!sc->path || !sc->dir || !sc->events) {
		fclose(f);
		tb_scenario_free(sc);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	ret = tb_scenario_load_document(&p, f);
	fclose(f);
	if (ret) {
		tb_scenario_free(sc);
		return ret;
	}
	root = yaml_document_get_root_node(&p.doc);
	if (!root) {
		snprintf(err, err_size, "%s:1:1: empty file; expected a scenario mapping", path);
		ret = -EINVAL;
	} else {
		if (!sc->name[0]) {
			const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

			snprintf(sc->name, sizeof(sc->name), "%.*s",
				 (int)strcspn(base, "."), base);
		}
		ret = parse_root(&p, root);
	}
	yaml_document_delete(&p.doc);
	ret = ret ? ret : tb_scenario_check(sc, err, err_size);
	if (ret)
		tb_scenario_free(sc);
	return ret;
}

void tb_scenario_free(struct tb_scenario *sc)
{
	for (int i = 0; i < sc->num_pipelines + (sc->num_pipelines < TB_MAX_PIPELINES); i++) {
		free(sc->pipelines[i].host.path);
		free(sc->pipelines[i].dai_path);
	}
	for (int i = 0; sc->events && i < sc->num_events; i++)
		free(sc->events[i].control.blob_path);
	free(sc->events);
	free(sc->description);
	free(sc->path);
	free(sc->dir);
	memset(sc, 0, sizeof(*sc));
}
