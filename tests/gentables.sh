#!/bin/sh
# gentables.sh: the table generator: a malformed row stops the build with FILE:LINE:
# what is wrong, and nothing is written. $GENTABLES (or $SMTPCODE) is the generator the
# Makefile built; each case writes a manifest into $tmp naming files by absolute path.
gentables=${GENTABLES:-${SMTPCODE:-build/gentables}}
. tests/lib.sh
case $gentables in
/*) SMTPCODE=$gentables ;;
*) SMTPCODE=$PWD/$gentables ;;
esac
d=$PWD/tests/data/gentables
m=$tmp/m.csv
gen=$tmp/tables.c
reasons="reasons,reasons,$PWD/codes/reasons.csv,the reasons"
h=key,kind,class,standard,reason,text,summary,explanation,remediation,admin,source,wording

# manifest FILE...: writes $m: the real reasons, and FILE... as the vendor table test
manifest() {
	{
		echo "table,role,file,title"
		echo "$reasons"
		for f in "$@"; do
			echo "test,vendor,\"$f\",test rows"
		done
	} >"$m"
}

# rows FILE PREFIX N: writes an entry table of N rows, keys PREFIX1 to PREFIXN
rows() {
	awk -v h="$h" -v p="$2" -v n="$3" 'BEGIN { print h
		for (i = 1; i <= n; i++) printf "%s%d,code,none,false,,,s,e,r,,x,\n", p, i }' >"$1"
}

# check TITLE COMMAND...: passes when COMMAND succeeds
check() {
	title=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $title"
	else
		not_ok "failed: $*"
	fi
}

# nothing TITLE: checks that $gen and its temporary file are not there
nothing() {
	check "$1" test ! -e "$gen" -a ! -e "$gen.tmp"
}

manifest "$d/good.csv"
t "a good table is written" 0 --noerr -- -o "$gen" "$m"
check "the generated file exists" test -s "$gen"
cp "$gen" "$tmp/good.c"

manifest "$d/bad-class.csv"
t "a failed run keeps an older output" 1 -- -o "$gen" "$m"
check "the older output is untouched" cmp -s "$gen" "$tmp/good.c"
check "and no temporary file is left" test ! -e "$gen.tmp"
rm -f "$gen"
t "a bad class names file and line" 1 --err "$d/bad-class.csv:3: class: 'dead'" -- -o "$gen" "$m"
nothing "a failed run leaves no output and no temporary file"

manifest "$d/bad-reason.csv"
t "an unknown reason" 1 --err "$d/bad-reason.csv:2: reason: no reason 'nosuchreason'" -- \
	-o "$gen" "$m"
manifest "$d/bad-header.csv"
t "a header that matches no schema" 1 \
	--err "$d/bad-header.csv:1: the header matches no table schema; expected one of:" -- \
	-o "$gen" "$m"
t "the message lists each schema's header" 1 \
	--err "	$h" -- \
	-o "$gen" "$m"
manifest "$d/bad-quote.csv"
t "an unclosed quote" 1 --err "$d/bad-quote.csv:2: malformed CSV" -- -o "$gen" "$m"
manifest "$d/no-source.csv"
t "a missing source" 1 --err "$d/no-source.csv:2: source: must not be empty" -- -o "$gen" "$m"
printf 'table,role,file,title\n%s\nphrases,phrases,%s,the phrases\n' "$reasons" "$d/e-mail.csv" >"$m"
t "a phrase that writes e-mail, which the text folds to email" 1 \
	--err "$d/e-mail.csv:2: pattern: 'e-mail': write 'email'" -- -o "$gen" "$m"
printf 'table,role,file,title\n%s\nphrases,phrases,%s,the phrases\n' "$reasons" "$d/caret.csv" >"$m"
t "a phrase with '^' inside, where it ties nothing to the text's start" 1 \
	--err "$d/caret.csv:2: pattern: '^' only first" -- -o "$gen" "$m"
manifest "$d/period.csv"
t "a summary ending in a period" 1 --err "$d/period.csv:2: summary: no final period" -- \
	-o "$gen" "$m"
manifest "$d/twice.csv"
t "a key twice" 1 --err "$d/twice.csv:3: key '550' again (also $d/twice.csv:2)" -- \
	-o "$gen" "$m"
manifest "$d/bad-class.csv" "$d/period.csv"
t "all errors are reported, then counted" 1 \
	--err "gentables: 2 errors in the tables; $gen not written" -- -o "$gen" "$m"
nothing "nothing is written"

manifest "$d/standard-yes.csv"
t "standard is true or false" 1 \
	--err "$d/standard-yes.csv:2: standard: 'yes' is not true or false" -- -o "$gen" "$m"
manifest "$d/delivered.csv"
t "a refusal whose reason is delivered" 1 \
	--err "$d/delivered.csv:2: a refusal (class permanent) whose reason is delivered" -- \
	-o "$gen" "$m"
manifest "$d/success-hard.csv"
t "a success whose reason is a hard bounce" 1 \
	--err "$d/success-hard.csv:2: a success whose reason 'userunknown' is a hard bounce" -- \
	-o "$gen" "$m"
manifest "$d/transient-never.csv"
t "a transient reply whose reason says never retry" 1 \
	--err "$d/transient-never.csv:2: transient, but reason 'authfailure' says never retry" -- \
	-o "$gen" "$m"

printf '\357\273\277' >"$tmp/bom.csv"
cat "$d/good.csv" >>"$tmp/bom.csv"
manifest "$tmp/bom.csv"
t "a byte-order mark" 1 \
	--err "$tmp/bom.csv:1: starts with a byte-order mark; save it as UTF-8 without one" -- \
	-o "$gen" "$m"
: >"$tmp/empty.csv"
manifest "$tmp/empty.csv"
t "an empty file" 1 --err "$tmp/empty.csv: empty file" -- -o "$gen" "$m"
long=$(awk 'BEGIN { while (n++ < 401) printf "a" }')
printf '%s\n550,reply,permanent,true,,%s,s,e,r,,x,\n' "$h" "$long" >"$tmp/long.csv"
manifest "$tmp/long.csv"
t "a reply text longer than LIMIT_PATTERN" 1 --err "$tmp/long.csv:2: text: 401 bytes, at most 400" \
	-- -o "$gen" "$m"
key=$(awk 'BEGIN { while (n++ < 41) printf "k" }')
printf '%s\n%s,code,none,false,,,s,e,r,,x,\n' "$h" "$key" >"$tmp/key.csv"
manifest "$tmp/key.csv"
t "a key longer than LIMIT_KEY" 1 --err "$tmp/key.csv:2: key: 41 bytes, at most 40" -- \
	-o "$gen" "$m"
rows "$tmp/lines.csv" c 65535
manifest "$tmp/lines.csv"
t "a file longer than LIMIT_ROWS lines" 1 \
	--err "$tmp/lines.csv:65536: more than 65535 lines in one file" -- -o "$gen" "$m"
rows "$tmp/rows1.csv" a 33000
rows "$tmp/rows2.csv" b 33000
manifest "$tmp/rows1.csv" "$tmp/rows2.csv"
t "more than LIMIT_ROWS rows in all" 1 --err "more than 65535 rows in all tables" \
	-- -o "$gen" "$m"

# the manifest
manifest "$d/good.csv" "$d/nosuch.csv"
t "a manifest naming a missing file" 1 \
	--err "$m:4: file: $d/nosuch.csv: No such file or directory" -- -o "$gen" "$m"
manifest "$d/good.csv" "$d/good.csv"
t "a file named twice" 1 --err "$m:4: file: '$d/good.csv' again (also line 3)" -- -o "$gen" "$m"
manifest "$d/good.csv"
echo "more,reasons,$d/twice.csv,more reasons" >>"$m"
t "two tables of role reasons" 1 \
	--err "$m:4: a second table of role reasons ('reasons' is one, at line 2)" -- -o "$gen" "$m"
printf 'table,role,file,title\ntest,vendor,%s,test rows\n' "$d/good.csv" >"$m"
t "no table of role reasons" 1 --err "$m: no table of role reasons" -- -o "$gen" "$m"
manifest "$d/good.csv"
echo "test,generic,$d/twice.csv,test rows" >>"$m"
t "one table, two roles" 1 --err "$m:4: table 'test' has the role vendor at line 3" -- \
	-o "$gen" "$m"
printf 'table,role,file,title\n%s\nabcdefghijklmnop,vendor,%s,x\n' "$reasons" "$d/good.csv" >"$m"
t "a table name longer than LIMIT_TABLENAME" 1 \
	--err "$m:3: table: 'abcdefghijklmnop' is longer than 15 bytes" -- -o "$gen" "$m"
awk -v r="$reasons" -v d="$d" 'BEGIN { print "table,role,file,title"; print r
	for (i = 0; i < 32; i++) {
		p = p "./"
		printf "t%c%c,vendor,%s/%sgood.csv,x\n", 97 + i % 26, 97 + int(i / 26), d, p
	} }' >"$m"
t "more than LIMIT_TABLES tables" 1 --err "$m:34: more than 32 tables" -- -o "$gen" "$m"
awk -v r="$reasons" -v d="$d" 'BEGIN { print "table,role,file,title"; print r
	for (i = 0; i < 64; i++) {
		p = p "./"
		printf "test,vendor,%s/%sgood.csv,x\n", d, p
	} }' >"$m"
t "more than LIMIT_FILES files" 1 --err "$m:66: more than 64 files" -- -o "$gen" "$m"
printf 'table,role,file,title\nreasons,reasons,%s,the reasons\n' "$d/good.csv" >"$m"
t "an entry table given the role reasons" 1 \
	--err "$d/good.csv:1: the header is that of an entry table, but $m:2 gives table" \
	-- -o "$gen" "$m"
manifest "$d/reasons-vendor.csv"
t "a reasons table given the role vendor" 1 \
	--err "$d/reasons-vendor.csv:1: the header is that of a reasons table, but $m:3 gives" \
	-- -o "$gen" "$m"

# the command line
manifest "$d/good.csv"
t "no -o" 1 --err "gentables: no -o OUT.c" -- "$m"
t "no manifest" 1 --err "gentables: no manifest" -- -o "$gen"
t "two manifests" 1 --err "gentables: '$m': one manifest only" -- -o "$gen" "$m" "$m"
mkdir "$tmp/cwd"
cd "$tmp/cwd" || exit 1
t "an empty output path" 1 --err "gentables: -o: empty output path" -- -o "" "$m"
cd "$OLDPWD" || exit 1
check "an empty output path writes nothing" test -z "$(ls -A "$tmp/cwd")"
check "nor a temporary file in \$tmp" test -z "$(ls -A "$tmp" | grep '\.tmp$')"
t "an output directory that does not exist" 1 \
	--err "gentables: $tmp/nodir/t.c.tmp: No such file or directory" -- -o "$tmp/nodir/t.c" "$m"
check "leaves no temporary file" test ! -e "$tmp/nodir"
mkdir "$tmp/dir"
t "an output path that is a directory: the rename fails" 1 \
	--err "gentables: rename $tmp/dir.tmp to $tmp/dir:" -- -o "$tmp/dir" "$m"
check "and the temporary file is removed" test ! -e "$tmp/dir.tmp"

t "the real tables pass" 0 --noerr -- -o "$tmp/t.c" codes/tables.csv
check "and are written" test -s "$tmp/t.c"
done_testing
