/* mail.h: an e-mail read as a stream of lines, and what it reports: the recipients of
 * a delivery status notification (RFC 3464, RFC 6533), of a feedback report (RFC 5965),
 * of an auto-reply (RFC 3834), or of a bounce that names them only in prose. MIME is
 * read as it comes: multiparts nested to LIMIT_MIMEDEPTH (deeper ones are skipped), quoted-printable and base64
 * decoded line by line, and nothing kept but the delivery reports, the first text part
 * (to LIMIT_MAILTEXT bytes) and the original message's headers: an attachment of any
 * size costs no memory. */
#ifndef SMTPCODE_MAIL_H
#define SMTPCODE_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "limit.h"
#include "html.h"
#include "logline.h"

/* a bounded string of the mail reader's own */
#define MAILSTR(name, size) char name[size]; size_t name##len

/* one recipient reported */
struct mailrcpt {
	MAILSTR(recipient, 256);
	MAILSTR(orig, 256);
	MAILSTR(action, 16);
	MAILSTR(status, LIMIT_ENHANCED);
	MAILSTR(remote_mta, 256);
	MAILSTR(last_attempt, 64);
	MAILSTR(diagnostic, LIMIT_DIAGNOSTIC);
	/* of a report's recipient, the human part's words on it, for what the report's
	 * fields do not say (the command refused: "(in reply to end of DATA command)",
	 * a transcript's ">>> DATA") */
	MAILSTR(words, 512);
	bool listed;               /* the words follow the recipient where the human part
	                            * lists it (not a transcript's, nor the text's end) */
};

/* what the e-mail says of itself and of the message it returns */
struct mailmsg {
	const char *format;        /* "dsn", "feedback", "autoreply", "prose", or NULL */
	MAILSTR(reporting_mta, 256);
	MAILSTR(sender, 256);      /* of the original message */
	MAILSTR(subject, 256);
	MAILSTR(message_id, 256);
	MAILSTR(feedback_type, 32);
	MAILSTR(from, 256);        /* of the report itself */
	MAILSTR(own_subject, 256);
	MAILSTR(to, 256);          /* the returned message's first recipient */
	MAILSTR(failed, 1024);     /* X-Failed-Recipients: (Exim's, Gmail's) */
	bool autoreply;            /* Auto-Submitted: auto-replied, or vacation's words */
	bool nullpath;             /* Return-Path: <>, a bounce's null sender (RFC 5321) */
	bool tomany;               /* the returned message's To names more than one */
	const char *fallback;      /* the reason its kind tells when its words tell none */
	const char *fallback_note; /* and what says so, or NULL for the kind of bounce */
	bool spasign;              /* X-SPASIGN: NG, au's mark of mail its filter refused */
	bool unsubscribe;          /* X-Apple-Unsubscribe: true (Apple Mail's request) */
	bool complaint;            /* it has Hotmail's X-HmXmrOriginalRecipient: */
};

enum { MAIL_HEADERS, MAIL_BODY };

struct mimepart;

/* the reader: large (its recipients and text), one for the run */
struct mail {
	struct mailmsg msg;
	struct mailrcpt rcpt[LIMIT_RECIPIENTS];
	size_t nrcpt;
	unsigned long dropped;     /* recipients past LIMIT_RECIPIENTS */
	bool anything;             /* a line was read */
	/* the MIME structure */
	int depth;                 /* boundaries open */
	char boundary[LIMIT_MIMEDEPTH][72];
	size_t blen[LIMIT_MIMEDEPTH];
	int state;                 /* MAIL_HEADERS or MAIL_BODY, of the part being read */
	int kind, nextkind;        /* what the part's body is, and what its headers say */
	int enc, nextenc;          /* its transfer encoding */
	bool nextmulti;            /* its headers named a boundary */
	char charset[40], nextcharset[40]; /* the text's charset, or "" */
	void *conv;                /* its converter to UTF-8 (an iconv_t), or NULL */
	char nextboundary[72];
	size_t nextblen;
	int inner;                 /* reading the headers of a returned message */
	bool innerreport;          /* they say it is a multipart/report itself: a report
	                            * forwarded as an attachment, whose parts are read */
	/* a header field being unfolded */
	char field[LIMIT_FIELD];
	size_t fieldlen;
	/* a decoded line being made */
	char dec[LIMIT_LINE];
	size_t declen;
	unsigned b64, b64bits;     /* base64 bits carried */
	/* the DSN group being read */
	struct mailrcpt cur;
	bool curused;
	/* the first text part, decoded */
	char text[LIMIT_MAILTEXT];
	size_t textlen;
	bool textseen, textdone;
	bool texthtml;             /* the text is an HTML part's, read as text */
	struct html html;
	bool preamble;             /* text holds the top multipart's preamble, read as
	                            * the text until its first boundary comes (if ever) */
};

/* tells whether a first line of input starts an e-mail: an mbox "From " line, or a
 * header field of a name that e-mails start with (Received:, Return-Path:, From:, ...) */
bool mail_starts(const char *s, size_t n);

/* tells whether s[0..n) is an mbox line that starts a new e-mail */
bool mail_mbox_from(const char *s, size_t n);

/* starts an e-mail */
void mail_begin(struct mail *m);

/* reads one line of it (without its line end) */
void mail_line(struct mail *m, const char *s, size_t n);

/* ends it: its recipients are m->rcpt[0..m->nrcpt), the prose ones found now */
void mail_end(struct mail *m);

#endif
