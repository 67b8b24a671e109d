#!/bin/sh
# bounces.sh: a measurement, not a test: runs the bounce e-mails of a corpus with the
# recipients and reasons sisimai's tests expect (../shared/corpus/bounces/, when present)
# through smtpcode --mail in one run, and prints the share of expected recipients found
# (and the recipients reported that were not expected) and the agreement on reason
# and hard/soft, in all and per format (the file name's
# prefix: lhost-postfix, rfc3464, arf, ...). -v lists what differs.
# usage: sh tests/bounces.sh SMTPCODE DIR [-v]
bin=${1:-./smtpcode}
dir=${2:-../shared/corpus/bounces}
verbose=${3:-}
[ -f "$dir/expected.tsv" ] || { echo "bounces.sh: no $dir/expected.tsv" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-bounces.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# email, recipient, reason, refines, bounce, format of each result
(cd "$dir" && "$OLDPWD/$bin" --format=json --mail ./*.eml 2>/dev/null) |
	sed 's/,"matches":\[[^]]*\]//' |
	awk '
	function field(name,   r) {
		if (match($0, "\"" name "\":\"[^\"]*\"")) {
			r = substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 5)
			return r
		}
		return "-"
	}
	{
		e = field("email"); sub(/^\.\//, "", e)
		print e "\t" tolower(field("recipient")) "\t" field("reason") "\t" field("refines") \
			"\t" field("bounce") "\t" field("format")
	}' >"$tmp/got"
awk -F'\t' -v verbose="$verbose" '
FNR == NR { k = $1 "\t" $2; reason[k] = $3; refines[k] = $4; bounce[k] = $5; fmt[k] = $6; next }
FNR == 1 { next }
{
	f = $1; sub(/-[0-9]+\.eml$/, "", f)
	k = $1 "\t" tolower($2)
	want[k] = 1
	n++; nf[f]++
	if (!(k in reason)) {
		if (verbose) printf "missing: %s %s (want %s)\n", $1, $2, $3
		next
	}
	found++; ff[f]++
	# sisimai reasons onhold and undefined say it could not decide: smtpcode says so with a
	# null reason (as in replies.sh); counted apart too
	undecided = (reason[k] == "-" || reason[k] == "") && ($3 == "onhold" || $3 == "undefined")
	if (undecided) both++
	if (reason[k] == $3 || refines[k] == $3 || undecided) { agree++; fa[f]++ }
	else if (verbose) printf "reason: %s %s want %s got %s (%s)\n", $1, $2, $3, reason[k], fmt[k]
	hard = bounce[k] == "hard" ? 1 : 0
	if (hard == $4 + 0) { hs++; fh[f]++ }
}
END {
	printf "recipients expected: %d\n", n
	printf "found:               %d (%.1f%%)\n", found, 100 * found / n
	printf "reason agrees:       %d (%.1f%% of expected; %d of them undecided by both)\n", agree, 100 * agree / n, both
	printf "hard or not agrees:  %d (%.1f%% of expected)\n", hs, 100 * hs / n
	for (k in reason) if (!(k in want)) extra++
	printf "reported, not expected: %d\n", extra
	printf "per format (expected, found, reason, hard or not):\n"
	for (f in nf) printf "  %-26s %3d %3d %3d %3d\n", f, nf[f], ff[f], fa[f], fh[f] | "sort -k2,2nr -k1,1"
}' "$tmp/got" "$dir/expected.tsv"
