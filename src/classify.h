/* classify.h: an input looked up in the tables, and the verdict drawn from what
 * matched: class, reason, retry, bounce, and the evidence, ranked */
#ifndef SMTPCODE_CLASSIFY_H
#define SMTPCODE_CLASSIFY_H

#include <stdbool.h>

#include "limit.h"
#include "phrase.h"
#include "recognize.h"
#include "table.h"

/* the kinds of evidence, in the order in which they decide: the most specific first.
 * Among matches of one kind, generic tables come before vendors', then tables in
 * the order of codes/tables.csv, then rows in table order. */
#define EVIDENCE(X) \
	X(EV_OWN, "provider-row") /* the answering provider's own meaning of the reply */ \
	X(EV_TEXT, "text")       /* a vendor's known reply text matched */ \
	X(EV_PHRASE, "phrase")   /* a phrase of the reply text (to come) */ \
	X(EV_WORD, "word")       /* a vendor's code, event or classification */ \
	X(EV_REASON, "reason")   /* a reason named as input */ \
	X(EV_DETAIL, "detail")   /* the enhanced code's own row (X.1.1) */ \
	X(EV_SUBJECT, "subject") /* its subject's row (X.1.XXX) */ \
	X(EV_CODE, "code")       /* the reply code's row */ \
	X(EV_CLASS, "class")     /* the class's row (5xx, 5.XXX.XXX) */ \
	X(EV_PROVIDER, "provider") /* who answered: it tells no reason, and is last */

enum evidence { EVIDENCE(NAMES_ENUM) EV_COUNT };
extern const char *const evidence_names[EV_COUNT];

/* a table row that applied: an entry, a phrase, or a reason named as input */
struct match {
	const struct entry *entry;
	const struct reason *reason;
	const struct phrase *phrase;
	const struct provider_rule *rule; /* EV_PROVIDER: what told the provider */
	unsigned at, len;        /* a phrase: where it matched in the input's text */
	unsigned tstart, tend;   /* and in its template */
	unsigned char evidence;  /* enum evidence */
	bool fallback;           /* explains the code's class or subject only, not the
	                          * code the input gave */
	bool inner;              /* of a reply quoted inside the input's: it ranks last */
};

/* the answer to "should the same message be sent again?" */
enum retry {
	RETRY_NULL, /* the question does not arise (success), or cannot be answered */
	RETRY_YES,  /* later, it is likely to work */
	RETRY_NO,   /* not as it is */
};

/* what a script acts on; the exit status of -q follows the worst one */
enum verdict {
	VERDICT_OK,          /* success, or nothing to act on */
	VERDICT_RETRY,       /* try again later */
	VERDICT_FAIL,        /* do not retry as is */
	VERDICT_NOUSER,      /* the address is dead: drop it */
	VERDICT_NOHOST,      /* the domain takes no mail */
	VERDICT_NOPERM,      /* refused by policy or reputation: fix the sending side */
	VERDICT_UNKNOWN,     /* not recognized, or nothing a script can act on */
};

/* a result: small, and holds no pointer into the classifier or the input */
struct result {
	bool recognized;
	const char *error;         /* why not recognized */
	int code;                  /* reply code or -1 */
	char enhanced[LIMIT_ENHANCED]; /* as typed, normalized, or "" */
	enum class class;          /* CLASS_NONE: no class */
	bool standard;
	const struct reason *reason;
	bool ruled;                /* the reason is a stage rule's (see decide), not the
	                            * deciding row's: what happened and what to do are
	                            * the reason's words */
	enum retry retry;
	const char *retry_advice;  /* the reason's, where it applies to this reply, or NULL */
	enum bounce bounce;        /* BOUNCE_NONE: null */
	enum verdict verdict;
	const char *mismatch;      /* how the parts of the reply disagree, or NULL */
	const char *provider;      /* who answered (a provider's short name), or NULL */
	struct match matches[LIMIT_MATCH];
	size_t nmatch;             /* ranked: matches[0] decided */
	const char *notes[LIMIT_NOTE];
	size_t nnote;
};

/* a classifier: what it is restricted to, and its scratch space */
struct classifier {
	int only;                  /* a table index, or -1 for all */
	int own;                   /* the answering provider's table, while its rows are
	                            * looked up; else -1 */
	bool spans;                /* find where phrases stand in the text (for output) */
	char tmpl[LIMIT_REPLY];    /* the input's text as a template (template.h): vendor
	                            * texts and phrases are matched against it */
	size_t tmpllen;
	unsigned map[LIMIT_REPLY]; /* where each byte of the template comes from */
	struct phrase_scratch ps;  /* and the vendors' texts found, in ps.texts */
	bool scanned;              /* the automaton has read the template */
	unsigned stage;            /* at the stage the words are read at (enum stage) */
	const char *stagenote;     /* why that is not the reply's stage, or NULL */
	struct phrase_hit hits[LIMIT_HITS]; /* the phrases it found */
	size_t nhit;
};

/* the template of the input last classified, when it had a text, or NULL */
const char *classify_template(const struct classifier *c, size_t *len);

/* starts a classifier that looks only in table `only` (-1: in every table); with
 * spans, it says where each phrase matched (nothing printed needs it not) */
void classify_init(struct classifier *c, int only, bool spans);

/* looks the input up and fills res. A reply's result is kept by its template (and
 * all else that decides it: its codes, stage, the provider its host or links name),
 * so that a template's next reply is not looked up again: LIMIT_CACHE of them */
void classify(struct classifier *c, const struct input *in, struct result *res);

/* turns the keeping on (the default) or off, and tells how often it answered */
void classify_cache(bool on);
unsigned long classify_cache_hits(void);

/* returns the reason of a match, or NULL */
const struct reason *classify_reason(const struct match *m);

#endif
