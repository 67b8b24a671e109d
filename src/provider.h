/* provider.h: which provider answered a reply: told by the remote host the wrapper
 * names, a link to the provider's pages, or a word only it writes
 * (codes/providers.csv); never by a code alone */
#ifndef SMTPCODE_PROVIDER_H
#define SMTPCODE_PROVIDER_H

#include <stddef.h>

#include "recognize.h"
#include "table.h"

/* what told the provider: the rule, and the part of the input that matched it */
struct provider_found {
	const struct provider_rule *rule;
	const char *at;          /* in the input's raw bytes, or its template */
	size_t len;
};

/* finds the provider of the input; token is the first provider's word that the
 * phrase automaton found in its text (phrase.h), or -1; returns false when nothing
 * tells it. The remote host decides first, then a link, then a word. */
bool provider_find(const struct input *in, int token, struct provider_found *found);

#endif
