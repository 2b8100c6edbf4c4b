/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to scenario/: the parse of one scenario file as a libyaml
 * document, walked node by node. Every node carries its start mark, so each
 * error names file:line:column and says what was expected there; every
 * reader below returns 0 or -EINVAL with that message in p->err.
 */
#ifndef ADX_TB_SCENARIO_YAML_H
#define ADX_TB_SCENARIO_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <yaml.h>

#include "scenario.h"

struct tb_parse {
	yaml_document_t doc;
	const char *path;
	char *err;
	size_t err_size;
	struct tb_scenario *sc;
};

/* The output devices' words, in enum adx_dax_device order (NULL-terminated). */
extern const char *const tb_device_names[];

struct tb_mark tb_yaml_mark(const yaml_node_t *node);
__attribute__((format(printf, 3, 4)))
int tb_yaml_fail(struct tb_parse *p, const yaml_node_t *node, const char *fmt, ...);
int tb_yaml_expect(struct tb_parse *p, const yaml_node_t *node, yaml_node_type_t type,
		   const char *what);
const char *tb_yaml_text(const yaml_node_t *node);
yaml_node_t *tb_yaml_node(struct tb_parse *p, int index);

/*
 * Rejects keys not in `allowed` (NULL-terminated) and keys given twice.
 * tb_yaml_check_keys_refusing() also stops at `refused`, a key the caller
 * refuses with a message of its own, setting *hit to its value (else NULL).
 */
int tb_yaml_check_keys_refusing(struct tb_parse *p, yaml_node_t *map,
				const char *const *allowed, const char *where,
				const char *refused, yaml_node_t **hit);
int tb_yaml_check_keys(struct tb_parse *p, yaml_node_t *map, const char *const *allowed,
		       const char *where);
/* A key's value, or NULL; tb_yaml_required() fails when it is missing. */
yaml_node_t *tb_yaml_get(struct tb_parse *p, yaml_node_t *map, const char *key);
int tb_yaml_required(struct tb_parse *p, yaml_node_t *map, const char *key, const char *where,
		     yaml_node_t **out);

/* Scalars: `what` names the expected value in the error. */
int tb_yaml_double(struct tb_parse *p, yaml_node_t *node, double min, double max,
		   const char *what, double *out);
int tb_yaml_u32(struct tb_parse *p, yaml_node_t *node, uint32_t min, uint32_t max,
		const char *what, uint32_t *out);
int tb_yaml_bool(struct tb_parse *p, yaml_node_t *node, bool *out);
/* One of a NULL-terminated list of words; *out is its index. */
int tb_yaml_enum(struct tb_parse *p, yaml_node_t *node, const char *const *names,
		 const char *what, int *out);
/* A policy or a heap kind, as the firmware names them. */
int tb_yaml_policy(struct tb_parse *p, yaml_node_t *node, enum adx_dax_policy *out);
int tb_yaml_heap_kind(struct tb_parse *p, yaml_node_t *node, enum adx_heap_kind *out);
/* A name of letters, digits, '_' and '-' that fits TB_NAME_MAX. */
int tb_yaml_name(struct tb_parse *p, yaml_node_t *node, const char *what, char *out);
/* A file name resolved against the scenario's folder (malloc'd, NULL: no memory). */
char *tb_yaml_resolve(struct tb_parse *p, const char *file);

/*
 * Reads f into p->doc as one YAML document within the scenario bounds
 * (scenario.h), refusing a file past them, or with a second document,
 * before the document is built.
 */
int tb_scenario_load_document(struct tb_parse *p, FILE *f);

/* The sections: heap and pipelines (scenario_topology.c), timeline (scenario_timeline.c). */
/* section: "memory" (memory: {total, kind}) or "heap" (its older spelling, heap: {size, kind}). */
int tb_scenario_parse_heap(struct tb_parse *p, yaml_node_t *map, const char *section);
int tb_scenario_parse_pipelines(struct tb_parse *p, yaml_node_t *list);
int tb_scenario_parse_timeline(struct tb_parse *p, yaml_node_t *list);

#endif
