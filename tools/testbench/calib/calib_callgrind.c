// SPDX-License-Identifier: BSD-3-Clause
/*
 * Callgrind output reader (calib_callgrind.h).
 *
 * The format, as valgrind's "Callgrind Format Specification" gives it:
 * header lines "key: value" (events:, positions:, summary:, totals: matter
 * here; part:, desc:, cmd: and the like are skipped), specification lines
 * "key=value" (fn=, cfn=, calls= matter; fl= fi= fe= ob= cob= cfi= cfl=
 * jfi= jump= jcnd= only set context this reader does not need), and cost
 * lines: one subposition per "positions:" entry (absolute, decimal or 0x
 * hex; "+N"/"-N" relative to the previous one; "*" the same again) followed
 * by up to one cost per "events:" entry, trailing zeros omitted. A calls=
 * line is followed by the cost line of that call: the callee's inclusive
 * cost, charged to the caller's inclusive cost only. Names may be
 * compressed: "(id) name" defines id, "(id)" refers to it; fn=, cfn= and
 * jfn= share one table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "calib_callgrind.h"

#define CG_MAX_LINE (1u << 20)      /* longer lines are refused, not truncated */
#define CG_MAX_ID (1u << 20)        /* compressed ids above this are refused */
#define CG_MAX_POSITIONS 2          /* "instr line" */
#define CG_MAX_EVENTS 64

struct reader {
	const char *source;
	unsigned long line_no;
	char *err;
	size_t err_size;
	struct cg_profile *prof;
	int32_t *fn_by_id;          /* compressed id -> function index, -1: undefined */
	size_t fn_by_id_size;
	int num_positions;
	int num_events;             /* 0 until an events: line */
	int ir_event;               /* Ir's column among the events */
	int32_t current_fn;         /* -1 before the first fn= */
	int32_t callee;             /* the last cfn=, -1: none in this fn= block */
	bool call_pending;          /* a calls= line waits for its cost line */
	uint64_t pending_calls;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct reader *r, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->err_size, "%s:%lu: %s", r->source, r->line_no, what);
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static bool at_token_end(const char *p)
{
	return !*p || is_blank(*p);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal or 0x hex, a whole token that fits in 64 bits; advances *p past it. */
static bool read_number(const char **p, uint64_t *out)
{
	const char *s = *p;
	unsigned base = 10;
	uint64_t v = 0;
	int d, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; (d = hex_digit(*s)) >= 0 && (unsigned)d < base; s++, digits++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	if (!digits || !at_token_end(s))
		return false;
	*p = s;
	*out = v;
	return true;
}

/* One subposition: absolute, +N, -N or *. Its value is not needed here. */
static bool read_position(const char **p)
{
	uint64_t unused;

	if (**p == '*') {
		(*p)++;
		return at_token_end(*p);
	}
	if (**p == '+' || **p == '-')
		(*p)++;
	return read_number(p, &unused);
}

static int add_cost(struct reader *r, uint64_t *into, uint64_t v)
{
	if (__builtin_add_overflow(*into, v, into))
		return fail(r, "cost overflows 64 bits");
	return 0;
}

/* Up to num_events costs from p on; *ir gets the Ir column (0 when omitted). */
static int read_costs(struct reader *r, const char *p, uint64_t *ir)
{
	*ir = 0;
	for (int e = 0; *(p = skip_blanks(p)); e++) {
		uint64_t v;

		if (e == r->num_events)
			return fail(r, "more costs than the %d events declared", r->num_events);
		if (!read_number(&p, &v))
			return fail(r, "bad cost '%.40s'", p);
		if (e == r->ir_event)
			*ir = v;
	}
	return 0;
}

static uint64_t name_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int32_t *index_slot(int32_t *index, size_t size, const struct cg_function *fns,
			   const char *name, size_t len)
{
	size_t i = (size_t)name_hash(name, len) & (size - 1);

	while (index[i] >= 0 && (strncmp(fns[index[i]].name, name, len) ||
				 fns[index[i]].name[len]))
		i = (i + 1) & (size - 1);
	return &index[i];
}

/* Keeps the table at most half full; sizes are powers of two. */
static int grow_index(struct cg_profile *prof)
{
	size_t size = prof->index_size ? prof->index_size * 2 : 1024;
	int32_t *index = malloc(size * sizeof(*index));

	if (!index)
		return -ENOMEM;
	memset(index, 0xff, size * sizeof(*index));
	for (size_t f = 0; f < prof->num_functions; f++) {
		const char *name = prof->functions[f].name;

		*index_slot(index, size, prof->functions, name, strlen(name)) = (int32_t)f;
	}
	free(prof->index);
	prof->index = index;
	prof->index_size = size;
	return 0;
}

static int add_function(struct cg_profile *prof, const char *name, size_t len)
{
	struct cg_function *f;

	if (prof->num_functions == prof->capacity) {
		size_t cap = prof->capacity ? prof->capacity * 2 : 256;

		f = realloc(prof->functions, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		prof->functions = f;
		prof->capacity = cap;
	}
	f = &prof->functions[prof->num_functions];
	memset(f, 0, sizeof(*f));
	f->name = strndup(name, len);
	if (!f->name)
		return -ENOMEM;
	return (int)prof->num_functions++;
}

/* The index of the function called name (added when new), or -ENOMEM. */
static int function_of(struct cg_profile *prof, const char *name, size_t len)
{
	int32_t *slot;
	int f;

	if (2 * (prof->num_functions + 1) > prof->index_size && grow_index(prof))
		return -ENOMEM;
	slot = index_slot(prof->index, prof->index_size, prof->functions, name, len);
	if (*slot >= 0)
		return *slot;
	f = add_function(prof, name, len);
	if (f >= 0)
		*slot = f;
	return f;
}

static int remember_id(struct reader *r, uint64_t id, int32_t f)
{
	if (id >= r->fn_by_id_size) {
		size_t size = r->fn_by_id_size ? r->fn_by_id_size : 256;
		int32_t *grown;

		while (size <= id)
			size *= 2;
		grown = realloc(r->fn_by_id, size * sizeof(*grown));
		if (!grown)
			return fail(r, "out of memory");
		memset(grown + r->fn_by_id_size, 0xff,
		       (size - r->fn_by_id_size) * sizeof(*grown));
		r->fn_by_id = grown;
		r->fn_by_id_size = size;
	}
	if (r->fn_by_id[id] >= 0 && r->fn_by_id[id] != f)
		return fail(r, "(%llu) defined again with another name", (unsigned long long)id);
	r->fn_by_id[id] = f;
	return 0;
}

/* A function name, plain or compressed ("(id) name" or "(id)"), to its index. */
static int resolve_function(struct reader *r, const char *value, int32_t *out)
{
	const char *p = value + 1;
	uint64_t id = 0;
	int digits = 0;
	int f;

	if (value[0] == '(') {
		for (; *p >= '0' && *p <= '9' && id <= CG_MAX_ID; p++, digits++)
			id = id * 10 + (uint64_t)(*p - '0');
	}
	if (!digits) {
		if (!*value)
			return fail(r, "empty function name");
		f = function_of(r->prof, value, strlen(value));
		if (f < 0)
			return fail(r, "out of memory");
		*out = f;
		return 0;
	}
	if (id > CG_MAX_ID)
		return fail(r, "compressed id out of range 0..%u in '%.40s'", CG_MAX_ID, value);
	if (*p != ')')
		return fail(r, "bad compressed name '%.40s': expected (id)", value);
	p++;
	if (!*p) {
		if (id >= r->fn_by_id_size || r->fn_by_id[id] < 0)
			return fail(r, "(%llu) used but never defined", (unsigned long long)id);
		*out = r->fn_by_id[id];
		return 0;
	}
	if (*p != ' ' || !p[1])
		return fail(r, "bad compressed name '%.40s': expected (id) name", value);
	f = function_of(r->prof, p + 1, strlen(p + 1));
	if (f < 0)
		return fail(r, "out of memory");
	*out = f;
	return remember_id(r, id, f);
}

static int read_cost_line(struct reader *r, const char *p)
{
	struct cg_function *fn;
	uint64_t ir;
	int ret;

	if (!r->num_events)
		return fail(r, "cost line before the events: line");
	if (r->current_fn < 0)
		return fail(r, "cost line before the first fn= line");
	for (int i = 0; i < r->num_positions; i++) {
		p = skip_blanks(p);
		if (!read_position(&p))
			return fail(r, "bad position '%.40s'", p);
	}
	ret = read_costs(r, p, &ir);
	if (ret)
		return ret;
	fn = &r->prof->functions[r->current_fn];
	if (r->call_pending) {
		r->call_pending = false;
		ret = add_cost(r, &fn->inclusive_ir, ir);
		return ret ? ret : add_cost(r, &r->prof->functions[r->callee].calls,
					    r->pending_calls);
	}
	ret = add_cost(r, &fn->self_ir, ir);
	ret = ret ? ret : add_cost(r, &fn->inclusive_ir, ir);
	return ret ? ret : add_cost(r, &r->prof->self_total_ir, ir);
}

static int read_calls(struct reader *r, const char *p)
{
	int targets = 0;

	if (r->current_fn < 0 || r->callee < 0)
		return fail(r, "calls= without fn= and cfn= before it");
	if (!read_number(&p, &r->pending_calls))
		return fail(r, "bad call count in calls=");
	while (*(p = skip_blanks(p))) {
		if (++targets > r->num_positions || !read_position(&p))
			return fail(r, "bad target position in calls=");
	}
	if (!targets)
		return fail(r, "calls= without a target position");
	r->call_pending = true;
	return 0;
}

static int read_spec_line(struct reader *r, const char *key, size_t key_len, const char *value)
{
	static const char *const ignored[] = {
		"fl", "fi", "fe", "ob", "cob", "cfi", "cfl", "jfi", "jump", "jcnd",
	};
	int32_t unused;

#define KEY_IS(k) (key_len == strlen(k) && !strncmp(key, k, key_len))
	if (KEY_IS("fn")) {
		r->callee = -1;
		return resolve_function(r, value, &r->current_fn);
	}
	if (KEY_IS("cfn"))
		return resolve_function(r, value, &r->callee);
	if (KEY_IS("jfn"))
		return resolve_function(r, value, &unused);
	if (KEY_IS("calls"))
		return read_calls(r, value);
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		if (KEY_IS(ignored[i]))
			return 0;
#undef KEY_IS
	return fail(r, "unknown line '%.*s='", (int)(key_len > 40 ? 40 : key_len), key);
}

static int read_events(struct reader *r, const char *p)
{
	r->num_events = 0;
	r->ir_event = -1;
	while (*(p = skip_blanks(p))) {
		size_t len = strcspn(p, " \t");

		if (r->num_events == CG_MAX_EVENTS)
			return fail(r, "more than %d events", CG_MAX_EVENTS);
		if (len == 2 && !strncmp(p, "Ir", 2))
			r->ir_event = r->num_events;
		r->num_events++;
		p += len;
	}
	if (r->ir_event < 0)
		return fail(r, "events: has no Ir (instructions) event");
	return 0;
}

static int read_positions(struct reader *r, const char *p)
{
	r->num_positions = 0;
	while (*(p = skip_blanks(p))) {
		size_t len = strcspn(p, " \t");

		if ((len != 5 || strncmp(p, "instr", 5)) && (len != 4 || strncmp(p, "line", 4)))
			return fail(r, "positions: expected instr and/or line");
		if (++r->num_positions > CG_MAX_POSITIONS)
			return fail(r, "positions: more than %d", CG_MAX_POSITIONS);
		p += len;
	}
	if (!r->num_positions)
		return fail(r, "positions: is empty");
	return 0;
}

static int read_header_line(struct reader *r, const char *key, size_t key_len,
			    const char *value)
{
	uint64_t ir;
	int ret;

	if (key_len == 6 && !strncmp(key, "events", 6))
		return read_events(r, value);
	if (key_len == 9 && !strncmp(key, "positions", 9))
		return read_positions(r, value);
	if ((key_len == 7 && !strncmp(key, "summary", 7)) ||
	    (key_len == 6 && !strncmp(key, "totals", 6))) {
		if (!r->num_events)
			return fail(r, "%.*s: before the events: line", (int)key_len, key);
		ret = read_costs(r, value, &ir);
		if (ret)
			return ret;
		return add_cost(r, key_len == 7 ? &r->prof->summary_ir : &r->prof->totals_ir, ir);
	}
	return 0; /* version:, creator:, pid:, cmd:, part:, desc:, thread:, event: ... */
}

static bool starts_cost_line(const char *p)
{
	return *p == '*' || *p == '+' || *p == '-' || (*p >= '0' && *p <= '9');
}

static int read_line(struct reader *r, const char *line)
{
	const char *p = skip_blanks(line);
	size_t key_len;

	if (!*p || *p == '#')
		return 0;
	if (starts_cost_line(p))
		return read_cost_line(r, p);
	if (r->call_pending)
		return fail(r, "calls= line not followed by its cost line");
	key_len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (key_len && p[key_len] == '=')
		return read_spec_line(r, p, key_len, p + key_len + 1);
	if (key_len && p[key_len] == ':')
		return read_header_line(r, p, key_len, p + key_len + 1);
	return fail(r, "not a callgrind line: '%.40s'", p);
}

static void chomp(char *line, ssize_t *len)
{
	while (*len && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
		line[--*len] = '\0';
}

int cg_profile_read(FILE *f, const char *source_name, struct cg_profile *prof, char *err,
		    size_t err_size)
{
	struct reader r = {
		.source = source_name, .err = err, .err_size = err_size, .prof = prof,
		.num_positions = 1, .current_fn = -1, .callee = -1,
	};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	memset(prof, 0, sizeof(*prof));
	while (!ret && (len = getline(&line, &cap, f)) >= 0) {
		r.line_no++;
		chomp(line, &len);
		if ((size_t)len > CG_MAX_LINE)
			ret = fail(&r, "line longer than %u bytes", CG_MAX_LINE);
		else if (strlen(line) != (size_t)len)
			ret = fail(&r, "NUL byte in the line");
		else
			ret = read_line(&r, line);
	}
	if (!ret && ferror(f))
		ret = fail(&r, "read error");
	else if (!ret && !r.line_no)
		ret = fail(&r, "empty file (not callgrind output)");
	else if (!ret && !r.num_events)
		ret = fail(&r, "no events: line (not callgrind output)");
	else if (!ret && r.call_pending)
		ret = fail(&r, "the file ends after calls= without its cost line");
	free(line);
	free(r.fn_by_id);
	if (ret)
		cg_profile_free(prof);
	return ret;
}

int cg_profile_load(const char *path, struct cg_profile *prof, char *err, size_t err_size)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, err_size, "%s: %s", path, strerror(-ret));
		memset(prof, 0, sizeof(*prof));
		return ret;
	}
	ret = cg_profile_read(f, path, prof, err, err_size);
	fclose(f);
	return ret;
}

const struct cg_function *cg_profile_find(const struct cg_profile *prof, const char *name)
{
	int32_t f;

	if (!prof->index_size)
		return NULL;
	f = *index_slot(prof->index, prof->index_size, prof->functions, name, strlen(name));
	return f >= 0 ? &prof->functions[f] : NULL;
}

void cg_profile_free(struct cg_profile *prof)
{
	for (size_t i = 0; i < prof->num_functions; i++)
		free(prof->functions[i].name);
	free(prof->functions);
	free(prof->index);
	memset(prof, 0, sizeof(*prof));
}
