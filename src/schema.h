/* schema.h: the columns of each kind of file in codes/, in the order of their header
 * rows. The generator recognizes a file's kind by its header and checks its rows
 * against these lists; --list writes a table back in the same columns, so that a
 * listing can be fed to the generator again. Each list is
 * X(SYMBOL, "column", REQUIRED): REQUIRED is 1 when the cell may not be empty. */
#ifndef SMTPCODE_SCHEMA_H
#define SMTPCODE_SCHEMA_H

/* codes/tables.csv: which file holds which table, and the table's role */
#define MANIFEST_COLUMNS(X) \
	X(M_TABLE, "table", 1) \
	X(M_ROLE, "role", 1) \
	X(M_FILE, "file", 1) \
	X(M_TITLE, "title", 1)

/* entry tables: the generic tables and the vendors' */
#define ENTRY_COLUMNS(X) \
	X(E_KEY, "key", 1) \
	X(E_KIND, "kind", 1) \
	X(E_CLASS, "class", 1) \
	X(E_STANDARD, "standard", 1) \
	X(E_REASON, "reason", 0) \
	X(E_TEXT, "text", 0) \
	X(E_SUMMARY, "summary", 1) \
	X(E_EXPLANATION, "explanation", 1) \
	X(E_REMEDIATION, "remediation", 1) \
	X(E_ADMIN, "admin", 0) \
	X(E_SOURCE, "source", 1) \
	X(E_WORDING, "wording", 0)

/* the reason vocabulary */
#define REASON_COLUMNS(X) \
	X(R_NAME, "reason", 1) \
	X(R_REFINES, "refines", 0) \
	X(R_BOUNCE, "bounce", 1) \
	X(R_RETRY, "retry", 1) \
	X(R_ACTOR, "actor", 1) \
	X(R_SUMMARY, "summary", 1) \
	X(R_EXPLANATION, "explanation", 1) \
	X(R_REMEDIATION, "remediation", 1) \
	X(R_RETRY_ADVICE, "retry_advice", 1) \
	X(R_SOURCE, "source", 1) \
	X(R_PRECEDENCE, "precedence", 1) \
	X(R_EXIT, "exit", 1)

/* phrases: words of a reply text and the reason they tell */
#define PHRASE_COLUMNS(X) \
	X(P_PATTERN, "pattern", 1) \
	X(P_REASON, "reason", 1) \
	X(P_STAGE, "stage", 0) \
	X(P_PROVIDER, "provider", 0) \
	X(P_SOURCE, "source", 1)

/* providers: how to tell which provider answered */
#define PROVIDER_COLUMNS(X) \
	X(V_PROVIDER, "provider", 1) \
	X(V_KIND, "kind", 1) \
	X(V_PATTERN, "pattern", 1) \
	X(V_NAME, "name", 1) \
	X(V_SOURCE, "source", 1)

#define SCHEMA_ENUM(sym, name, req) sym,
#define SCHEMA_NAME(sym, name, req) [sym] = name,
#define SCHEMA_REQUIRED(sym, name, req) [sym] = req,

enum { MANIFEST_COLUMNS(SCHEMA_ENUM) M_COUNT };
enum { ENTRY_COLUMNS(SCHEMA_ENUM) E_COUNT };
enum { REASON_COLUMNS(SCHEMA_ENUM) R_COUNT };
enum { PHRASE_COLUMNS(SCHEMA_ENUM) P_COUNT };
enum { PROVIDER_COLUMNS(SCHEMA_ENUM) V_COUNT };

#endif
