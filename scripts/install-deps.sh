#!/bin/sh
# Install the Debian packages trygg needs, but only those that are missing.
#   scripts/install-deps.sh GROUP...   GROUP: runtime | test | bench | fuzz
# Each requirement is checked by what it provides (a pkg-config module, a header, a
# command), so a machine that already has it, however installed, is left alone.
set -eu

missing=""
need() { # need PACKAGE CHECK...
    pkg=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
has_pc()  { pkg-config --exists "$1"; }
has_hdr() { [ -f "/usr/include/$1" ]; }
has_cmd() { command -v "$1"; }
has_file() { [ -f "$1" ]; }
has_rlib() { Rscript -e "library($1)"; }
has_py()  { /usr/bin/python3 -c "import $1"; }
has_fuzzer_rt() { ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a; }

for group in "$@"; do
    case $group in
    runtime)
        need pkg-config      has_cmd pkg-config
        need gcc             has_cmd gcc
        need make            has_cmd make
        need libgsl-dev      has_hdr gsl/gsl_cdf.h
        need libsqlite3-dev  has_hdr sqlite3.h
        need libcsv-dev      has_hdr csv.h
        need libinih-dev     has_hdr ini.h
        need libjansson-dev  has_hdr jansson.h
        need nettle-dev      has_hdr nettle/sha2.h
        need libreadstat-dev has_hdr readstat.h   # SPSS/Stata survey files
        need libxlsxwriter-dev has_hdr xlsxwriter.h # results.xlsx
        need zlib1g-dev      has_hdr zlib.h       # results.xlsx's parts deflated on both cores
        need libutf8proc-dev has_hdr utf8proc.h   # Unicode NFC of names at import
        # soft hyphens in long words of report.html (Chromium in Debian has no
        # hyphenation dictionaries of its own): libhyphen and the sv/en patterns
        need libhyphen-dev   has_hdr hyphen.h
        need hyphen-sv       has_file /usr/share/hyphen/hyph_sv_SE.dic
        need hyphen-en-us    has_file /usr/share/hyphen/hyph_en_US.dic
        need gnuplot-nox     has_cmd gnuplot
        # a font for chart text (SVG and PNG) and the report in a browser; without
        # recommends, gnuplot-nox does not pull one in
        need fonts-dejavu-core has_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
        ;;
    test)
        need libcmocka-dev   has_hdr cmocka.h
        need sqlite3         has_cmd sqlite3
        need libpng-dev      has_hdr png.h        # decodes screenshots in test_browser
        need chromium        has_cmd chromium     # headless test of report.html
        need poppler-utils   has_cmd pdftotext    # test_browser reads the printed PDF back
        need valgrind        has_cmd valgrind     # make valgrind (memcheck of the e2e runs)
        # test_xlsx reads results.xlsx back through LibreOffice Calc
        need libreoffice-calc-nogui has_file /usr/lib/libreoffice/program/libsclo.so
        need groff-base      has_cmd groff        # test_man renders every man page
        # test_faults injects I/O failures into import and run (fiu-run -x)
        need fiu-utils       has_cmd fiu-run
        need libfiu-dev      has_file /usr/lib/fiu/fiu_posix_preload.so
        ;;
    bench)
        need hyperfine       has_cmd hyperfine
        need python3         has_cmd python3
        need time            has_cmd /usr/bin/time
        need sqlite3         has_cmd sqlite3
        # the peers make bench compares with (Debian's; PyPI is not used)
        need r-base-core     has_cmd Rscript
        need r-cran-survey   has_rlib survey
        need r-cran-data.table has_rlib data.table
        need r-cran-mass     has_rlib MASS
        need python3-pandas  has_py pandas
        need python3-scipy   has_py scipy
        need python3-statsmodels has_py statsmodels
        need pspp            has_cmd pspp
        ;;
    crosscheck)
        # make crosscheck: every number of results.csv recomputed in R (docs/crosscheck.md)
        need r-base-core     has_cmd Rscript
        need r-cran-survey   has_rlib survey
        need r-cran-mass     has_rlib MASS
        need r-cran-sandwich has_rlib sandwich
        need r-cran-lmtest   has_rlib lmtest
        need r-cran-boot     has_rlib boot
        need r-cran-quadprog has_rlib quadprog   # the synthetic comparison area's weights
        ;;
    fuzz)
        need clang           has_cmd clang
        need libclang-rt-14-dev has_fuzzer_rt
        ;;
    *) echo "install-deps: unknown group '$group'" >&2; exit 2 ;;
    esac
done

[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: need root (or sudo) to install:$missing" >&2; exit 3; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
