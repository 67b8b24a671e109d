/* table.c: lookups over the compiled tables (build/tables.c) */
#include <string.h>

#include "table.h"

static int
cmpkey(const struct entry *e, enum group group, const char *sortkey)
{
	if (e->group != group)
		return (int)e->group - (int)group;
	return strcmp(e->sortkey, sortkey);
}

size_t
table_find(enum group group, const char *key, size_t keylen, const struct entry **first)
{
	char sk[LIMIT_SORTKEY];
	size_t lo = 0, hi = entry_count;
	*first = entries;
	if (names_sortkey(key, keylen, sk, sizeof sk) == 0)
		return 0; /* longer than any key */

	/* lower bound */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmpkey(&entries[mid], group, sk) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < entry_count && cmpkey(&entries[end], group, sk) == 0)
		end++;
	*first = &entries[lo];
	return end - lo;
}

const struct reason *
table_reason(const char *name, size_t len)
{
	char sk[LIMIT_SORTKEY]; /* reason names are lowercase letters: their own keys */
	size_t lo = 0, hi = reason_count;
	if (names_sortkey(name, len, sk, sizeof sk) == 0)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(reasons[mid].name, sk);
		if (c == 0)
			return &reasons[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
table_index(const char *name)
{
	char sk[LIMIT_SORTKEY]; /* table names are lowercase letters: their own keys */
	if (names_sortkey(name, strlen(name), sk, sizeof sk) == 0)
		return -1;
	for (size_t i = 0; i < table_count; i++)
		if (strcmp(tables[i].name, sk) == 0)
			return (int)i;
	return -1;
}
