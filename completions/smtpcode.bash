# bash completion for smtpcode(1)
#
# Needs only bash (no bash-completion helpers). Completes option values given
# as the next word (--format json) or after '=' (--format=json), whether or not
# COMP_WORDBREAKS holds '=': with it (the default), "--format=j" is the three
# words "--format" "=" "j"; without it, one word "--format=j".
# The table names are kept here; tests/docs.sh checks them against
# `smtpcode --list`.

# _smtpcode_values OPTION: the values OPTION takes, or nothing (status 1)
_smtpcode_values()
{
	case $1 in
	-f|--format) echo "text json csv" ;;
	-t|--table|-l|--list) echo "generic finalsite smaily mailenable reasons phrases providers google microsoft yahoo apple att cox charter godaddy zoho gmx webde mailru yandex orange laposte qq proofpoint mimecast barracuda cisco messagelabs trendmicro" ;;
	--color|--colour) echo "auto always never" ;;
	--log-format) echo "auto none postfix sendmail exim qmail courier opensmtpd kerio domino assp oracle-ims exchange mailenable hmailserver haraka fortimail" ;;
	*) return 1 ;;
	esac
}

# _smtpcode_reply PREFIX WORDS CUR: COMPREPLY is PREFIX and each of WORDS that
# starts with CUR
_smtpcode_reply()
{
	local w
	COMPREPLY=()
	for w in $2; do
		[[ $w == "$3"* ]] && COMPREPLY+=("$1$w")
	done
	return 0
}

_smtpcode()
{
	local cur prev opt values i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}

	# after "--" every word is an input
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -- ]] && return 0
	done

	# '=' is a word break: "--format=" is (--format =), "--format=j" is (--format = j);
	# the reply replaces only the part after '='
	if [[ $cur == = && $prev == --* ]]; then
		values=$(_smtpcode_values "$prev") && _smtpcode_reply "" "$values" ""
		return 0
	fi
	if [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD-2]}
		[[ $opt == --* ]] && values=$(_smtpcode_values "$opt") &&
			_smtpcode_reply "" "$values" "$cur"
		return 0
	fi
	# '=' is not a word break: "--format=j" is one word, and the reply replaces it
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		values=$(_smtpcode_values "$opt") && _smtpcode_reply "$opt=" "$values" "${cur#*=}"
		return 0
	fi
	# the value as the next word: --format json, -t smaily, --list reasons
	if [[ $prev == -* ]] && values=$(_smtpcode_values "$prev"); then
		# the table of --list is optional: in "--list --f", "--f" is an option
		if [[ $cur != -* || ( $prev != -l && $prev != --list ) ]]; then
			_smtpcode_reply "" "$values" "$cur"
			return 0
		fi
	fi
	case $cur in
	-*)
		_smtpcode_reply "" "-f --format= -t --table= -l --list -q --quiet
			-v --verbose -a --all -m --mail --summary --line-buffered --log-format= --color= --colour= -h --help -V --version" "$cur"
		# "--format=" waits for its value
		if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
		;;
	*)
		# with --mail the inputs are files, mbox files and Maildirs
		for ((i = 1; i < COMP_CWORD; i++)); do
			if [[ ${COMP_WORDS[i]} == -m || ${COMP_WORDS[i]} == --mail ]]; then
				COMPREPLY=($(compgen -f -- "$cur"))
				break
			fi
		done
		;;
	esac
	return 0
}
complete -F _smtpcode smtpcode
