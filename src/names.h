/* names.h: the vocabulary shared by the table generator and the tool: each enum, its
 * printable names and its C names come from one list; and ASCII case-insensitive keys */
#ifndef SMTPCODE_NAMES_H
#define SMTPCODE_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limit.h"

/* each list is X(SYMBOL, "name"); the name is what tables and output spell */

/* lookup groups: entries are sorted by group, then key */
#define GROUPS(X) \
	X(GROUP_REPLY, "reply")       /* "550" */ \
	X(GROUP_ENHANCED, "enhanced") /* "X.1.1", "X.1.XXX", "5.XXX.XXX" */ \
	X(GROUP_CLASS, "class")       /* "5xx" */ \
	X(GROUP_WORD, "word")         /* vendor codes, events, classifications */

/* what a row's key is */
#define KINDS(X) \
	X(KIND_REPLY, "reply") \
	X(KIND_ENHANCED, "enhanced") \
	X(KIND_CLASS, "class") \
	X(KIND_CODE, "code") \
	X(KIND_EVENT, "event") \
	X(KIND_CLASSIFICATION, "classification") \
	X(KIND_REASON, "reason") /* only in results: a reason named as input */

/* a reply's class; CLASS_FROM_CODE is for enhanced X. rows: the typed digit decides */
#define CLASSES(X) \
	X(CLASS_NONE, "none") \
	X(CLASS_FROM_CODE, "-") \
	X(CLASS_SUCCESS, "success") \
	X(CLASS_INTERMEDIATE, "intermediate") \
	X(CLASS_TRANSIENT, "transient") \
	X(CLASS_PERMANENT, "permanent")

#define BOUNCES(X) \
	X(BOUNCE_NONE, "none") \
	X(BOUNCE_SOFT, "soft") \
	X(BOUNCE_HARD, "hard")

/* a reason's retry rule: follow the reply's class, or retry (not) whatever it is */
#define RULES(X) \
	X(RULE_CLASS, "class") \
	X(RULE_YES, "yes") \
	X(RULE_NO, "no")

#define ACTORS(X) \
	X(ACTOR_NONE, "none") \
	X(ACTOR_SENDER, "sender") \
	X(ACTOR_SENDER_LIST, "sender-list") \
	X(ACTOR_SENDER_DNS, "sender-dns") \
	X(ACTOR_SENDER_SERVER, "sender-server") \
	X(ACTOR_RECIPIENT, "recipient") \
	X(ACTOR_RECEIVER_ADMIN, "receiver-admin")

/* what a failure asks a script to do, as sysexits(3) numbers it (reasons.csv, exit) */
#define EXITS(X) \
	X(EXITAS_UNAVAILABLE, "unavailable") /* 69: do not send the same again as is */ \
	X(EXITAS_NOUSER, "nouser")           /* 67: the address is dead: drop it */ \
	X(EXITAS_NOHOST, "nohost")           /* 68: the domain takes no mail */ \
	X(EXITAS_NOPERM, "noperm")           /* 77: refused by policy or reputation: fix
	                                      * the sending side first */

/* a table's role (codes/tables.csv): what classification does with its rows */
#define ROLES(X) \
	X(ROLE_GENERIC, "generic") /* the RFCs and the registry: the general meaning */ \
	X(ROLE_VENDOR, "vendor")   /* one vendor's codes and texts */ \
	X(ROLE_REASONS, "reasons") /* the reason vocabulary */ \
	X(ROLE_PHRASES, "phrases") /* words of reply texts and the reasons they tell */ \
	X(ROLE_PROVIDERS, "providers") /* how to tell which provider answered */ \
	X(ROLE_PROVIDER, "provider") /* one provider's own meanings: they apply when it \
	                              * is known to have answered */

/* how a provider is told (codes/providers.csv) */
#define PKINDS(X) \
	X(PKIND_HOST, "host")   /* the remote host is in its domain */ \
	X(PKIND_URL, "url")     /* the text links to its pages */ \
	X(PKIND_TOKEN, "token") /* the text has a word only it writes */

/* the SMTP stage a reply answered; STAGE_NONE: the input does not say */
#define STAGES(X) \
	X(STAGE_NONE, "") \
	X(STAGE_CONNECT, "CONNECT") \
	X(STAGE_HELO, "HELO") \
	X(STAGE_STARTTLS, "STARTTLS") \
	X(STAGE_AUTH, "AUTH") \
	X(STAGE_MAIL, "MAIL") \
	X(STAGE_RCPT, "RCPT") \
	X(STAGE_DATA, "DATA")

#define NAMES_ENUM(sym, name) sym,
#define NAMES_NAME(sym, name) [sym] = name,
#define NAMES_SYM(sym, name) [sym] = #sym,

enum group { GROUPS(NAMES_ENUM) GROUP_COUNT };
enum kind { KINDS(NAMES_ENUM) KIND_COUNT };
enum class { CLASSES(NAMES_ENUM) CLASS_COUNT };
enum bounce { BOUNCES(NAMES_ENUM) BOUNCE_COUNT };
enum rule { RULES(NAMES_ENUM) RULE_COUNT };
enum actor { ACTORS(NAMES_ENUM) ACTOR_COUNT };
enum role { ROLES(NAMES_ENUM) ROLE_COUNT };
enum stage { STAGES(NAMES_ENUM) STAGE_COUNT };
enum exitas { EXITS(NAMES_ENUM) EXITAS_COUNT };
enum pkind { PKINDS(NAMES_ENUM) PKIND_COUNT };

/* the printable names, indexed by value */
extern const char *const group_names[GROUP_COUNT];
extern const char *const kind_names[KIND_COUNT];
extern const char *const class_names[CLASS_COUNT];
extern const char *const bounce_names[BOUNCE_COUNT];
extern const char *const rule_names[RULE_COUNT];
extern const char *const actor_names[ACTOR_COUNT];
extern const char *const role_names[ROLE_COUNT];
extern const char *const stage_names[STAGE_COUNT];
extern const char *const exitas_names[EXITAS_COUNT];
extern const char *const pkind_names[PKIND_COUNT];

/* returns the index of s in names[0..n), or -1 */
int names_find(const char *const *names, size_t n, const char *s);

/* returns the group that entries of a kind are looked up in */
enum group names_group(enum kind kind);

/* writes the sort key of key[0..n) to out: lowercase, each run of digits led by a byte
 * that tells its length, so that sort keys compare with strcmp in natural order
 * (X.1.2 before X.1.10), and are equal only for keys equal but for case; returns its
 * length, or 0 when it does not fit in cap */
size_t names_sortkey(const char *key, size_t n, char *out, size_t cap);

/* the hash of a group and a sort key: the generator files entries under it in
 * entry_slots, and table_find looks them up by it (FNV-1a) */
static inline unsigned
names_hash(unsigned group, const char *sortkey, size_t n)
{
	unsigned h = 2166136261u ^ group;
	h *= 16777619u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)sortkey[i];
		h *= 16777619u;
	}
	return h;
}

/* a hash of n bytes, continued from h, eight bytes at a time: for the tables kept at
 * run time (classify's results by template, --summary's keys), where FNV-1a's byte at
 * a time was a tenth of the time of -q */
static inline uint64_t
names_quickhash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t v;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * 0x9e3779b97f4a7c15u;
		h ^= h >> 29;
	}
	v = 0;
	memcpy(&v, s, n);
	h = (h ^ v ^ (uint64_t)n << 56) * 0xbf58476d1ce4e5b9u;
	return h ^ h >> 31;
}

/* lowercases an ASCII letter, leaves every other byte alone */
static inline unsigned char
names_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#endif
