/* table.c: lookups over the compiled tables (build/tables.c) */
#include <string.h>

#include "table.h"

static int
cmpkey(const struct entry *e, enum group group, const char *key, size_t keylen)
{
	if (e->group != group)
		return (int)e->group - (int)group;
	return names_keycmp(e->key, strlen(e->key), key, keylen);
}

size_t
table_find(enum group group, const char *key, size_t keylen, const struct entry **first)
{
	size_t lo = 0, hi = entry_count;

	/* lower bound */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmpkey(&entries[mid], group, key, keylen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < entry_count && cmpkey(&entries[end], group, key, keylen) == 0)
		end++;
	*first = &entries[lo];
	return end - lo;
}

const struct reason *
table_reason(const char *name, size_t len)
{
	size_t lo = 0, hi = reason_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *n = reasons[mid].name;
		int c = names_keycmp(n, strlen(n), name, len);
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
	for (size_t i = 0; i <= table_count; i++)
		if (names_keycmp(table_names[i], strlen(table_names[i]), name, strlen(name)) == 0)
			return (int)i;
	return -1;
}
