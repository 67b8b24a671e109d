#!/bin/sh
# docs.sh: the documents keep up with the binary. The man page has an entry for every
# option of --help, its exit statuses are those of --help, it describes every table;
# each completion script knows every option and table; bash completion completes
# option values after '=' as well as in the next word; the README's example is what
# the binary prints. A self-test shows that the man page check fails when an entry is
# missing.
# usage: [SMTPCODE=./smtpcode] sh tests/docs.sh [SMTPCODE], from the repository root
[ -n "${1:-}" ] && SMTPCODE=$1
. tests/lib.sh
man=man/smtpcode.1
completions="completions/smtpcode.bash completions/_smtpcode completions/smtpcode.fish"
fixed_tables="generic finalsite smaily mailenable reasons phrases providers google microsoft yahoo"

ok() { echo "ok $n - $title"; }

# heads SECTION MAN: the item heads of section SECTION of MAN, one a line: every .It
# line between ".Sh SECTION" and the next .Sh, with an ".It Xo" joined to the lines up
# to its .Xc. Prose lines are not heads, so a word in prose never counts.
heads() {
	awk -v want="$1" '
	/^\.Sh[ \t]/ {
		s = $0
		sub(/^\.Sh[ \t]+/, "", s)
		sub(/[ \t]+$/, "", s)
		gsub(/"/, "", s)
		in_section = (s == want)
		xo = 0
		next
	}
	!in_section { next }
	xo { head = head " " $0; if ($0 ~ /^\.Xc/) { print head; xo = 0 } next }
	/^\.It([ \t]|$)/ {
		if ($0 ~ /[ \t]Xo([ \t]|$)/) { xo = 1; head = $0; next }
		print
	}' "$2"
}

# long_options HELP, short_options HELP: the options that the --help text HELP shows:
# every --name, and the X of each line starting "  -X,"
long_options() { grep -oE -- '--[a-z][a-z-]*' "$1" | sort -u; }
short_options() { sed -n 's/^[[:space:]]*-\([A-Za-z0-9]\),.*/\1/p' "$1" | sort -u; }

# undocumented_long MAN HELP, undocumented_short MAN HELP: each long (short) option of
# HELP that no .It line of MAN's OPTIONS section names as "Fl -name" ("Fl X"), one a line
undocumented_long() {
	heads OPTIONS "$1" >"$tmp/heads"
	for o in $(long_options "$2"); do
		grep -Eq "(^|[[:space:]])Fl[[:space:]]+\\\\?-${o#--}([^A-Za-z0-9-]|\$)" "$tmp/heads" ||
			echo "$o"
	done
}
undocumented_short() {
	heads OPTIONS "$1" >"$tmp/heads"
	for x in $(short_options "$2"); do
		grep -Eq "(^|[[:space:]])Fl[[:space:]]+$x([^A-Za-z0-9-]|\$)" "$tmp/heads" || echo "-$x"
	done
}

# unitem MAN OUT NAME...: OUT is MAN with the .It line of OPTIONS that names --NAME
# turned into a prose line (".It Fl t , Fl -table" becomes ".Fl t , Fl -table")
unitem() {
	src=$1 dst=$2
	shift 2
	awk -v names=" $* " '
	/^\.Sh[ \t]/ { in_opts = ($0 ~ /^\.Sh[ \t]+OPTIONS[ \t]*$/) }
	in_opts && /^\.It[ \t]/ {
		for (i = 2; i < NF; i++)
			if ($i == "Fl" && index(names, " " substr($(i + 1), 2) " ") && $(i + 1) ~ /^-/) {
				sub(/^\.It[ \t]+/, ".")
				break
			}
	}
	{ print }' "$src" >"$dst"
}

# statuses: the exit statuses named by the item heads on stdin (".It 64", ".It Er 64")
statuses() {
	awk '$2 ~ /^[0-9]+$/ { print $2; next } $2 ~ /^[A-Z][a-z]$/ && $3 ~ /^[0-9]+$/ { print $3 }' |
		sort -nu
}

# help_statuses HELP: the numbers of HELP from a line that starts with "Exit status" to
# the next blank line
# (a manual reference such as "smtpcode(1)" is not one)
help_statuses() {
	awk 'tolower($0) ~ /^[ \t]*exit status/ { p = 1 } p && /^[[:space:]]*$/ { exit } p' "$1" |
		sed 's/[A-Za-z_][A-Za-z0-9_.-]*([0-9][A-Za-z]*)//g' | tr -c 'A-Za-z0-9.' '\n' |
		sed -n 's/^\([0-9][0-9]*\)\.\{0,1\}$/\1/p' | sort -nu
}

# missing WANTED HAVE: the lines of file WANTED that are not lines of file HAVE, joined
missing() {
	m=""
	while IFS= read -r w; do
		grep -qxF -- "$w" "$2" || m="$m $w"
	done <"$1"
	printf '%s' "${m# }"
}

# what the binary says: --help, and the tables of --list --format=csv
help=$tmp/help
helpok=""
# shellcheck disable=SC2086 # as in lib.sh: SMTPCODE and SMTPCODE_WRAP may be commands with arguments
$SMTPCODE_WRAP $SMTPCODE --help >"$help" 2>"$tmp/help.err"
st=$?
if [ "$st" -ne 0 ]; then
	nohelp="'$SMTPCODE --help' failed with exit status $st: $(head -c 300 "$tmp/help.err")"
elif [ -z "$(long_options "$help")" ]; then
	nohelp="'$SMTPCODE --help' shows no long option: $(head -c 300 "$help")"
else
	helpok=1
fi
# shellcheck disable=SC2086
$SMTPCODE_WRAP $SMTPCODE --list --format=csv >"$tmp/list" 2>"$tmp/list.err"
st=$?
tables=$(awk -F, 'NR == 1 { if ($1 != "table") exit 1; next }
	{ gsub(/"/, "", $1); if ($1 !~ /^[a-z][a-z0-9_-]*$/) exit 1; print $1 }' "$tmp/list")
if [ "$st" -ne 0 ] || [ -z "$tables" ]; then
	echo "# '$SMTPCODE --list --format=csv' gave no tables (exit status $st:" \
		"$(head -c 200 "$tmp/list.err")); using the fixed list: $fixed_tables"
	tables=$fixed_tables
fi

# a. the man page has an .It entry in OPTIONS for every option of --help
n=$((n + 1))
title="$man: OPTIONS has an .It entry (Fl -name) for every long option of --help"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
elif [ -z "$(heads OPTIONS "$man")" ]; then
	not_ok "$man has no .It line in a section '.Sh OPTIONS'"
else
	miss=$(undocumented_long "$man" "$help" | tr '\n' ' ')
	if [ -n "$miss" ]; then
		not_ok "no '.It ... Fl -name ...' in OPTIONS for: ${miss% }"
	else
		ok
	fi
fi
n=$((n + 1))
title="$man: OPTIONS has an .It entry (Fl X) for every short option of --help"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
elif [ -z "$(short_options "$help")" ]; then
	not_ok "--help shows no short option (lines '  -X, --name')"
else
	miss=$(undocumented_short "$man" "$help" | tr '\n' ' ')
	if [ -n "$miss" ]; then
		not_ok "no '.It Fl X ...' in OPTIONS for: ${miss% }"
	else
		ok
	fi
fi

# e. the check above can fail: a copy of the man page without an entry must be caught
n=$((n + 1))
title="self-test: deleting the '.It Fl t , Fl -table' entry is reported"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
else
	grep -v '^\.It[[:space:]]\{1,\}Fl t , Fl -table' "$man" >"$tmp/man.deleted"
	if cmp -s "$man" "$tmp/man.deleted"; then
		not_ok "$man has no line '.It Fl t , Fl -table ...' to delete"
	else
		long=$(undocumented_long "$tmp/man.deleted" "$help" | tr '\n' ' ')
		short=$(undocumented_short "$tmp/man.deleted" "$help" | tr '\n' ' ')
		case " $long $short " in
		*" --table "*" -t "*) ok ;;
		*) not_ok "without the entry, the check reported only: ${long}${short:-(nothing)}" ;;
		esac
	fi
fi
n=$((n + 1))
title="self-test: --format, --table and --list named only in prose are reported"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
else
	unitem "$man" "$tmp/man.prose" format table list
	if [ "$(diff "$man" "$tmp/man.prose" | grep -c '^>')" -ne 3 ]; then
		not_ok "found $(diff "$man" "$tmp/man.prose" | grep -c '^>') of the 3 .It entries of --format, --table, --list in OPTIONS to turn into prose"
	else
		got=" $(undocumented_long "$tmp/man.prose" "$help" | tr '\n' ' ')"
		got="$got$(undocumented_short "$tmp/man.prose" "$help" | tr '\n' ' ')"
		miss=""
		for o in --format --table --list -f -t -l; do
			case "$got" in *" $o "*) ;; *) miss="$miss $o" ;; esac
		done
		if [ -n "$miss" ]; then
			not_ok "with the entries as prose, the check did not report:$miss"
		else
			ok
		fi
	fi
fi

# f. the man page describes every table: ".It Cm NAME" in TABLES
n=$((n + 1))
title="$man: TABLES has an '.It Cm name' entry for every table"
heads TABLES "$man" >"$tmp/heads"
miss=""
for t in $tables; do
	grep -Eq "^\\.It[[:space:]]+Cm[[:space:]]+$t([[:space:]]|\$)" "$tmp/heads" || miss="$miss $t"
done
if [ -n "$miss" ]; then not_ok "no '.It Cm name' in TABLES for:$miss"; else ok; fi

# b. each completion script knows every option of --help and every table
for f in $completions; do
	n=$((n + 1))
	title="$f names every option and table"
	if [ -z "$helpok" ]; then
		not_ok "$nohelp"
		continue
	fi
	miss=""
	for o in $(long_options "$help"); do
		case $f in
		*.fish) re="(^|[[:space:]])(-l|--long|--long-option)[[:space:]]+['\"]?${o#--}['\"]?([[:space:]]|\$)" ;;
		*) re="(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" ;;
		esac
		grep -Eq -- "$re" "$f" || miss="$miss $o"
	done
	for x in $(short_options "$help"); do
		case $f in
		*.fish) re="(^|[[:space:]])(-s|--short|--short-option)[[:space:]]+['\"]?${x}['\"]?([[:space:]]|\$)" ;;
		*) re="(^|[^A-Za-z0-9-])-$x([^A-Za-z0-9-]|\$)" ;;
		esac
		grep -Eq -- "$re" "$f" || miss="$miss -$x"
	done
	for t in $tables; do
		grep -Eq "(^|[^A-Za-z0-9_-])$t([^A-Za-z0-9_-]|\$)" "$f" || miss="$miss $t"
	done
	if [ -n "$miss" ]; then not_ok "$f lacks:$miss"; else ok; fi
done

# c. the exit statuses of the man page are those of --help
heads "EXIT STATUS" "$man" | statuses >"$tmp/man.st"
help_statuses "$help" >"$tmp/help.st"
n=$((n + 1))
title="every exit status of $man (EXIT STATUS, .It N) is in --help"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
elif [ ! -s "$tmp/man.st" ]; then
	not_ok "$man has no '.It N' line in a section '.Sh EXIT STATUS'"
elif [ ! -s "$tmp/help.st" ]; then
	not_ok "--help has no 'Exit status' paragraph with numbers"
else
	miss=$(missing "$tmp/man.st" "$tmp/help.st")
	if [ -n "$miss" ]; then
		not_ok "--help does not mention: $miss" "--help mentions: $(tr '\n' ' ' <"$tmp/help.st")"
	else
		ok
	fi
fi
n=$((n + 1))
title="every exit status in --help has an '.It N' entry in EXIT STATUS of $man"
if [ -z "$helpok" ]; then
	not_ok "$nohelp"
elif [ ! -s "$tmp/help.st" ]; then
	not_ok "--help has no 'Exit status' paragraph with numbers"
else
	miss=$(missing "$tmp/help.st" "$tmp/man.st")
	if [ -n "$miss" ]; then
		not_ok "EXIT STATUS has no '.It N' for: $miss" \
			"it has: $(tr '\n' ' ' <"$tmp/man.st")"
	else
		ok
	fi
fi

# d. bash completion, run as bash runs it: COMP_WORDS split at '=' when COMP_WORDBREAKS
# holds it (the default), the function that `complete -p smtpcode` names called with
# the command, the word being completed and the word before it
# shellcheck disable=SC2016
complete_sh='
script=$1 mode=$2 COMP_LINE=$3 COMP_CWORD=$4
shift 4
. "$script" || { echo "cannot source $script" >&2; exit 2; }
spec=$(complete -p smtpcode 2>/dev/null) || {
	echo "$script registers no completion for smtpcode" >&2; exit 2; }
case $spec in *" -F "*) ;; *) echo "not a function completion: $spec" >&2; exit 2 ;; esac
fn=${spec#* -F }
fn=${fn%% *}
[ "$mode" = nobreak ] && COMP_WORDBREAKS=${COMP_WORDBREAKS//=/}
COMP_WORDS=("$@")
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
text=${COMP_WORDS[COMP_CWORD]}
[ "$text" = "=" ] && text=""
"$fn" "${COMP_WORDS[0]}" "$text" "${COMP_WORDS[COMP_CWORD-1]}"
printf "%s\n" "${COMPREPLY[@]}"
'
havebash=""
command -v bash >/dev/null 2>&1 && havebash=1

# comp TITLE WANT MODE LINE CWORD WORD...: completing LINE, whose words are WORD...,
# at word CWORD gives WANT among others; MODE is break, or nobreak when COMP_WORDBREAKS
# lacks '='
comp() {
	n=$((n + 1))
	title="bash completion: $1"
	want=$2
	shift 2
	if [ -z "$havebash" ]; then
		echo "ok $n # SKIP no bash"
		return
	fi
	bash --norc --noprofile -c "$complete_sh" bash completions/smtpcode.bash "$@" \
		>"$tmp/reply" 2>"$tmp/reply.err"
	st=$?
	if [ "$st" -ne 0 ]; then
		not_ok "exit status $st: $(head -c 300 "$tmp/reply.err")"
	elif ! grep -qxF -- "$want" "$tmp/reply"; then
		not_ok "COMPREPLY lacks $want; it is: $(tr '\n' ' ' <"$tmp/reply")"
	else
		ok
	fi
}
comp "--format=j gives json" json break "smtpcode --format=j" 3 smtpcode --format = j
comp "--format= gives csv" csv break "smtpcode --format=" 2 smtpcode --format =
comp "--list=sm gives smaily" smaily break "smtpcode --list=sm" 3 smtpcode --list = sm
comp "--table=ma gives mailenable" mailenable break "smtpcode --table=ma" 3 \
	smtpcode --table = ma
comp "--color=al gives always" always break "smtpcode --color=al" 3 smtpcode --color = al
comp "--colour=ne gives never" never break "smtpcode --colour=ne" 3 smtpcode --colour = ne
comp "--table ma gives mailenable" mailenable break "smtpcode --table ma" 2 \
	smtpcode --table ma
comp "-f j gives json" json break "smtpcode -q -f j" 3 smtpcode -q -f j
comp "--verb gives --verbose" --verbose break "smtpcode --verb" 1 smtpcode --verb
comp "--list --f gives an option" --format= break "smtpcode --list --f" 2 \
	smtpcode --list --f
comp "without '=' in COMP_WORDBREAKS, --format=j gives --format=json" --format=json \
	nobreak "smtpcode --format=j" 1 smtpcode --format=j
comp "without '=' in COMP_WORDBREAKS, --list=sm gives --list=smaily" --list=smaily \
	nobreak "smtpcode --list=sm" 1 smtpcode --list=sm
# the README's example is what the binary prints
n=$((n + 1))
title="README: the example of 'smtpcode 550 5.1.1 User unknown' is the binary's output"
awk '/^\$ smtpcode 550 5.1.1 User unknown$/ { on = 1; next } /^\$ / { on = 0 } on' README.md >"$tmp/readme"
$SMTPCODE --color=never 550 5.1.1 User unknown >"$tmp/example" 2>&1
if [ -s "$tmp/readme" ] && cmp -s "$tmp/readme" "$tmp/example"; then ok
else not_ok "the README shows otherwise:" "$(diff "$tmp/readme" "$tmp/example" | head -10)"; fi
done_testing
