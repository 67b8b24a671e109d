/* names.h: the vocabulary shared by the table generator and the tool: enums, their
 * printable names, and ASCII case-insensitive key comparison */
#ifndef SMTPCODE_NAMES_H
#define SMTPCODE_NAMES_H

#include <stddef.h>

/* lookup groups: entries are sorted by group, then key */
enum group {
	GROUP_REPLY,    /* "550" */
	GROUP_ENHANCED, /* "X.1.1", "X.1.XXX", "5.XXX.XXX" */
	GROUP_CLASS,    /* "5xx" */
	GROUP_WORD,     /* vendor codes, events, classifications */
};

enum kind {
	KIND_REPLY,
	KIND_ENHANCED,
	KIND_CLASS,
	KIND_CODE,
	KIND_EVENT,
	KIND_CLASSIFICATION,
	KIND_REASON, /* only in results: a reason named as input */
};

enum class {
	CLASS_NONE,         /* no verdict of its own */
	CLASS_FROM_CODE,    /* enhanced X. entries: the typed digit decides */
	CLASS_SUCCESS,
	CLASS_INTERMEDIATE,
	CLASS_TRANSIENT,
	CLASS_PERMANENT,
};

enum bounce {
	BOUNCE_NONE,
	BOUNCE_SOFT,
	BOUNCE_HARD,
};

enum retry {
	RETRY_CLASS,
	RETRY_YES,
	RETRY_NO,
};

enum actor {
	ACTOR_NONE,
	ACTOR_SENDER,
	ACTOR_SENDER_LIST,
	ACTOR_SENDER_DNS,
	ACTOR_SENDER_SERVER,
	ACTOR_RECIPIENT,
	ACTOR_RECEIVER_ADMIN,
};

/* the printable names of the enums, indexed by value */
extern const char *const group_names[];
extern const char *const kind_names[];
extern const char *const class_names[];
extern const char *const bounce_names[];
extern const char *const retry_names[];
extern const char *const actor_names[];
extern const size_t kind_count, class_count, bounce_count, retry_count, actor_count;

/* returns the index of s in names[0..n), or -1 */
int names_find(const char *const *names, size_t n, const char *s);

/* returns the group that entries of a kind are looked up in */
enum group names_group(enum kind kind);

/* NAMES_SORTKEY_MAX: the longest sort key a table key can have, with its NUL */
#define NAMES_SORTKEY_MAX 64

/* writes the sort key of key[0..n) to out: lowercase, each run of digits led by a byte
 * that tells its length, so that sort keys compare with strcmp in natural order
 * (X.1.2 before X.1.10), and are equal only for keys equal but for case; returns its
 * length, or 0 when it does not fit in cap */
size_t names_sortkey(const char *key, size_t n, char *out, size_t cap);

/* lowercases an ASCII letter, leaves every other byte alone */
static inline unsigned char
names_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#endif
