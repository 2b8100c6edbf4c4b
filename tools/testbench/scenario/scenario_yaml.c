// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reading a scenario's YAML nodes: errors with file:line:column, key checks,
 * and the scalar readers every section uses. Unknown keys are errors too (a
 * misspelt key silently ignored is a scenario that does not test what its
 * author thinks), and so are keys given twice (libyaml keeps both; the
 * second, a whole timeline perhaps, would be silently dropped).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_yaml.h"

struct tb_mark tb_yaml_mark(const yaml_node_t *node)
{
	return (struct tb_mark){ .line = (int)node->start_mark.line + 1,
				 .column = (int)node->start_mark.column + 1 };
}

int tb_yaml_fail(struct tb_parse *p, const yaml_node_t *node, const char *fmt, ...)
{
	struct tb_mark m = tb_yaml_mark(node);
	int n = snprintf(p->err, p->err_size, "%s:%d:%d: ", p->path, m.line, m.column);
	va_list ap;

	if (n < 0 || (size_t)n >= p->err_size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *kind_name(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

int tb_yaml_expect(struct tb_parse *p, const yaml_node_t *node, yaml_node_type_t type,
		   const char *what)
{
	if (node->type == type)
		return 0;
	return tb_yaml_fail(p, node, "found %s, expected %s", kind_name(node), what);
}

const char *tb_yaml_text(const yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : "";
}

yaml_node_t *tb_yaml_node(struct tb_parse *p, int index)
{
	return yaml_document_get_node(&p->doc, index);
}

/*
 * Rejects keys not in `allowed` (NULL-terminated), naming the ones that
 * are, and any key given twice: libyaml keeps both pairs and tb_yaml_get() would
 * silently take the first. Every mapping the parser reads passes here, so
 * afterwards a key has at most one value. `refused` (or NULL) is a key
 * known only to be refused by the caller with a message of its own, so it
 * is not offered as expected: met in file order, it stops the walk and
 * *hit is its value (else NULL).
 */
int tb_yaml_check_keys_refusing(struct tb_parse *p, yaml_node_t *map, const char *const *allowed,
				const char *where, const char *refused, yaml_node_t **hit)
{
	*hit = NULL;
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = tb_yaml_node(p, pair->key);
		const char *k = tb_yaml_text(key);
		char list[256] = "";
		bool known = false;

		for (const char *const *a = allowed; *a; a++) {
			known |= !strcmp(k, *a);
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 a == allowed ? "" : ", ", *a);
		}
		if (key->type != YAML_SCALAR_NODE)
			return tb_yaml_fail(p, key, "found %s as a key in %s; expected one of: %s",
					    kind_name(key), where, list);
		/* "heap\0x" is not the key its prefix names. */
		if (strlen(k) != key->data.scalar.length)
			return tb_yaml_fail(p, key, "key '%s...' in %s holds a NUL byte; expected one of: %s",
					    k, where, list);
		if (refused && !strcmp(k, refused)) {
			*hit = tb_yaml_node(p, pair->value);
			return 0;
		}
		if (!known)
			return tb_yaml_fail(p, key, "unknown key '%s' in %s; expected one of: %s",
					    k, where, list);
		/* The pairs before this one are known keys, each once: a short walk. */
		for (yaml_node_pair_t *prev = map->data.mapping.pairs.start; prev < pair; prev++) {
			yaml_node_t *first = tb_yaml_node(p, prev->key);

			if (!strcmp(tb_yaml_text(first), k))
				return tb_yaml_fail(p, key, "duplicate key '%s' (first given at line %d); "
						    "expected each key once", k, tb_yaml_mark(first).line);
		}
	}
	return 0;
}

int tb_yaml_check_keys(struct tb_parse *p, yaml_node_t *map, const char *const *allowed,
		       const char *where)
{
	yaml_node_t *hit;

	return tb_yaml_check_keys_refusing(p, map, allowed, where, NULL, &hit);
}

yaml_node_t *tb_yaml_get(struct tb_parse *p, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++)
		if (!strcmp(tb_yaml_text(tb_yaml_node(p, pair->key)), key))
			return tb_yaml_node(p, pair->value);
	return NULL;
}

int tb_yaml_required(struct tb_parse *p, yaml_node_t *map, const char *key, const char *where,
		     yaml_node_t **out)
{
	*out = tb_yaml_get(p, map, key);
	if (!*out)
		return tb_yaml_fail(p, map, "%s has no '%s'", where, key);
	return 0;
}

int tb_yaml_double(struct tb_parse *p, yaml_node_t *node, double min, double max,
		   const char *what, double *out)
{
	char *end;
	double v;

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	v = strtod(tb_yaml_text(node), &end);
	if (end == tb_yaml_text(node) || *end || !isfinite(v) || v < min || v > max)
		return tb_yaml_fail(p, node, "'%s' is not %s (%g..%g)", tb_yaml_text(node), what, min, max);
	*out = v;
	return 0;
}

int tb_yaml_u32(struct tb_parse *p, yaml_node_t *node, uint32_t min, uint32_t max,
		const char *what, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	v = strtoull(tb_yaml_text(node), &end, 10);
	if (end == tb_yaml_text(node) || *end || tb_yaml_text(node)[0] == '-' || v < min ||
	    v > max)
		return tb_yaml_fail(p, node, "'%s' is not %s (%u..%u)", tb_yaml_text(node), what,
				    (unsigned int)min, (unsigned int)max);
	*out = (uint32_t)v;
	return 0;
}

int tb_yaml_bool(struct tb_parse *p, yaml_node_t *node, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, "true or false"))
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		if (!strcmp(tb_yaml_text(node), yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(tb_yaml_text(node), no[i])) {
			*out = false;
			return 0;
		}
	}
	return tb_yaml_fail(p, node, "'%s' is not a switch; expected true or false", tb_yaml_text(node));
}

/* One of a NULL-terminated list of words. */
int tb_yaml_enum(struct tb_parse *p, yaml_node_t *node, const char *const *names,
		 const char *what, int *out)
{
	char list[200] = "";

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	for (int i = 0; names[i]; i++) {
		if (!strcmp(tb_yaml_text(node), names[i])) {
			*out = i;
			return 0;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", names[i]);
	}
	return tb_yaml_fail(p, node, "'%s' is not %s; expected one of: %s", tb_yaml_text(node),
			    what, list);
}

int tb_yaml_policy(struct tb_parse *p, yaml_node_t *node, enum adx_dax_policy *out)
{
	char list[120];

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, "a policy"))
		return -EINVAL;
	if (!adx_dax_policy_parse(tb_yaml_text(node), out))
		return 0;
	tb_policy_list(list, sizeof(list));
	return tb_yaml_fail(p, node, "'%s' is not a policy; expected one of: %s",
			    tb_yaml_text(node), list);
}

int tb_yaml_heap_kind(struct tb_parse *p, yaml_node_t *node, enum adx_heap_kind *out)
{
	char list[120];

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, "a heap kind"))
		return -EINVAL;
	if (!adx_heap_kind_parse(tb_yaml_text(node), out))
		return 0;
	tb_heap_kind_list(list, sizeof(list));
	return tb_yaml_fail(p, node, "'%s' is not a heap kind; expected one of: %s",
			    tb_yaml_text(node), list);
}

int tb_yaml_name(struct tb_parse *p, yaml_node_t *node, const char *what, char *out)
{
	const char *s;

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	s = tb_yaml_text(node);
	if (!*s || strlen(s) >= TB_NAME_MAX || strspn(s, "abcdefghijklmnopqrstuvwxyz"
						     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(s))
		return tb_yaml_fail(p, node, "'%s' is not %s (1..%d letters, digits, '_' or '-')", s,
				    what, TB_NAME_MAX - 1);
	strcpy(out, s);
	return 0;
}

char *tb_yaml_resolve(struct tb_parse *p, const char *file)
{
	char *out;
	size_t n;

	if (file[0] == '/')
		return strdup(file);
	n = strlen(p->sc->dir) + strlen(file) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", p->sc->dir, file);
	return out;
}
