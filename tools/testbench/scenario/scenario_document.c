// SPDX-License-Identifier: BSD-3-Clause
/*
 * A scenario file as one bounded YAML document. The bounds are checked
 * before libyaml builds the document, on the file's bytes and then on its
 * event stream, because the builder's cost is what they bound: a deeply
 * nested file costs it time quadratic in the depth, and a huge one memory
 * many times its size, before any scenario rule could refuse it. A second
 * document would be silently ignored by the builder, so it is refused too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario_yaml.h"

/* The 1-based line and column of byte `offset` of `text`. */
static struct tb_mark mark_at(const char *text, size_t offset)
{
	struct tb_mark m = { .line = 1, .column = 1 };

	for (size_t i = 0; i < offset; i++) {
		m.line += text[i] == '\n';
		m.column = text[i] == '\n' ? 1 : m.column + 1;
	}
	return m;
}

/* The file's size, or -1 when it has none (a pipe). */
static long long file_bytes(FILE *f)
{
	struct stat st;

	return !fstat(fileno(f), &st) && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
}

/* Reads at most TB_SCENARIO_MAX_BYTES, refusing a longer file where it passes the limit. */
static int read_bounded(struct tb_parse *p, FILE *f, char **text, size_t *size)
{
	char *buf = malloc(TB_SCENARIO_MAX_BYTES + 1);
	size_t n = buf ? fread(buf, 1, TB_SCENARIO_MAX_BYTES + 1, f) : 0;
	struct tb_mark m;

	if (!buf) {
		snprintf(p->err, p->err_size, "out of memory");
		return -ENOMEM;
	}
	if (ferror(f)) {
		snprintf(p->err, p->err_size, "%s: cannot read: %s", p->path, strerror(errno));
		free(buf);
		return -EINVAL;
	}
	if (n > TB_SCENARIO_MAX_BYTES) {
		m = mark_at(buf, TB_SCENARIO_MAX_BYTES);
		snprintf(p->err, p->err_size, "%s:%d:%d: the file passes %u bytes here (it has "
			 "%lld); expected a scenario of at most %u bytes", p->path, m.line,
			 m.column, TB_SCENARIO_MAX_BYTES, file_bytes(f), TB_SCENARIO_MAX_BYTES);
		free(buf);
		return -EINVAL;
	}
	*text = buf;
	*size = n;
	return 0;
}

static int yaml_error(struct tb_parse *p, const yaml_parser_t *parser)
{
	const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column ||
			       !parser->context ? &parser->problem_mark : &parser->context_mark;

	snprintf(p->err, p->err_size, "%s:%zu:%zu: not valid YAML: %s%s%s", p->path,
		 m->line + 1, m->column + 1, parser->problem ? parser->problem : "error",
		 parser->context ? " " : "", parser->context ? parser->context : "");
	return -EINVAL;
}

struct shape {
	int documents;
	int depth;
	long nodes;
};

__attribute__((format(printf, 3, 4)))
static int refuse_at(struct tb_parse *p, const yaml_event_t *ev, const char *fmt, ...)
{
	int n = snprintf(p->err, p->err_size, "%s:%zu:%zu: ", p->path, ev->start_mark.line + 1,
			 ev->start_mark.column + 1);
	va_list ap;

	if (n > 0 && (size_t)n < p->err_size) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* One event against the bounds: 0, 1 at the stream's end, or -EINVAL. */
static int check_event(struct tb_parse *p, const yaml_event_t *ev, struct shape *s)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++s->documents > 1)
			return refuse_at(p, ev, "a second YAML document; expected one scenario "
					 "per file");
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (++s->depth > TB_SCENARIO_MAX_DEPTH)
			return refuse_at(p, ev, "nesting reaches level %d here; expected at most "
					 "%d levels", s->depth, TB_SCENARIO_MAX_DEPTH);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		s->depth--;
		return 0;
	case YAML_SCALAR_EVENT:
	case YAML_ALIAS_EVENT:
		break;
	default:
		return 0;
	}
	if (++s->nodes > TB_SCENARIO_MAX_NODES)
		return refuse_at(p, ev, "node %ld of the file is here; expected at most %d nodes "
				 "(values, lists and mappings)", s->nodes, TB_SCENARIO_MAX_NODES);
	return 0;
}

/* Walks the event stream once, stopping at the first bound passed. */
static int check_shape(struct tb_parse *p, const char *text, size_t size)
{
	yaml_parser_t parser;
	struct shape s = { 0 };
	int ret = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
	while (!ret) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			ret = yaml_error(p, &parser);
			break;
		}
		ret = check_event(p, &ev, &s);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ret < 0 ? ret : 0;
}

int tb_scenario_load_document(struct tb_parse *p, FILE *f)
{
	yaml_parser_t parser;
	char *text;
	size_t size;
	int ret = read_bounded(p, f, &text, &size);

	if (ret)
		return ret;
	ret = check_shape(p, text, size);
	if (!ret) {
		yaml_parser_initialize(&parser);
		yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
		if (!yaml_parser_load(&parser, &p->doc))
			ret = yaml_error(p, &parser);
		yaml_parser_delete(&parser);
	}
	free(text);
	return ret;
}
