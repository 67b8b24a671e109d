/* automaton.h: builds the phrase automaton (Aho-Corasick over the parts of every
 * phrase) and writes it as the C arrays of src/table.h */
#ifndef AUTOMATON_H
#define AUTOMATON_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

/* adds part index of phrase (its bytes s[0..n)), to be found as whole words or, with
 * words false, anywhere, and with first only at the start of the text; returns false
 * when the automaton is full (LIMIT_STATES) */
bool automaton_add(const char *s, size_t n, unsigned phrase, unsigned index, bool words,
                   bool first);

/* finds the failure links and the parts that end in each state */
void automaton_build(void);

/* writes ac_root, ac_states, ac_edge_byte, ac_edge_next, ac_out and ac_parts */
void automaton_emit(FILE *out);

/* frees it all */
void automaton_free(void);

#endif
