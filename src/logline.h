/* logline.h: a mail server's log line: its header (classic syslog, RFC 3339 / ISO 8601,
 * RFC 5424, rsyslog's year-first form, Solaris' [ID ...] tag, a server's own, or none,
 * as journalctl -o cat writes it), and the delivery or rejection it records, with the
 * reply inside it and its context (logread.h: the readers of each server). Every
 * field is a span of the line, but for the few copies logline_copy names. */
#ifndef SMTPCODE_LOGLINE_H
#define SMTPCODE_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "limit.h"

enum logkind {
	LOG_NONE,      /* not a log line: read it as a reply line */
	LOG_OTHER,     /* a log line that records no delivery (a connection, a note) */
	LOG_CONTEXT,   /* Postfix's queue manager naming a message's sender */
	LOG_DELIVERY,  /* a delivery attempt: sent, deferred, bounced, expired, ... */
	LOG_REJECT,    /* a refusal by our own server: reject, reject_warning, milter */
};

struct span {
	const char *s;
	size_t n;
};

/* what a line's queue_id names, as the context across lines is kept by it */
enum logid {
	LOGID_MESSAGE,    /* a message (Postfix's queue id, Exim's message id, qmail's msg) */
	LOGID_DELIVERY,   /* one delivery of a message (qmail's delivery numbers) */
	LOGID_SESSION,    /* an SMTP session (OpenSMTPD's, Exchange's) */
	LOGID_RECIPIENT,  /* a message with its recipient (Courier's reply, then status) */
};

struct logline {
	enum logkind kind;
	const char *format;     /* "postfix", or NULL */
	struct span time, host, program, queue_id, sender, recipient, orig_recipient,
		relay, delay, dsn, outcome, reply, message,
		client,             /* the client that sent the message in: "host[ip]" */
		link;               /* of a qmail delivery, its message's id */
	unsigned char stage;    /* enum stage: of a rejection, the command refused */
	unsigned char id;       /* enum logid: what queue_id names */
	bool success;           /* the delivery worked (sent, deliverable) */
	bool told;              /* a delivery an earlier line has told (Courier's status
	                         * after its reply): counted, not explained again */
	char timebuf[32];       /* a time written anew (qmail's TAI64N): time points here */
};

/* the formats --log-format names: auto (each line by its header and program), none
 * (no line is a log's), or one reader for every line */
enum logformat { LOGFMT_AUTO, LOGFMT_NONE, LOGFMT_POSTFIX, LOGFMT_SENDMAIL, LOGFMT_EXIM,
	LOGFMT_QMAIL, LOGFMT_COURIER, LOGFMT_OPENSMTPD, LOGFMT_KERIO, LOGFMT_DOMINO,
	LOGFMT_ASSP, LOGFMT_IMS, LOGFMT_EXCHANGE, LOGFMT_MAILENABLE, LOGFMT_HMAILSERVER,
	LOGFMT_HARAKA, LOGFMT_FORTIMAIL, LOGFMT_COUNT };
extern const char *const logline_formats[LOGFMT_COUNT];
void logline_force(enum logformat f);

/* reads the line s[0..n) */
void logline_parse(const char *s, size_t n, struct logline *l);

/* tells whether p is in one of the reader's own copies rather than in the line: the
 * time of a qmail line written anew (in l->timebuf), a field of Exchange's CSV
 * unquoted; such a copy lasts until the next line is read */
bool logline_copy(const struct logline *l, const char *p);

/* copies the log line *from to *to: a time that *from holds written anew (qmail's)
 * is pointed to in *to's own copy. For a line read into a logline of the reader's
 * own, then kept */
void logline_move(struct logline *to, const struct logline *from);

/* the room a line of n bytes parsed where it lasts needs: the line, and
 * logline_settle's copy after it */
#define LOGLINE_MOVED(n) ((n) + LIMIT_LINE)

/* makes l, read from a line that lasts (a copy the caller keeps), last as long: the
 * reader's own copies that its spans point into and that the next line's reading
 * overwrites (Exchange's CSV fields unquoted) are copied to buf, of LIMIT_LINE bytes
 * at least, and the spans moved there (l's time written anew stays in l); returns the
 * bytes of buf used */
size_t logline_settle(struct logline *l, char *buf);

/* tells whether s[0..n), a line without a header, is a Postfix client's note that a
 * user might also paste as a reply ("connect to x[ip]:25: Connection timed out"): in a
 * stream already a log's, it is the log's, told again by the status= line after it */
bool logline_note(const char *s, size_t n);

/* tells whether the reply of l holds line ends written as "\n" (Exim), and copies it
 * to out (of at least l->reply.n bytes) with each one made a space; returns its length */
bool logline_escaped(const struct logline *l);
size_t logline_unescape(const struct logline *l, char *out);

/* tells whether the outcome of l is the word w ("deferred", "expired") */
bool logline_outcome_is(const struct logline *l, const char *w);

/* the context across lines: a LOG_CONTEXT line's sender, client, recipient and
 * command are kept by its id and what it names (at most LIMIT_QUEUE of them; keeping
 * one more overwrites an older one, and is counted), and given to a later line of the
 * same id that does not name them; a qmail delivery takes its message's sender */
void logline_remember(const struct logline *l);
void logline_recall(struct logline *l);
unsigned long logline_forgotten(void);

/* the context of a log line, as main needs it: a context line remembered, and a
 * delivery or rejection followed (logline_track, whose line it returns) and given
 * its context (logline_recall); a Courier status whose reply was told is marked told */
unsigned long logline_context(struct logline *l, unsigned long line);

/* follows a message's deliveries by queue id, in the same table: a deferral is
 * remembered with its line; returns, for a bounce or an expiry of a message deferred
 * before, the line of its first deferral (once a message), else 0 */
unsigned long logline_track(const struct logline *l, unsigned long line);

#endif
