#!/usr/bin/env bash
# The bash completion of tracuu (contrib/bash-completion/tracuu, or $1): `complete -p`
# after sourcing it, then scripted completions (COMP_LINE, COMP_POINT, COMP_WORDS split at
# ':' and '=' as bash splits them, COMP_CWORD) checked against COMPREPLY.
set -u
script=${1:-${TRACUU_SOURCE_ROOT:-.}/contrib/bash-completion/tracuu}
# shellcheck source=/dev/null
source "$script" || { echo "cannot source $script"; exit 1; }
out=$(complete -p tracuu) || { echo "no completion for tracuu after sourcing $script"; exit 1; }
[[ $out == "complete -F _tracuu tracuu" ]] || { echo "unexpected: $out"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/idx-a" "$tmp/idx-b" "$tmp/docs"
cd "$tmp" || exit 1

fails=0
# complete LINE EXPECTED...: the answers must be exactly EXPECTED (sorted, space-joined)
complete_is() {
    local line=$1
    shift
    COMP_LINE=$line
    COMP_POINT=${#line}
    # bash's own split: words at blanks, and ':' '=' as words of their own
    local split
    split=$(printf '%s' "$line" | sed -e 's/\([:=]\)/ \1 /g')
    read -r -a COMP_WORDS <<<"$split"
    [[ $line == *' ' || $line == *: || $line == *= ]] && COMP_WORDS+=('')
    [[ $line == *: ]] && COMP_WORDS=("${COMP_WORDS[@]:0:${#COMP_WORDS[@]}-1}")
    [[ $line == *= ]] && COMP_WORDS=("${COMP_WORDS[@]:0:${#COMP_WORDS[@]}-1}")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _tracuu tracuu "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]:-}"
    local got want
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    if [[ $got != "$want" ]]; then
        echo "FAIL: '$line' gave [$got], want [$want]"
        fails=$((fails + 1))
    else
        echo "ok: '$line' -> [$got]"
    fi
}

complete_is 'tracuu se' search serve
complete_is 'tracuu c' changes cites cocited citations config
complete_is 'tracuu --j' --json
complete_is 'tracuu --color a' auto always
complete_is 'tracuu --index idx-' idx-a idx-b
complete_is 'tracuu --index=idx-' idx-a idx-b
complete_is 'tracuu --index idx-a sea' search
complete_is 'tracuu search --fa' --facets
complete_is 'tracuu search --kind so' so-ket
complete_is 'tracuu search --section=l' limitation
complete_is 'tracuu search dan kind:so' so-ket
complete_is 'tracuu search dan -section:' :achievement :limitation :direction :other
complete_is 'tracuu search ye' year:
complete_is 'tracuu search dan com' commune:
complete_is 'tracuu shard --level d' district
complete_is 'tracuu index --enc' --encoding
complete_is 'tracuu index --encoding TC' TCVN3
complete_is 'tracuu index do' docs
complete_is 'tracuu debug t' tokens
complete_is 'tracuu help rec' recurring
complete_is 'tracuu serve --l' --listen
complete_is 'tracuu status --e' --errors
complete_is 'tracuu --json cites --st' --stats
echo
[[ $fails -eq 0 ]] && echo "completion: all answers right" || echo "completion: $fails wrong"
exit $((fails > 0))
