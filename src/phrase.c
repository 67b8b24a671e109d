/* phrase.c: the phrase automaton run over a template */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "phrase.h"

static bool
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* the state after reading c in state s, found through the fail links */
static unsigned
walk(unsigned s, unsigned char c)
{
	for (;;) {
		if (s == 0)
			return ac_root[c];
		const struct ac_state *st = &ac_states[s];
		if (st->dense)
			return ac_dense[st->dense - 1][c];
		const unsigned char *b = ac_edge_byte + st->edges;
		for (unsigned i = 0; i < st->nedges; i++)
			if (b[i] == c)
				return ac_edge_next[st->edges + i];
		s = st->fail;
	}
}

/* the transitions found so far: the automaton's full table, filled as texts need
 * it, so that each state and byte walks the fail links once; only the rows of the
 * states texts reach are touched. An entry is 0 when not yet known, else the next
 * state times 2, plus 1 when parts end there, plus 1: the common case, a state where
 * nothing ends, needs no other load */
static uint32_t delta[LIMIT_STATES][LIMIT_CLASSES];

static inline unsigned
step(unsigned s, unsigned char c)
{
	unsigned k = ac_class[c];
	uint32_t d = delta[s][k];
	if (d)
		return d - 1u;
	unsigned next = walk(s, c);
	unsigned v = next << 1 | (ac_states[next].out != 0);
	delta[s][k] = v + 1;
	return v;
}

size_t
phrase_scan(struct phrase_scratch *sc, const char *str, size_t n, unsigned stage,
            struct phrase_hit *hits, size_t cap)
{
	const unsigned char *t = (const unsigned char *)str;
	size_t nhit = 0;
	unsigned s = 0;
	for (size_t k = 0; k < sc->ntouched; k++)
		sc->next[sc->touched[k]] = 0;
	sc->ntouched = 0;
	sc->token = -1;
	sc->ntext = 0;
	const unsigned textbase = (unsigned)(phrase_count + provider_rule_count);
	for (size_t i = 0; i < n; i++) {
		unsigned v = step(s, t[i]);
		s = v >> 1;
		if (!(v & 1))
			continue;
		unsigned out = ac_states[s].out;
		for (unsigned k = 1; k <= ac_out[out]; k++) {
			const struct ac_part *p = &ac_parts[ac_out[out + k]];
			unsigned end = (unsigned)i + 1, start = end - p->len;
			/* whole words only, and where '^' says so at the text's start */
			if ((p->wordstart && start > 0 && (p->wordstart == 2 || alnum(t[start - 1]))) ||
			    (p->wordend && end < n && alnum(t[end])))
				continue;
			/* a phrase, a provider's word, or a vendor's reply text */
			unsigned parts;
			if (p->phrase >= textbase) {
				parts = text_refs[p->phrase - textbase].parts;
			} else if (p->phrase >= phrase_count) {
				if (sc->token < 0)
					sc->token = (int)(p->phrase - phrase_count);
				continue;
			} else {
				const struct phrase *ph = &phrases[p->phrase];
				if (stage && ph->stages && !(ph->stages & 1u << stage))
					continue;
				parts = ph->parts;
			}
			unsigned char *next = &sc->next[p->phrase];
			if (*next == 0xff || *next != p->index ||
			    (p->index > 0 && start < sc->after[p->phrase]))
				continue;
			if (*next == 0 && sc->ntouched < LIMIT_PHRASES)
				sc->touched[sc->ntouched++] = p->phrase;
			if (p->index == 0)
				sc->first[p->phrase] = start;
			sc->after[p->phrase] = end;
			if (p->index + 1u < parts) {
				*next = (unsigned char)(p->index + 1);
				continue;
			}
			*next = 0xff;
			if (p->phrase >= textbase) {
				if (sc->ntext < LIMIT_TEXTHITS)
					sc->texts[sc->ntext++] = text_refs[p->phrase - textbase].entry;
			} else if (nhit < cap) {
				hits[nhit++] = (struct phrase_hit){p->phrase, sc->first[p->phrase], end};
			}
		}
	}
	return nhit;
}
