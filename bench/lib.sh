# bench/lib.sh: what the throughput scripts share; sourced after they set lines and bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
file=$tmp/replies.txt

# run LABEL COMMAND...: times COMMAND reading $file, and prints lines and bytes a second
# ($size is the file's size, set by the script once the file is made)
run() {
	label=$1
	shift
	start=$(date +%s.%N)
	# (not to /dev/null: GNU grep stops at the first match when its output is there)
	"$@" <"$file" >"$tmp/out" 2>&1
	end=$(date +%s.%N)
	awk -v l="$label" -v s="$start" -v e="$end" -v n="$lines" -v b="$size" 'BEGIN {
		t = e - s; if (t <= 0) t = 0.000001
		printf "%-28s %8.3f s  %12.0f lines/s  %8.1f MB/s\n", l, t, n / t, b / t / 1e6 }'
}
