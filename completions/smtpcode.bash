# bash completion for smtpcode(1)
_smtpcode()
{
	local cur prev tables="generic finalsite smaily mailenable reasons"
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-f|--format)
		COMPREPLY=($(compgen -W "text json csv" -- "$cur")); return ;;
	-t|--table|-l|--list)
		COMPREPLY=($(compgen -W "$tables" -- "$cur")); return ;;
	esac
	case $cur in
	--format=*)
		COMPREPLY=($(compgen -W "text json csv" -- "${cur#*=}")); return ;;
	--table=*|--list=*)
		COMPREPLY=($(compgen -W "$tables" -- "${cur#*=}")); return ;;
	--color=*|--colour=*)
		COMPREPLY=($(compgen -W "auto always never" -- "${cur#*=}")); return ;;
	-*)
		COMPREPLY=($(compgen -W "-f --format= -t --table= -l --list -q --quiet
			--color= --colour= -h --help -V --version" -- "$cur"))
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
		return ;;
	esac
}
complete -F _smtpcode smtpcode
