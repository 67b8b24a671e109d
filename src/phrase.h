/* phrase.h: the phrases of codes/phrases.csv found in a reply's template in one pass
 * of the automaton that tools/gentables built, whatever their number: each byte is
 * read once, and no pattern is tried on its own */
#ifndef SMTPCODE_PHRASE_H
#define SMTPCODE_PHRASE_H

#include <stddef.h>

#include "limit.h"
#include "table.h"

/* a phrase found: where in the template, from its first part to its last */
struct phrase_hit {
	unsigned short phrase;  /* index into phrases */
	unsigned start, end;    /* template[start..end) */
};

/* what a scan keeps for phrases of several parts; reset by each scan, in the time of
 * what it touched */
struct phrase_scratch {
	unsigned char next[LIMIT_PHRASES];   /* the part a phrase waits for; 0xff: found */
	unsigned after[LIMIT_PHRASES];       /* where its next part may start */
	unsigned first[LIMIT_PHRASES];       /* where its first part started */
	unsigned short touched[LIMIT_PHRASES];
	size_t ntouched;
	int token;                           /* the first provider's word found, as an
	                                      * index into provider_rules; -1: none */
	unsigned short texts[LIMIT_TEXTHITS]; /* the vendors' reply texts found, as
	                                       * indexes into entries */
	size_t ntext;
};

/* finds the phrases that apply at stage (STAGE_NONE: all) in the template t[0..n),
 * writes at most cap of them to hits, in the order they were completed, and returns
 * how many; sets sc->token to the first word of codes/providers.csv found, and
 * sc->texts to the vendors' reply texts found (at most LIMIT_TEXTHITS) */
size_t phrase_scan(struct phrase_scratch *sc, const char *t, size_t n, unsigned stage,
                   struct phrase_hit *hits, size_t cap);

#endif
