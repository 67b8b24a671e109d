/* names.c: printable names of the table vocabulary, and sort keys */
#include <string.h>

#include "names.h"

const char *const group_names[GROUP_COUNT] = {GROUPS(NAMES_NAME)};
const char *const kind_names[KIND_COUNT] = {KINDS(NAMES_NAME)};
const char *const class_names[CLASS_COUNT] = {CLASSES(NAMES_NAME)};
const char *const bounce_names[BOUNCE_COUNT] = {BOUNCES(NAMES_NAME)};
const char *const rule_names[RULE_COUNT] = {RULES(NAMES_NAME)};
const char *const actor_names[ACTOR_COUNT] = {ACTORS(NAMES_NAME)};
const char *const role_names[ROLE_COUNT] = {ROLES(NAMES_NAME)};
const char *const stage_names[STAGE_COUNT] = {STAGES(NAMES_NAME)};
const char *const exitas_names[EXITAS_COUNT] = {EXITS(NAMES_NAME)};
const char *const pkind_names[PKIND_COUNT] = {PKINDS(NAMES_NAME)};

int
names_find(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

enum group
names_group(enum kind kind)
{
	switch (kind) {
	case KIND_REPLY:
		return GROUP_REPLY;
	case KIND_ENHANCED:
		return GROUP_ENHANCED;
	case KIND_CLASS:
		return GROUP_CLASS;
	default:
		return GROUP_WORD;
	}
}

size_t
names_sortkey(const char *key, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i + run < n && key[i + run] >= '0' && key[i + run] <= '9')
			run++;
		if (run + 2 > cap - o)
			return 0;
		if (run) {
			/* '1'..'9' for runs of 1 to 9 digits: still below any letter */
			out[o++] = (char)('0' + (run < 9 ? run : 9));
			memcpy(out + o, key + i, run);
			o += run;
			i += run;
		} else {
			out[o++] = (char)names_lower((unsigned char)key[i++]);
		}
	}
	if (o + 1 > cap)
		return 0;
	out[o] = '\0';
	return o;
}
