/* limit.h: every size limit of smtpcode in one place; the table generator checks
 * the rows of codes/ against the ones that concern them */
#ifndef SMTPCODE_LIMITS_H
#define SMTPCODE_LIMITS_H

/* input */
#define LIMIT_LINE 65536     /* the longest line of input kept; the rest is dropped */
#define LIMIT_REPLY 65536    /* the longest reply assembled from continuation lines */
#define LIMIT_ENHANCED 16    /* an enhanced code as normalized ("X.123.XXX"), with NUL */

/* classification */
#define LIMIT_MATCH 32       /* table rows kept as evidence for one input */
#define LIMIT_NOTE 4         /* notes on one result */

/* tables: checked by tools/gentables */
#define LIMIT_TABLENAME 15   /* a table's name, bytes */
#define LIMIT_TABLES 32      /* tables, the reasons included */
#define LIMIT_FILES 64       /* files in codes/tables.csv */
#define LIMIT_KEY 40         /* a row's key, bytes */
#define LIMIT_SORTKEY 64     /* a key's sort key, with its NUL: at most 1.5 times the key */
#define LIMIT_SUMMARY 100    /* a summary, bytes */
#define LIMIT_PATTERN 400    /* a reply text to match, bytes */
#define LIMIT_ROWS 65535     /* rows of all tables, and lines of one file */
#define LIMIT_PHRASES 8192   /* rows of the phrase tables */
#define LIMIT_PARTS 8        /* parts of one phrase, between its '*' */
#define LIMIT_STATES 65535   /* states of the phrase automaton (the tables keep them
                              * in 16 bits; phrase.c's full table in 32) */
#define LIMIT_CLASSES 160    /* the distinct bytes phrases use, and one for the rest */

/* classification */
#define LIMIT_HITS 16        /* phrases kept as matched in one reply */
#define LIMIT_QUEUE 4096     /* messages whose sender a log's earlier line named, kept
                              * by queue id (logline.c): an older one is overwritten */
#define LIMIT_TEXTHITS 32    /* vendors' reply texts kept as matched in one reply */
#define LIMIT_CACHE 512      /* replies whose classification is kept by template
                              * (classify.c): a newer one of the same slot replaces it */
#define LIMIT_CACHED 480     /* the longest template kept there, bytes */

/* e-mails (mail.c) */
#define LIMIT_RECIPIENTS 128 /* recipients reported by one e-mail; more are counted */
#define LIMIT_DIAGNOSTIC 4096 /* a recipient's diagnostic, bytes */
#define LIMIT_MIMEDEPTH 8    /* multiparts open at once; what is deeper is not read */
#define LIMIT_FIELD 8192     /* a header field unfolded, bytes */
#define LIMIT_MAILTEXT 65536 /* the first text part kept for its prose, bytes */

#endif
