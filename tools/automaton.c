/* automaton.c: the phrase automaton, built at build time: a trie of every part of
 * every phrase, its failure links, and the parts each state ends; the tool runs it
 * over a reply's template once, whatever the number of phrases (src/phrase.c) */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../src/limit.h"
#include "automaton.h"
#include "gen.h"

struct edge {
	unsigned char byte;
	unsigned next;
};

struct state {
	struct edge *edges; /* sorted by byte */
	size_t nedges, capedges;
	unsigned fail;
	unsigned *outs;     /* parts that end here, then (after build) those of fail */
	size_t nouts, capouts;
};

struct part {
	unsigned phrase, index, len;
	unsigned char wordstart; /* as struct ac_part's */
	bool wordend;
};

static struct state *st;
static size_t nst, capst;
static struct part *parts;
static size_t nparts, capparts;

static bool
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned
newstate(void)
{
	st = xgrow(st, nst, &capst, sizeof *st);
	st[nst] = (struct state){0};
	return (unsigned)nst++;
}

/* the state an edge leads to, or 0 */
static unsigned
go(const struct state *s, unsigned char c)
{
	size_t lo = 0, hi = s->nedges;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->edges[mid].byte == c)
			return s->edges[mid].next;
		if (s->edges[mid].byte < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void
addedge(unsigned from, unsigned char c, unsigned to)
{
	struct state *s = &st[from];
	s->edges = xgrow(s->edges, s->nedges, &s->capedges, sizeof *s->edges);
	size_t i = s->nedges;
	while (i > 0 && s->edges[i - 1].byte > c) {
		s->edges[i] = s->edges[i - 1];
		i--;
	}
	s->edges[i] = (struct edge){c, to};
	s->nedges++;
}

static void
addout(struct state *s, unsigned part)
{
	for (size_t i = 0; i < s->nouts; i++)
		if (s->outs[i] == part)
			return;
	s->outs = xgrow(s->outs, s->nouts, &s->capouts, sizeof *s->outs);
	s->outs[s->nouts++] = part;
}

bool
automaton_add(const char *str, size_t n, unsigned phrase, unsigned index, bool words,
              bool first)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!nst)
		newstate();
	unsigned cur = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned next = go(&st[cur], s[i]);
		if (!next) {
			if (nst >= LIMIT_STATES)
				return false;
			next = newstate();
			addedge(cur, s[i], next);
		}
		cur = next;
	}
	parts = xgrow(parts, nparts, &capparts, sizeof *parts);
	parts[nparts] = (struct part){phrase, index, (unsigned)n,
	                              first ? 2 : words && alnum(s[0]), words && alnum(s[n - 1])};
	addout(&st[cur], (unsigned)nparts++);
	return true;
}

void
automaton_build(void)
{
	if (!nst)
		newstate();
	/* breadth first: a state's fail link is found from its parent's */
	unsigned *queue = xmalloc(nst * sizeof *queue);
	size_t head = 0, tail = 0;
	for (size_t e = 0; e < st[0].nedges; e++) {
		unsigned c = st[0].edges[e].next;
		st[c].fail = 0;
		queue[tail++] = c;
	}
	while (head < tail) {
		unsigned u = queue[head++];
		for (size_t e = 0; e < st[u].nedges; e++) {
			unsigned char c = st[u].edges[e].byte;
			unsigned v = st[u].edges[e].next;
			unsigned f = st[u].fail;
			while (f && !go(&st[f], c))
				f = st[f].fail;
			unsigned g = go(&st[f], c);
			st[v].fail = g != v ? g : 0;
			/* the parts that end at the fail state end here too */
			for (size_t k = 0; k < st[st[v].fail].nouts; k++)
				addout(&st[v], st[st[v].fail].outs[k]);
			queue[tail++] = v;
		}
	}
	free(queue);
}

/* what goes before the i-th number of an array: sixteen a line */
static const char *
sep(size_t i)
{
	return i == 0 ? "\n\t" : i % 16 ? ", " : ",\n\t";
}

void
automaton_emit(FILE *out)
{
	/* the bytes the parts use, each a class of its own; every other byte is class 0,
	 * which no edge reads: it leads to the root */
	unsigned char used[256] = {0};
	for (size_t i = 0; i < nst; i++)
		for (size_t e = 0; e < st[i].nedges; e++)
			used[st[i].edges[e].byte] = 1;
	unsigned classes = 1;
	fputs("const unsigned char ac_class[256] = {", out);
	for (unsigned c = 0; c < 256; c++)
		fprintf(out, "%s%u", sep(c), used[c] ? classes++ : 0);
	fputs("\n};\n\n", out);
	if (classes > LIMIT_CLASSES)
		fatal("the phrases use %u distinct bytes; the automaton has room for %d",
		      classes - 1, LIMIT_CLASSES - 1);

	fputs("const unsigned short ac_root[256] = {", out);
	for (unsigned c = 0; c < 256; c++)
		fprintf(out, "%s%u", sep(c), nst ? go(&st[0], (unsigned char)c) : 0);
	fputs("\n};\n\n", out);

	/* the root's children get a row of 256 next states each, fail links resolved:
	 * most of a text is read there, and the row saves the search of their edges */
	fputs("const unsigned short ac_dense[][256] = {\n", out);
	size_t ndense = 0;
	for (size_t e = 0; nst && e < st[0].nedges; e++, ndense++) {
		const struct state *d = &st[st[0].edges[e].next];
		fputs("\t{", out);
		for (unsigned c = 0; c < 256; c++) {
			unsigned next = go(d, (unsigned char)c);
			if (!next)
				next = go(&st[0], (unsigned char)c); /* its fail link is the root */
			fprintf(out, "%s%u", sep(c), next);
		}
		fputs("},\n", out);
	}
	if (!ndense)
		fputs("\t{0},\n", out);
	fputs("};\n\n", out);

	/* ac_out[0] is an empty list: a state with no parts points there */
	size_t outpos = 1;
	size_t edgepos = 0;
	fputs("const struct ac_state ac_states[] = {\n", out);
	for (size_t i = 0; i < nst; i++) {
		unsigned dense = 0;
		for (size_t e = 0; i && e < st[0].nedges; e++)
			if (st[0].edges[e].next == i)
				dense = (unsigned)e + 1;
		fprintf(out, "\t{.fail = %u, .edges = %zu, .nedges = %zu, .out = %zu, .dense = %u},\n",
		        st[i].fail, edgepos, st[i].nedges, st[i].nouts ? outpos : 0, dense);
		edgepos += st[i].nedges;
		if (st[i].nouts)
			outpos += st[i].nouts + 1;
	}
	if (!nst)
		fputs("\t{.fail = 0},\n", out);
	fputs("};\n\nconst unsigned char ac_edge_byte[] = {", out);
	size_t k = 0;
	for (size_t i = 0; i < nst; i++)
		for (size_t e = 0; e < st[i].nedges; e++, k++)
			fprintf(out, "%s%u", sep(k), st[i].edges[e].byte);
	if (!k)
		fputs("0", out);
	fputs("\n};\n\nconst unsigned short ac_edge_next[] = {", out);
	k = 0;
	for (size_t i = 0; i < nst; i++)
		for (size_t e = 0; e < st[i].nedges; e++, k++)
			fprintf(out, "%s%u", sep(k), st[i].edges[e].next);
	if (!k)
		fputs("0", out);
	fputs("\n};\n\nconst unsigned short ac_out[] = {\n\t0,", out);
	for (size_t i = 0; i < nst; i++) {
		if (!st[i].nouts)
			continue;
		fprintf(out, "\n\t%zu,", st[i].nouts);
		for (size_t o = 0; o < st[i].nouts; o++)
			fprintf(out, " %u,", st[i].outs[o]);
	}
	fputs("\n};\n\nconst struct ac_part ac_parts[] = {\n", out);
	for (size_t i = 0; i < nparts; i++)
		fprintf(out, "\t{.phrase = %u, .index = %u, .len = %u, .wordstart = %d, "
		             ".wordend = %d},\n",
		        parts[i].phrase, parts[i].index, parts[i].len, parts[i].wordstart,
		        parts[i].wordend);
	if (!nparts)
		fputs("\t{.phrase = 0},\n", out);
	fputs("};\n\n", out);
}

void
automaton_free(void)
{
	for (size_t i = 0; i < nst; i++) {
		free(st[i].edges);
		free(st[i].outs);
	}
	free(st);
	free(parts);
	st = NULL;
	parts = NULL;
	nst = capst = nparts = capparts = 0;
}
