# bash completion for trygg(1).  Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/trygg; to try it from the sources:
#     source completion/trygg.bash
#
# Completes subcommands, the options of each (as its --help lists them; the test
# tests/e2e/test_completion.c keeps the two in step), option values (--lang sv|en,
# --format, --table, --csv-dialect, --encoding, --delimiter, directories for --out and
# --plots), analysis specs (*.ini) after `run`, and a codebook (*.ini) and then data
# files (*.csv, *.txt, *.sav, *.zsav, *.por, *.dta) after `import survey`.

# COMPREPLY := files under $cur whose extension is one of $@ (case-insensitive),
# and directories (to descend into).
_trygg_files()
{
    local f ext IFS=$'\n'
    COMPREPLY=()
    for f in $(compgen -f -- "$cur"); do
        if [[ -d $f ]]; then
            COMPREPLY+=("$f")
            continue
        fi
        for ext in "$@"; do
            if [[ ${f,,} == *."$ext" ]]; then
                COMPREPLY+=("$f")
                break
            fi
        done
    done
    compopt -o filenames 2>/dev/null || true
}

_trygg_dirs()
{
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$cur"))
    compopt -o filenames 2>/dev/null || true
}

_trygg_words()
{
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_trygg()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The subcommand: the first word that is neither an option nor --db's value.
    local i=1 cmd= cmdi=0
    while ((i < COMP_CWORD)); do
        case ${COMP_WORDS[i]} in
        --db) ((i += 2)); continue ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; cmdi=$i; break ;;
        esac
        ((i++))
    done

    # Option values.
    case $prev in
    --db) _trygg_files db sqlite sqlite3; return ;;
    --lang) _trygg_words "sv en"; return ;;
    --format)
        case $cmd in
        import) _trygg_words "csv bra" ;;
        export) _trygg_words "csv sav" ;;
        *) _trygg_words "text csv json" ;;
        esac
        return ;;
    --table) _trygg_words "surveys waves series categories areas interventions imports"; return ;;
    --csv-dialect) _trygg_words "standard sv"; return ;;
    --encoding) _trygg_words "utf-8 cp1252 latin1"; return ;;
    --delimiter) COMPREPLY=($(compgen -W "tab" -- "$cur") "," ";"); return ;;
    --out | --plots) _trygg_dirs; return ;;
    --output | --codebook-out) _trygg_files csv sav ini; return ;;
    --mapping) _trygg_files ini; return ;;
    --min-cell | --seed | --as-of | --p1 | --p2 | --delta | --sd | --n | --power | --alpha | --deff) return ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            _trygg_words "--db --version --help"
        else
            _trygg_words "check codebook export help import info init power remove run"
        fi
        return
    fi

    local opts
    case $cmd in
    import) opts="--delimiter --encoding --format --mapping --replace --strict --anonymous-paths --db --quiet --help" ;;
    info) opts="--format --table --db --help" ;;
    run | check) opts="--out --lang --min-cell --seed --as-of --csv-dialect --tables --plots --png --no-charts --anonymous-paths --check --format --db --quiet --help" ;;
    remove) opts="--force --out --db --quiet --help" ;;
    export) opts="--format --codebook --wave --output --codebook-out --db --help" ;;
    help) _trygg_words "check codebook export import info init power remove run"; return ;;
    power) opts="--p1 --p2 --delta --sd --n --power --alpha --one-sided --strict --deff --lang --format --help" ;;
    init) opts="--force --quiet --help" ;;
    codebook) opts="--help" ;;
    *) return ;;
    esac
    if [[ $cur == -* ]]; then
        _trygg_words "$opts"
        return
    fi

    # The words after the subcommand that are not options or option values.
    local args=() w
    for ((i = cmdi + 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --db | --delimiter | --encoding | --format | --mapping | --table | --out | --lang | \
            --min-cell | --seed | --as-of | --csv-dialect | --plots | --codebook | --wave | --output | \
            --codebook-out) ((i++)) ;;
        -*) ;;
        *) args+=("$w") ;;
        esac
    done

    case $cmd in
    import)
        if ((${#args[@]} == 0)); then
            _trygg_words "survey incidents interventions"
        elif [[ ${args[0]} == survey && ${#args[@]} == 1 ]]; then
            _trygg_files ini
        elif [[ ${args[0]} == survey ]]; then
            _trygg_files csv txt sav zsav por dta
        else
            _trygg_files csv txt
        fi ;;
    run | check) _trygg_files ini ;;
    info) ((${#args[@]} == 0)) && _trygg_words "survey imports area category surveys waves series interventions" ;;
    remove) ((${#args[@]} == 0)) && _trygg_words "import" ;;
    export) ((${#args[@]} == 0)) && _trygg_words "survey incidents" ;;
    init) _trygg_dirs ;;
    codebook)
        if ((${#args[@]} == 0)); then
            _trygg_words "from-sav"
        else
            _trygg_files sav zsav por dta
        fi ;;
    esac
}

complete -F _trygg trygg
