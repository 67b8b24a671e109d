# bench/lib.sh: what the throughput scripts share; sourced after they set lines and bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
file=$tmp/replies.txt

# run LABEL COMMAND...: times COMMAND reading $file, prints lines and bytes a second ($size
# is the file's size, set by the script once the file is made), and leaves the seconds
# in $t. Output goes to /dev/null, but grep's to a file: GNU grep stops at the first
# match when its output is /dev/null.
run() {
	label=$1
	shift
	out=/dev/null
	[ "$1" = grep ] && out=$tmp/out
	start=$(date +%s.%N)
	"$@" <"$file" >"$out" 2>&1
	end=$(date +%s.%N)
	t=$(awk -v s="$start" -v e="$end" 'BEGIN { t = e - s; if (t <= 0) t = 0.000001; print t }')
	awk -v l="$label" -v t="$t" -v n="$lines" -v b="$size" 'BEGIN {
		printf "%-28s %8.3f s  %12.0f lines/s  %8.1f MB/s\n", l, t, n / t, b / t / 1e6 }'
}
