#!/usr/bin/env python3
"""hostile-hunt: feeds trygg files it has not seen and checks the promises of
docs/hardening.md on each.  Not part of `make check` (it is slow and exploratory);
every real bug it finds becomes a regression test in tests/e2e and a fuzz seed.

    scripts/hostile-hunt.py [TRYGG] [--keep DIR] [--only SUBSTRING]

TRYGG defaults to build/asan/trygg (AddressSanitizer + UBSan: a sanitizer report is a
finding).  For every case, against a copy of a database that already holds a survey,
incidents and interventions:
  - the exit status is the documented one (0 accepted, 1 refused; never a signal,
    never 3 for data);
  - a refusal names file:line[:column] (or the file alone for a file-level fault);
  - a refused import leaves the database byte-identical (sqlite3 .dump);
  - nothing hangs (a time limit) and memory stays bounded (max RSS, normal build);
  - hostile text that is valid data is stored, and a run over it writes reports with
    no raw markup, no gnuplot command executed, nothing outside --out.
It prints one line per case and a summary; exit 1 when a case failed."""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
keep = None
only = None
if "--keep" in args:
    i = args.index("--keep")
    keep = args[i + 1]
    del args[i:i + 2]
if "--only" in args:
    i = args.index("--only")
    only = args[i + 1]
    del args[i:i + 2]
TRYGG = os.path.abspath(args[0] if args else os.path.join(ROOT, "build/asan/trygg"))
NORMAL = os.path.join(ROOT, "build/trygg")
TIMEOUT = 120
RSS_LIMIT_KB = 400 * 1024  # a 100 MB field must not be held whole, nor many times

work = keep or tempfile.mkdtemp(prefix="trygg-hunt-")
os.makedirs(work, exist_ok=True)
os.chdir(work)
env = dict(os.environ)
env["TRYGG_PLOTS"] = os.path.join(ROOT, "plots")
env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
env.pop("TRYGG_DB", None)

CODEBOOK = open(os.path.join(ROOT, "tests/bad/codebook.ini"), "rb").read()
open("codebook.ini", "wb").write(CODEBOOK)
for f in ("good_survey.csv", "good_incidents.csv", "good_interventions.csv"):
    shutil.copy(os.path.join(ROOT, "tests/bad", f), f)


def run(argv, db, timeout=TIMEOUT, binary=None):
    cmd = [binary or TRYGG, "--db", db] + argv
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def dump(db):
    p = subprocess.run(["sqlite3", db, ".dump"], capture_output=True)
    return p.stdout


BASE = "base.db"
if not os.path.exists(BASE):
    for a in (["import", "survey", "codebook.ini", "good_survey.csv"],
              ["import", "incidents", "good_incidents.csv"],
              ["import", "interventions", "good_interventions.csv"]):
        rc, _, err = run(a + ["-q"], BASE, binary=NORMAL)
        assert rc == 0, err


def fresh_db(name, src=BASE):
    db = "db-" + name + ".db"
    for suf in ("", "-wal", "-shm"):
        if os.path.exists(db + suf):
            os.unlink(db + suf)
    shutil.copy(src, db)
    for suf in ("-wal", "-shm"):
        if os.path.exists(src + suf):
            shutil.copy(src + suf, db + suf)
    return db


POS = re.compile(r"^trygg: (.+?):(\d+)(:\d+)?: ", re.M)
results = []


def record(name, ok, what):
    results.append((name, ok, what))
    print(("ok   " if ok else "FAIL ") + name + ": " + what, flush=True)


def sanitizer(err):
    return "Sanitizer" in err or "runtime error:" in err


def check_import(name, kind, data, expect, extra=(), fname=None, needle=None, file_level=False,
                 codebook=None, data_file="good_survey2.csv"):
    """kind: survey | incidents | interventions | codebook (data is the codebook)."""
    if only and only not in name:
        return
    fname = fname or (name + (".ini" if kind == "codebook" else ".csv"))
    if isinstance(data, (bytes, bytearray)):
        with open(fname, "wb") as f:
            f.write(data)
    elif callable(data):
        data(fname)
    db = fresh_db(name)
    before = dump(db)
    if kind == "survey":
        argv = ["import", "survey", codebook or "codebook.ini", fname]
    elif kind == "codebook":
        argv = ["import", "survey", fname, data_file]
    else:
        argv = ["import", kind, fname]
    argv += list(extra)
    rc, out, err = run(argv, db)
    msg = err.strip().splitlines()[0] if err.strip() else out.strip()[:200]
    problems = []
    if rc == "timeout":
        problems.append("hung (> %d s)" % TIMEOUT)
    elif rc < 0 or rc > 3:
        problems.append("died: status %s" % rc)
    if rc != "timeout" and sanitizer(err):
        problems.append("sanitizer report: " + err[:600])
    if expect is not None and rc != expect:
        problems.append("exit %s, want %s" % (rc, expect))
    if rc not in (0, "timeout"):
        if dump(db) != before:
            problems.append("database changed by a refused import")
        if not file_level and not POS.search(err):
            problems.append("no file:line in the message")
        if "nothing imported; the database is unchanged" not in err:
            problems.append("does not say the database is unchanged")
    if needle and needle not in err + out:
        problems.append("message lacks %r" % needle)
    record(name, not problems, "; ".join(problems) if problems else "exit %s: %s" % (rc, msg[:160]))
    if not keep and isinstance(fname, str) and os.path.isfile(fname) and os.path.getsize(fname) > 1 << 20:
        os.unlink(fname)
    return rc, err, db


def rss_of(argv, db):
    """max RSS (KiB) of the normal build running argv."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M", NORMAL, "--db", db] + argv,
                       stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=TIMEOUT)
    return int(p.stderr.decode().strip().splitlines()[-1])


# ---------------------------------------------------------------- survey data
H = b"id,year,area,weight,stratum,KON,T01\n"
open("good_survey2.csv", "wb").write(H + b"201,2021,1,1,A,1,1\n202,2021,2,1,A,2,2\n")
ROWS = b"101,2021,1,1.5,A,1,1\n102,2021,2,2,A,2,3\n"
BOM = b"\xef\xbb\xbf"

check_import("s_bom_start", "survey", BOM + H + ROWS, 0)
check_import("s_bom_only", "survey", BOM, 1)
check_import("s_bom_middle_line", "survey", H + BOM + ROWS, 1)
check_import("s_bom_inside_field", "survey", H + b"101,2021,1,1.5,A,1," + BOM + b"1\n", 1)
check_import("s_bom_twice_start", "survey", BOM + BOM + H + ROWS, 1)
check_import("s_cr_only", "survey", (H + ROWS).replace(b"\n", b"\r"), 0)
check_import("s_crlf", "survey", (H + ROWS).replace(b"\n", b"\r\n"), 0)
check_import("s_mixed_line_ends", "survey", H + b"101,2021,1,1.5,A,1,1\r\n102,2021,2,2,A,2,3\r201,2021,1,1,A,1,2\n", 0)
check_import("s_mixed_separators", "survey", H + b"101;2021;1;1.5;A;1;1\n", 1)
check_import("s_semicolon_header_comma_rows", "survey", H.replace(b",", b";") + ROWS, 1)
check_import("s_decimal_comma_semicolon", "survey", H.replace(b",", b";") + b"101;2021;1;1,5;A;1;1\n", 0)
check_import("s_decimal_comma_quoted", "survey", H + b'101,2021,1,"1,5",A,1,1\n', None)
check_import("s_decimal_comma_unquoted", "survey", H + b"101,2021,1,1,5,A,1,1\n", 1)
check_import("s_weight_thousands_nbsp", "survey", H.replace(b",", b";") + "101;2021;1;1\u00a0000,5;A;1;1\n".encode(), None)
check_import("s_quote_never_closed_eof", "survey", H + b'101,2021,1,1.5,A,1,"1', 1)
check_import("s_quote_never_closed_long", "survey", H + b'101,2021,1,1.5,A,"1,1\n' + ROWS * 1000, 1)
check_import("s_quote_in_unquoted", "survey", H + b'101,2021,1,1.5,A,1 "x",1\n', 1)
check_import("s_nul_in_header", "survey", b"id,ye\x00ar,area,weight,stratum,KON,T01\n" + ROWS, 1)
check_import("s_nul_at_eof", "survey", H + ROWS + b"\x00", 1)
check_import("s_nul_only", "survey", b"\x00" * 100, 1)
check_import("s_invalid_utf8_header", "survey", b"id,\xff\xfe,area,weight,stratum,KON,T01\n" + ROWS, 1)
check_import("s_overlong_utf8", "survey", H + b"101,2021,1,1.5,A,1,\xc0\xaf\n", 1)
check_import("s_surrogate_utf8", "survey", H + b"101,2021,1,1.5,A,1,\xed\xa0\x80\n", 1)
check_import("s_truncated_utf8_eof", "survey", H + b"101,2021,1,1.5,A,1,1\n102,2021,2,2,\xc3", 1)
check_import("s_utf16le_bom", "survey", b"\xff\xfe" + (H + ROWS).decode().encode("utf-16-le"), 1)
cp = "id;year;area;weight;stratum;KON;T01\r\n101;2021;Norr;1,5;A;Kvinna;Ganska otrygg\r\n".encode("cp1252")
check_import("s_cp1252_no_option", "survey", cp.replace(b"Norr", "Norr\u00f6".encode("cp1252")), 1)
check_import("s_cp1252_with_option", "survey", cp, 0, extra=["--encoding", "cp1252"])
check_import("s_cp1252_smart_quotes_as_utf8", "survey", H + b"101,2021,1,1.5,\x93A\x94,1,1\n", 1)
check_import("s_latin1_undefined_cp1252", "survey", H + b"101,2021,1,1.5,A\x81,1,1\n", 1,
             extra=["--encoding", "cp1252"])


def big_field(path, size=100 << 20):
    with open(path, "wb") as f:
        f.write(H + b"101,2021,1,1.5,")
        chunk = b"A" * (1 << 20)
        for _ in range(size >> 20):
            f.write(chunk)
        f.write(b",1,1\n")


def big_quoted_field(path, size=100 << 20):
    with open(path, "wb") as f:
        f.write(H + b'101,2021,1,1.5,"')
        chunk = b'A""' * (1 << 18)
        done = 0
        while done < size:
            f.write(chunk)
            done += len(chunk)
        f.write(b'",1,1\n')


def million_columns(path):
    with open(path, "wb") as f:
        f.write(H.rstrip(b"\n"))
        f.write(b"".join(b",c%d" % i for i in range(1000000)))
        f.write(b"\n" + ROWS)


def one_line_100mb(path):
    with open(path, "wb") as f:
        f.write(H)
        f.write(b"1" * (100 << 20))


def many_lines(path):
    with open(path, "wb") as f:
        f.write(H)
        f.write(b"\n" * (20 << 20))  # 20M empty lines


check_import("s_field_100mb", "survey", big_field, 1)
check_import("s_quoted_field_100mb", "survey", big_quoted_field, 1)
check_import("s_header_1m_columns", "survey", million_columns, 1)
check_import("s_line_100mb_no_newline", "survey", one_line_100mb, 1)
check_import("s_20m_empty_lines", "survey", many_lines, 1)
for n, (gen, name) in enumerate(((big_field, "rss_field_100mb.csv"),
                                 (million_columns, "rss_1m_columns.csv"),
                                 (big_quoted_field, "rss_quoted_100mb.csv"))):
    if only and only not in name:
        continue
    gen(name)
    db = fresh_db("rss%d" % n)
    kb = rss_of(["import", "survey", "codebook.ini", name], db)
    record("memory " + name, kb < RSS_LIMIT_KB, "max RSS %d MiB" % (kb >> 10))
    os.unlink(name)

check_import("s_duplicate_header", "survey", b"id,year,area,weight,stratum,KON,T01,T01\n101,2021,1,1,A,1,1,2\n", 1)
check_import("s_duplicate_header_case", "survey", b"id,year,area,weight,stratum,KON,t01,T01\n101,2021,1,1,A,1,1,2\n", 1)
check_import("s_duplicate_header_blank", "survey", b"id,year,area,weight,stratum,KON,T01,,\n101,2021,1,1,A,1,1,,\n", None)
check_import("s_header_only", "survey", H, 1)
check_import("s_header_only_no_newline", "survey", H.rstrip(), 1)
check_import("s_empty", "survey", b"", 1)
check_import("s_only_newlines", "survey", b"\n\n\n", 1)
check_import("s_only_delimiters", "survey", b",,,,,,\n,,,,,,\n", 1)
check_import("s_only_spaces", "survey", b"   \n  \n", 1)
check_import("s_huge_weight", "survey", H + b"101,2021,1,1e308,A,1,1\n", 1)
check_import("s_weight_overflow_sum", "survey", H + b"101,2021,1,1.7e308,A,1,1\n102,2021,2,1.7e308,A,2,3\n", 1)
check_import("s_weight_1e9", "survey", H + b"101,2021,1,1e9,A,1,1\n", 0)
check_import("s_subnormal_weight", "survey", H + b"101,2021,1,4.9e-324,A,1,1\n", None)
check_import("s_weight_NaN_caps", "survey", H + b"101,2021,1,NaN,A,1,1\n", 1)
check_import("s_weight_Infinity", "survey", H + b"101,2021,1,Infinity,A,1,1\n", 1)
check_import("s_weight_minus_inf", "survey", H + b"101,2021,1,-inf,A,1,1\n", 1)
check_import("s_weight_hexfloat", "survey", H + b"101,2021,1,0x1p3,A,1,1\n", 1)
check_import("s_weight_digits_1000", "survey", H + b"101,2021,1," + b"9" * 1000 + b",A,1,1\n", None)
check_import("s_code_2pow31", "survey", H + b"101,2021,1,1,A,1,2147483648\n", 1)
check_import("s_code_2pow63", "survey", H + b"101,2021,1,1,A,1,9223372036854775808\n", 1)
check_import("s_code_minus_2pow63", "survey", H + b"101,2021,1,1,A,1,-9223372036854775809\n", 1)
# wave labels are free text (a year only when a whole number 1900-2100: docs/formats.md)
check_import("s_year_huge", "survey", H + b"101,99999999999,1,1,A,1,1\n", 0)
check_import("s_year_negative", "survey", H + b"101,-2021,1,1,A,1,1\n", 0)
check_import("s_year_zero", "survey", H + b"101,0,1,1,A,1,1\n", None)
check_import("s_label_quote", "survey", H + b"101,2021,1,1,A,1,\"Mycket trygg'); DROP TABLE wave; --\"\n", 1)
check_import("s_label_dollar", "survey", H + b"101,2021,1,1,A,1,$(touch /tmp/trygg-pwned)\n", 1)
check_import("s_label_script", "survey", H + b"101,2021,1,1,A,1,<script>alert(1)</script>\n", 1)
check_import("s_label_newline", "survey", H + b'101,2021,1,1,A,1,"Mycket\ntrygg"\n', 1)
check_import("s_label_rtl", "survey", H + "101,2021,1,1,A,1,\u202eMycket trygg\n".encode(), 1)
check_import("s_label_zero_width", "survey", H + "101,2021,1,1,A,1,Mycket\u200b trygg\n".encode(), 1)
check_import("s_respondent_rtl", "survey", H + "\u202e101,2021,1,1,A,1,1\n".encode(), None)
check_import("s_respondent_escape", "survey", H + b"\x1b[31m101,2021,1,1,A,1,1\n", None)
check_import("s_area_script", "survey", H + b"101,2021,<script>,1,A,1,1\n", 1)
check_import("s_4097_fields", "survey", H + b",".join([b"1"] * 4097) + b"\n", 1)
check_import("s_trailing_delimiter", "survey", H.rstrip() + b",\n" + b"101,2021,1,1,A,1,1,\n", None)
check_import("s_sav_name_but_csv", "survey", H + ROWS, 1, fname="s_sav_name_but_csv.sav", file_level=True)
check_import("s_dta_name_but_garbage", "survey", os.urandom(4096), 1, fname="s_dta_garbage.dta", file_level=True)
check_import("s_sav_magic_truncated", "survey", b"$FL2" + b"\x00" * 60, 1, fname="s_sav_trunc.csv", file_level=True)
check_import("s_zsav_magic_garbage", "survey", b"$FL3" + os.urandom(3000), 1, fname="s_zsav.zsav", file_level=True)
check_import("s_por_header_only", "survey", b"ASCII SPSS PORT FILE" + b" " * 180 + b"SPSSPORT", 1, fname="s_por.por", file_level=True)
check_import("s_stata_magic_garbage", "survey", bytes([115, 1, 1, 0]) + os.urandom(2000), 1, fname="s_stata.bin", file_level=True)

# ---------------------------------------------------------------- incidents
IH = b"period,area,category,count,exposure,note\n"
check_import("i_negative_count", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,-1,,\n", 1)
check_import("i_count_2pow63", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,9223372036854775808,,\n", 1)
check_import("i_count_huge_ok", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,2000000000,,\n", None)
check_import("i_count_NaN", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,NaN,,\n", 1)
check_import("i_count_Inf", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,Inf,,\n", 1)
check_import("i_count_space_group", "incidents", IH + b"2021-01,Centrum,r\xc3\xa5n,1 000,,\n", 0)
check_import("i_count_nbsp_group", "incidents", IH + "2021-01,Centrum,r\u00e5n,1\u00a0000,,\n".encode(), None)
check_import("i_count_decimal_comma", "incidents", IH.replace(b",", b";") + b"2021-01;Centrum;r\xc3\xa5n;1,5;;\n", 1)
check_import("i_exposure_decimal_comma", "incidents", IH.replace(b",", b";") + b"2021-01;Centrum;r\xc3\xa5n;1;1000,5;\n", None)
check_import("i_period_2023_02_30", "incidents", IH + b"2023-02-30,Centrum,r\xc3\xa5n,1,,\n", 1)
check_import("i_period_month_00", "incidents", IH + b"2023-00,Centrum,r\xc3\xa5n,1,,\n", 1)
check_import("i_period_year_0000", "incidents", IH + b"0000-01,Centrum,r\xc3\xa5n,1,,\n", 1)
check_import("i_period_year_9999", "incidents", IH + b"9999-12,Centrum,r\xc3\xa5n,1,,\n", 1,
             needle="is outside the months trygg reads (1900-01 to 2199-12)")
check_import("i_period_year_10000", "incidents", IH + b"10000-01,Centrum,r\xc3\xa5n,1,,\n", 1)
check_import("i_period_week", "incidents", IH + b"2021-W05,Centrum,r\xc3\xa5n,1,,\n", None)
check_import("i_period_iso_time", "incidents", IH + b"2021-01-01T00:00,Centrum,r\xc3\xa5n,1,,\n", 1)
check_import("i_area_script", "incidents", IH + b"2021-01,<script>alert(1)</script>,r\xc3\xa5n,1,,\n", 0)
check_import("i_area_gnuplot", "incidents", IH + b"2021-01,\"x' ; system('touch /tmp/trygg-pwned') ; '\",r\xc3\xa5n,1,,\n", 0)
check_import("i_area_rtl", "incidents", IH + "2021-01,\u202eCentrum\u202c,r\u00e5n,1,,\n".encode(), 0)
check_import("i_area_newline", "incidents", IH + b"2021-01,\"Cen\ntrum\",r\xc3\xa5n,1,,\n", None)
check_import("i_area_backslash", "incidents", IH + b"2021-01,C:\\\\x\\,r\xc3\xa5n,1,,\n", 0)
check_import("i_area_dollar", "incidents", IH + b"2021-01,$(id) `id`,r\xc3\xa5n,1,,\n", 0)
check_import("i_area_201_bytes", "incidents", IH + b"2021-01," + b"a" * 201 + b",rn,1,,\n", 1)
check_import("i_note_1mib", "incidents", IH + b"2021-01,Centrum,rn,1,,\"" + b"x" * ((1 << 20) - 1) + b"\"\n", None)
check_import("i_quote_never_closed", "incidents", IH + b"2021-01,Centrum,rn,1,,\"unterminated\n2021-02,Centrum,rn,1,,\n", 1)
check_import("i_bra_with_utf8_bom_middle", "incidents", b"Region;Brott;\xc3\x85r;Period;Antal;/100 000 inv\n" + BOM + b"\xd6ster\xe5ker;Br;2018;Jun;47;105;\n", 1, extra=["--format", "bra"])
check_import("i_bra_latin1", "incidents", b"Region;Brott;\xc5r;Period;Antal;/100 000 inv\n\xd6ster\xe5ker;R\xe5n;2019 prel.;Nov;24;53;\n", 0, extra=["--format", "bra"])
check_import("i_bra_month_13", "incidents", b"Region;Brott;\xc5r;Period;Antal;/100 000 inv\n\xd6ster\xe5ker;R\xe5n;2019;Mar13;24;53;\n", 1, extra=["--format", "bra"])

# ---------------------------------------------------------------- interventions
VH = b"name,area,start,end,yearly_cost_sek,note\n"
check_import("v_start_2023_02_30", "interventions", VH + b"x,Centrum,2023-02-30,,1,\n", 1)
check_import("v_cost_negative", "interventions", VH + b"x,Centrum,2023-01-01,,-5,\n", 1)
check_import("v_cost_1e308", "interventions", VH + b"x,Centrum,2023-01-01,,1e308,\n", None)
check_import("v_cost_NaN", "interventions", VH + b"x,Centrum,2023-01-01,,NaN,\n", 1)
check_import("v_name_script", "interventions", VH + b"<script>alert(1)</script>,Centrum,2023-01-01,,1,\n", 0)
check_import("v_name_newline", "interventions", VH + b'"a\nb",Centrum,2023-01-01,,1,\n', None)
check_import("v_year_10000", "interventions", VH + b"x,Centrum,10000-01-01,,1,\n", 1)
check_import("v_end_year_0", "interventions", VH + b"x,Centrum,2020-01-01,0000-01-01,1,\n", 1)

# ---------------------------------------------------------------- codebooks
def cb_with(extra):
    return CODEBOOK + extra


check_import("cb_label_newline_escape", "codebook", CODEBOOK.replace(b"Man | Man", b"Man\\nx | Man"), None)
check_import("cb_label_script", "codebook", CODEBOOK.replace(b"Man | Man", b"<script>alert(1)</script> | Man"), None)
check_import("cb_label_gnuplot", "codebook", CODEBOOK.replace(b"Man | Man", b"x'; system('touch /tmp/trygg-pwned'); ' | Man"), None)
check_import("cb_code_2pow31", "codebook", CODEBOOK.replace(b"value.2 = Norr", b"value.2147483648 = Norr"), 1)
check_import("cb_code_32768", "codebook", CODEBOOK.replace(b"value.2 = Norr", b"value.32768 = Norr"), 1)
check_import("cb_bom_middle", "codebook", CODEBOOK.replace(b"[area]", BOM + b"[area]"), 1)
check_import("cb_cr_only", "codebook", CODEBOOK.replace(b"\n", b"\r"), None)
check_import("cb_nul", "codebook", CODEBOOK.replace(b"[area]", b"[ar\x00ea]"), 1)
check_import("cb_cp1252", "codebook", CODEBOOK.replace("Kön".encode(), "Kön".encode("cp1252")), 1)
check_import("cb_line_2mib", "codebook", CODEBOOK + b"; " + b"x" * (2 << 20) + b"\n", 1)
check_import("cb_4001_vars", "codebook", CODEBOOK + b"".join(b"[question Q%d]\nvalue.1 = a\n" % i for i in range(4001)), 1)
check_import("cb_empty", "codebook", b"", 1)
check_import("cb_section_unclosed", "codebook", CODEBOOK + b"[question X\nvalue.1 = a\n", 1)
check_import("cb_survey_id_slash", "codebook", CODEBOOK.replace(b"id = badcorpus", b"id = ../../etc"), None)
check_import("cb_population_1e308", "codebook", CODEBOOK + b"\n[population]\nstratum.A = 1e308\nstratum.B = 5\n", 1)
check_import("cb_rtl_label", "codebook", CODEBOOK.replace(b"Man | Man", "\u202eMan | Man".encode()), None)
# round 2: sizes that took minutes (65,000 codes, 65,000 areas) or did not finish (300,000 keys)
check_import("cb_65000_codes", "codebook", CODEBOOK + b"\n[question QX]\ntext.sv = x\n" + b"".join(b"value.%d = a%d\n" % (i - 32000, i) for i in range(65000)), 1,
             needle="more than 1000 codes")
check_import("cb_65000_areas", "codebook", CODEBOOK.replace(b"[area]\n", b"[area]\n" + b"".join(b"value.%d = Omr %d\n" % (i + 10, i) for i in range(65000))), 1,
             needle="more than 10000 areas")
check_import("cb_300k_keys", "codebook", CODEBOOK + b"\n[question QY]\ntext.sv = y\nvalue.1 = a\n" + b"".join(b"x%d = 1\n" % i for i in range(300000)), 1)
check_import("cb_300k_sections", "codebook", CODEBOOK + b"".join(b"[x%d]\n" % i for i in range(300000)), 1, needle="more than 5000 sections")
check_import("cb_label_1mib", "codebook", CODEBOOK.replace(b"Man | Man", b"M" * 1000000 + b" | Man"), 1, needle="at most 1000")


# ---------------------------------------------------------------- specs and a run over hostile names
def check_spec(name, text, expect, needle=None, db_from=BASE, file_level=False):
    if only and only not in name:
        return
    path = name + ".ini"
    with open(path, "wb") as f:
        f.write(text)
    db = fresh_db(name, db_from)
    before = dump(db)
    out = "out-" + name
    shutil.rmtree(out, ignore_errors=True)
    rc, so, err = run(["run", path, "--out", out, "--lang", "en"], db)
    problems = []
    if rc == "timeout":
        problems.append("hung")
    elif rc < 0 or rc > 3:
        problems.append("died: %s" % rc)
    if rc != "timeout" and sanitizer(err):
        problems.append("sanitizer: " + err[:600])
    if expect is not None and rc != expect:
        problems.append("exit %s, want %s" % (rc, expect))
    if rc == 1 and not file_level and not POS.search(err) and "could not be analysed" not in err:
        problems.append("no file:line in the message")
    after = dump(db)
    if after != before and rc != 0:
        problems.append("database changed by a refused run")
    if needle and needle not in err:
        problems.append("message lacks %r" % needle)
    # nothing outside --out
    for leak in ("/tmp/trygg-pwned", os.path.join(work, "pwned")):
        if os.path.exists(leak):
            problems.append("payload ran: " + leak)
            os.unlink(leak)
    if os.path.isdir(out):
        problems += scan_outputs(out)
    first = err.strip().splitlines()[0] if err.strip() else so.strip()[:160]
    record(name, not problems, "; ".join(problems) if problems else "exit %s: %s" % (rc, first[:160]))


# a raw tag from the data (escaped text such as "&lt;img onerror=..." is harmless, and
# an attribute can only act inside a raw tag), or a raw right-to-left override
RAW = [b"<script", b"<img", b"<iframe", b"<svg onload", b"\xe2\x80\xae"]


def scan_outputs(out):
    problems = []
    for dirpath, _, files in os.walk(out):
        for fn in files:
            p = os.path.join(dirpath, fn)
            data = open(p, "rb").read()
            if fn.endswith((".html", ".svg", ".md")):
                for r in RAW:
                    for m in re.finditer(re.escape(r), data):
                        if fn.endswith(".md") and data[m.start() - 1:m.start()] == b"\\":
                            continue  # Markdown's escape: shown as text
                        problems.append("%s holds raw %r" % (p, r))
                        break
            if fn.endswith(".csv"):
                for line in data.split(b"\n"):
                    for cell in line.split(b","):
                        c = cell.strip(b'"')
                        if c[:1] in (b"=", b"@") :
                            problems.append("%s: formula cell %r" % (p, c[:40]))
    return problems


SPEC = b"""[evaluation]
id = hunt
title.en = Hunt
question.en = Q?
start = 2019-02-01

[incidents x]
title.en = X
area = *
category = *
model = rate_ratio
"""
check_spec("spec_ok", SPEC, None)
check_spec("spec_id_dotdot", SPEC.replace(b"id = hunt", b"id = ../../escape"), 1)
check_spec("spec_id_slash", SPEC.replace(b"id = hunt", b"id = a/b"), 1)
check_spec("spec_id_dot", SPEC.replace(b"id = hunt", b"id = ."), 1)
check_spec("spec_id_dotdot_only", SPEC.replace(b"id = hunt", b"id = .."), 1)
check_spec("spec_id_hidden", SPEC.replace(b"id = hunt", b"id = .hidden"), None)
check_spec("spec_id_newline_escape", SPEC.replace(b"id = hunt", b"id = a\\nb"), None)
check_spec("spec_id_script", SPEC.replace(b"id = hunt", b"id = <script>"), 1)
check_spec("spec_id_dollar", SPEC.replace(b"id = hunt", b"id = $(touch pwned)"), None)
check_spec("spec_title_script", SPEC.replace(b"title.en = Hunt", b"title.en = </title><script>alert(1)</script>"), None)
check_spec("spec_title_gnuplot", SPEC.replace(b"title.en = X", b"title.en = x'; system('touch /tmp/trygg-pwned'); print '"), None)
check_spec("spec_title_gnuplot_dq", SPEC.replace(b"title.en = X", b"title.en = x\"; system(\"touch /tmp/trygg-pwned\"); print \""), None)
check_spec("spec_title_backslash", SPEC.replace(b"title.en = X", b"title.en = a\\\\b\\'c\\\"d\\"), None)
check_spec("spec_title_rtl", SPEC.replace(b"title.en = X", "title.en = \u202eX\u2066y".encode()), None)
check_spec("spec_start_2023_02_30", SPEC.replace(b"start = 2019-02-01", b"start = 2023-02-30"), 1)
check_spec("spec_start_far_future", SPEC.replace(b"start = 2019-02-01", b"start = 2999-01-01"), 1,
           needle="outside the dates trygg reads (1900-01-01 to 2199-12-31)")
check_spec("spec_start_far_past", SPEC.replace(b"start = 2019-02-01", b"start = 1900-01-01"), None)
check_spec("spec_start_year_0", SPEC.replace(b"start = 2019-02-01", b"start = 0000-01-01"), 1)
check_spec("spec_start_year_10000", SPEC.replace(b"start = 2019-02-01", b"start = 10000-01-01"), 1)
check_spec("spec_area_quote", SPEC.replace(b"area = *", b"area = Centrum' OR '1'='1"), 1)
check_spec("spec_area_script", SPEC.replace(b"area = *", b"area = <script>"), 1)
check_spec("spec_conf_level_nan", SPEC + b"", None)
check_spec("spec_bom_middle", SPEC.replace(b"[incidents x]", BOM + b"[incidents x]"), 1)
check_spec("spec_nul", SPEC.replace(b"[incidents x]", b"[incidents \x00x]"), 1)
check_spec("spec_invalid_utf8", SPEC.replace(b"title.en = X", b"title.en = \xff"), 1)
check_spec("spec_cp1252", SPEC.replace(b"title.en = X", "title.en = Sk\u00e4rg\u00e5rd".encode("cp1252")), 1)
check_spec("spec_cr_only", SPEC.replace(b"\n", b"\r"), None)
check_spec("spec_line_2mib", SPEC + b"; " + b"x" * (2 << 20) + b"\n", 1)
check_spec("spec_17mib", SPEC + (b"; " + b"x" * 1000 + b"\n") * 17000, 1, file_level=True)
check_spec("spec_empty", b"", 1)
check_spec("spec_duplicate_section", SPEC + SPEC[SPEC.index(b"[incidents"):], 1)
check_spec("spec_300_sections", SPEC + b"".join(SPEC[SPEC.index(b"[incidents"):].replace(b"[incidents x]", b"[incidents x%d]" % i) for i in range(300)), 1,
           needle="more than 200 outcome sections")
# round 2 (docs/hardening.md): sizes that ran for minutes or did not finish
check_spec("spec_10000_sections", SPEC + b"".join(SPEC[SPEC.index(b"[incidents"):].replace(b"[incidents x]", b"[incidents x%d]" % i) for i in range(10000)), 1,
           needle="more than 1000 sections")
check_spec("spec_300k_keys", SPEC + b"".join(b"x%d = 1\n" % i for i in range(300000)), 1, needle="more than 5000 keys")
check_spec("spec_300k_sections", SPEC + b"".join(b"[x%d]\n" % i for i in range(300000)), 1, needle="more than 1000 sections")
check_spec("spec_wave_ranges", SPEC + b"[trend t]\ntitle.en = T\nsurvey = badcorpus\nquestions = T01\nwaves = " + b", ".join([b"2000..2200"] * 2000) + b"\n", 1,
           needle="more than 2000 waves")
check_spec("spec_title_1mib", SPEC.replace(b"title.en = X", b"title.en = " + b"x" * 1000000), 1, needle="at most 500")
check_spec("spec_seed_huge", SPEC.replace(b"[incidents x]", b"seed = 99999999999999999999999\n[incidents x]"), 1)
check_spec("spec_min_cell_neg", SPEC.replace(b"[incidents x]", b"conf_level = nan\n[incidents x]"), 1)
check_spec("spec_conf_level_1", SPEC.replace(b"[incidents x]", b"conf_level = 1\n[incidents x]"), 1)
check_spec("spec_conf_level_1e999", SPEC.replace(b"[incidents x]", b"conf_level = 1e999\n[incidents x]"), 1)
check_spec("spec_decision_2023_02_29", SPEC.replace(b"[incidents x]", b"decision_date = 2023-02-29\n[incidents x]"), 1)

# hostile names that are valid data, then a run over them
import csv
import io
_rows = io.StringIO()
_w = csv.writer(_rows, lineterminator="\n")
_w.writerow(["period", "area", "category", "count", "exposure", "note"])
for y in (2018, 2019):
    for m in range(1, 13):
        for a, c in (("<script>alert(1)</script>", "r\u00e5n"),
                     ("x'; system('touch /tmp/trygg-pwned'); print '", "=cmd|' /C calc'!A0"),
                     ("\u202eCentrum", "$(touch pwned) `touch pwned`"),
                     ('a\\b"c', "@SUM(A1)"),
                     ('x" ; system("touch /tmp/trygg-pwned") ; "', "<img src=x onerror=alert(1)>")):
            _w.writerow(["%04d-%02d" % (y, m), a, c, 3 + (y * 13 + m * 7) % 9, "", ""])
HOSTILE = _rows.getvalue().encode()
if not only or "run_hostile" in only:
    open("hostile_names.csv", "wb").write(HOSTILE)
    db = fresh_db("run_hostile")
    rc, _, err = run(["import", "incidents", "hostile_names.csv"], db)
    record("run_hostile import", rc == 0 and not sanitizer(err), "exit %s %s" % (rc, err[:300]))
    for lang in ("en", "sv"):
        out = "out-hostile-" + lang
        shutil.rmtree(out, ignore_errors=True)
        with open("hostile_spec.ini", "wb") as f:
            f.write(SPEC.replace(b"model = rate_ratio", b"model = its_poisson"))
        before = dump(db)
        rc, so, err = run(["run", "hostile_spec.ini", "--out", out, "--lang", lang, "--tables", "--png"], db)
        problems = []
        if rc not in (0, 1) or sanitizer(err):
            problems.append("exit %s %s" % (rc, err[:600]))
        problems += scan_outputs(out)
        for leak in ("/tmp/trygg-pwned", "pwned", os.path.join(out, "pwned")):
            if os.path.exists(leak):
                problems.append("payload ran: " + leak)
                os.unlink(leak)
        # the only row a run may add is the criteria date; this spec has none
        if dump(db) != before:
            problems.append("a run changed the database")
        record("run_hostile " + lang, not problems, "; ".join(problems) or "exit %s" % rc)

# ---------------------------------------------------------------- files that are not files
if not only or "special" in only:
    os.makedirs("adir", exist_ok=True)
    if not os.path.exists("fifo"):
        os.mkfifo("fifo")
    if not os.path.exists("fifo.sav"):
        os.mkfifo("fifo.sav")
    for special in ("adir", "fifo", "fifo.sav", "/dev/zero", "/dev/null", "/dev/stdin", "/proc/self/mem"):
        for kind, argv in (("survey", ["import", "survey", "codebook.ini", special]),
                           ("incidents", ["import", "incidents", special]),
                           ("codebook", ["import", "survey", special, "good_survey2.csv"]),
                           ("spec", ["run", special, "--out", "out-special"]),
                           ("sav", ["codebook", "from-sav", special])):
            db = fresh_db("special")
            before = dump(db)
            rc, _, err = run(argv, db, timeout=30)
            # /proc/self/mem is a "regular" file whose read fails with EIO: an I/O error (3)
            want = (1, 3) if special == "/proc/self/mem" else (1,)
            ok = rc in want and not sanitizer(err) and dump(db) == before
            record("special %s as %s" % (special, kind), ok,
                   "exit %s: %s" % (rc, err.strip().splitlines()[0] if err.strip() else ""))

# ---------------------------------------------------------------- round 3 (2026-12-06)
# What landed in the session before: the incidents import's streaming of series blocks,
# `trygg export`'s formula guard and its reversal, DiD with recording_change, [describe]
# Cronbach's alpha, results.xlsx's own row writer; dates outside the years trygg reads.
def r3_enabled(name):
    return not only or only in name


# incidents: a series the file returns to after rows of others (the writer keeps a few
# series open at a time), duplicates across such a gap, counts at and over the limits
def inc_rows(rows):
    return IH + b"".join(b"%s,%s,%s,%s,,\n" % r for r in rows)


others = [(b"2019-01", b"Omr%d" % i, b"rn", b"1") for i in range(12)]
check_import("r3_i_series_returns_after_12", "incidents",
             inc_rows([(b"2019-01", b"Centrum", b"rn", b"4")] + others +
                      [(b"2019-02", b"Centrum", b"rn", b"5")] +
                      [(b"2019-02",) + o[1:] for o in others[:3]] +
                      [(b"2018-12", b"Centrum", b"rn", b"6")]), 0)
check_import("r3_i_duplicate_across_gap", "incidents",
             inc_rows([(b"2019-01", b"Centrum", b"rn", b"4")] + others +
                      [(b"2019-01", b"Centrum", b"rn", b"4")]), 1, needle=":15:")
check_import("r3_i_duplicate_across_gap_other_count", "incidents",
             inc_rows([(b"2019-01", b"Centrum", b"rn", b"4")] + others +
                      [(b"2019-01", b"Centrum", b"rn", b"7")]), 1, needle=":15:")
check_import("r3_i_zero_counts", "incidents",
             inc_rows([(b"2019-%02d" % m, b"Centrum", b"rn", b"0") for m in range(1, 13)]), 0)
check_import("r3_i_count_minus_zero", "incidents", inc_rows([(b"2019-01", b"Centrum", b"rn", b"-0")]), 1)
check_import("r3_i_count_2pow53", "incidents", inc_rows([(b"2019-01", b"Centrum", b"rn", b"9007199254740992")]), None)
# a series whose counts add up past 2^63 (each count under the old limit of 2^53)
big = [(b"%d-%02d-%02d" % (1900 + d // 336, 1 + d // 28 % 12, 1 + d % 28), b"Centrum", b"rn",
        b"9007199254740992") for d in range(1100)]
check_import("r3_i_counts_sum_past_int64", "incidents", inc_rows(big), 1)
check_import("r3_i_crlf", "incidents",
             inc_rows([(b"2019-01", b"Centrum", b"rn", b"4"), (b"2019-02", b"Norr", b"rn", b"5")]).replace(b"\n", b"\r\n"), 0)
check_import("r3_i_month_and_day_same_series", "incidents",
             inc_rows([(b"2019-01", b"Centrum", b"rn", b"4")] + others + [(b"2019-01-05", b"Centrum", b"rn", b"4")]), 1)

if r3_enabled("r3_i_file_shrinks"):
    # a file truncated while it is read: refused or an I/O error, the database unchanged
    # lines of 32 bytes, so the cut (a multiple of 32 after the header) falls on a
    # line break and the part read is a file of whole lines
    with open("shrink.csv", "wb") as f:
        f.write(IH)
        for k in range(1500000):
            line = b"%d-%02d,A%d,rn,%d,," % (1990 + k % 200, 1 + k // 200 % 12, k // 2400, k % 9)
            f.write(line + b" " * (31 - len(line)) + b"\n")
    db = fresh_db("shrink")
    before = dump(db)
    p = subprocess.Popen([TRYGG, "--db", db, "import", "incidents", "shrink.csv"], env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    import time
    time.sleep(0.3)
    os.truncate("shrink.csv", len(IH) + (os.path.getsize("shrink.csv") - len(IH)) // 96 * 32)
    so, se = p.communicate(timeout=TIMEOUT)
    err = se.decode("utf-8", "replace")
    problems = []
    if p.returncode not in (0, 1, 3) or sanitizer(err):
        problems.append("exit %s %s" % (p.returncode, err[:400]))
    if p.returncode != 0 and dump(db) != before:
        problems.append("database changed by a failed import")
    if p.returncode == 0:
        problems.append("imported what was read of a file cut short while it was read")
    record("r3_i_file_shrinks", not problems, "; ".join(problems) or "exit %s: %s" % (p.returncode, err.strip()[:200]))
    os.unlink("shrink.csv")

# export: every kind of cell through the guard and back (empty, quoted, embedded quotes
# and line breaks, apostrophes before and after a guarded character, a lone apostrophe;
# a byte-order mark inside a field is refused on import, hunt round 1)
CELLS = ["", "plain", "=1+2", "'=1+2", "''=1+2", "'", "''", "'x", "a\"b", "\"=x\"", "=a\"b",
         "line\nbreak", "=line\nbreak", "-\n", "@", "+", "-", "\t=x", "\r=x",
         " =x", "'s-Hertogenbosch", "=HYPERLINK(\"http://x\",\"y\")", "a,b", "=a,b", "-9"]
if r3_enabled("r3_export_round_trip"):
    _rows = io.StringIO()
    # every text quoted: Python's writer leaves a field with a lone CR unquoted, which a
    # CSV reader takes as a line break
    _w = csv.writer(_rows, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    _w.writerow(["period", "area", "category", "count", "exposure", "note"])
    for i, c in enumerate(CELLS):
        area = c if c.strip() and "\n" not in c and "\r" not in c else "A%d" % i
        _w.writerow(["2019-%02d" % (1 + i % 12), area, "k%d" % i, i, None, c])
    data = _rows.getvalue().encode()
    open("r3_cells.csv", "wb").write(data)
    problems = []
    db1 = "r3-exp1.db"
    db2 = "r3-exp2.db"
    for d in (db1, db2):
        for suf in ("", "-wal", "-shm"):
            if os.path.exists(d + suf):
                os.unlink(d + suf)
    rc, _, err = run(["import", "incidents", "r3_cells.csv"], db1)
    if rc != 0:
        problems.append("import: exit %s %s" % (rc, err[:300]))
    rc, _, err = run(["export", "incidents", "--output", "r3_exp.csv"], db1)
    if rc != 0:
        problems.append("export: exit %s %s" % (rc, err[:300]))
    else:
        exp = open("r3_exp.csv", "rb").read()
        for row in csv.reader(io.StringIO(exp.decode("utf-8-sig"))):
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not re.match(r"^-?[0-9.]+$", cell)):
                    problems.append("unguarded cell %r" % cell[:30])
        rc, _, err = run(["import", "incidents", "r3_exp.csv"], db2)
        if rc != 0:
            problems.append("re-import: exit %s %s" % (rc, err[:300]))
        r1 = run(["export", "incidents", "--raw", "--output", "r3_raw1.csv"], db1)
        r2 = run(["export", "incidents", "--raw", "--output", "r3_raw2.csv"], db2)
        if r1[0] or r2[0]:
            problems.append("raw export failed")
        elif open("r3_raw1.csv", "rb").read() != open("r3_raw2.csv", "rb").read():
            problems.append("the round trip changed the data")
    record("r3_export_round_trip", not problems, "; ".join(problems[:5]) or "%d cells" % len(CELLS))

# DiD with a recording change: same / unchanged, without a comparison, the change at the
# ends, a bad value
if r3_enabled("r3_did"):
    _rows = io.StringIO()
    _w = csv.writer(_rows, lineterminator="\n")
    _w.writerow(["period", "area", "category", "count", "exposure", "note"])
    for y in range(2016, 2022):
        for m in range(1, 13):
            t = (y - 2016) * 12 + m
            _w.writerow(["%04d-%02d" % (y, m), "Mål", "rån", 10 + t % 5 + (4 if t > 30 else 0), "", ""])
            _w.writerow(["%04d-%02d" % (y, m), "Jmf", "rån", 12 + t % 3 + (4 if t > 30 else 0), "", ""])
            _w.writerow(["%04d-%02d" % (y, m), "Noll", "rån", 0, "", ""])
    open("r3_did.csv", "wb").write(_rows.getvalue().encode())
    DIDB = "r3-did.db"
    for suf in ("", "-wal", "-shm"):
        if os.path.exists(DIDB + suf):
            os.unlink(DIDB + suf)
    rc, _, err = run(["import", "incidents", "r3_did.csv"], DIDB, binary=NORMAL)
    assert rc == 0, err
    DID = ("[evaluation]\nid = did\ntitle.en = D\nquestion.en = Q?\nstart = 2019-01-01\n"
           "[incidents d]\ntitle.en = D\narea = Mål\ncategory = rån\ncomparison = Jmf\n").encode()
    for name, extra, want in (
            ("r3_did_same", b"recording_change = 2018-07\nrecording_change.comparison = same\n", 0),
            ("r3_did_unchanged", b"recording_change = 2018-07\nrecording_change.comparison = unchanged\n", 0),
            ("r3_did_bad_value", b"recording_change = 2018-07\nrecording_change.comparison = maybe\n", 1),
            ("r3_did_no_change", b"recording_change.comparison = same\n", 1),
            ("r3_did_first_month", b"recording_change = 2016-01\nrecording_change.comparison = unchanged\n", None),
            ("r3_did_second_month", b"recording_change = 2016-02\nrecording_change.comparison = unchanged\n", None),
            ("r3_did_last_month", b"recording_change = 2021-12\nrecording_change.comparison = unchanged\n", None),
            ("r3_did_start_month", b"recording_change = 2019-01\nrecording_change.comparison = unchanged\n", 1),
            ("r3_did_after_data", b"recording_change = 2030-01\nrecording_change.comparison = unchanged\n", None),
            ("r3_did_year_9999", b"recording_change = 9999-12\n", 1),
            ("r3_did_negbin", b"model = its_negbin\nrecording_change = 2018-07\nrecording_change.comparison = unchanged\n", None),
            ("r3_did_zero_comparison", b"recording_change = 2018-07\nrecording_change.comparison = unchanged\n", None),
    ):
        text = DID + extra
        if name == "r3_did_zero_comparison":
            text = text.replace(b"comparison = Jmf", b"comparison = Noll")
        check_spec(name, text, want, db_from=DIDB)

# [describe] with Cronbach's alpha: one item, constant items, all missing, perfectly
# opposite items (sum of covariances 0)
if r3_enabled("r3_alpha"):
    ACB = (b"[survey]\nid = al\ntitle.en = A\n[columns]\nrespondent = id\nwave = year\n"
           b"[question A1]\ntext.en = a1\nvalue.1 = x\nvalue.2 = y\nvalue.3 = z\nmissing.9 = m\ngroup = g\n"
           b"[question A2]\ntext.en = a2\nvalue.1 = x\nvalue.2 = y\nvalue.3 = z\nmissing.9 = m\ngroup = g\n"
           b"[question A3]\ntext.en = a3\nvalue.1 = x\nvalue.2 = y\nvalue.3 = z\nmissing.9 = m\ngroup = g\n"
           b"[question B1]\ntext.en = b1\nvalue.1 = x\nvalue.2 = y\nvalue.3 = z\nmissing.9 = m\ngroup = solo\n")
    open("r3_alpha.ini", "wb").write(ACB)
    cases = {
        "r3_alpha_ok": lambda i: (1 + i % 3, 1 + (i + i // 3) % 3, 1 + (i * 7) % 3, 1 + i % 2),
        "r3_alpha_constant": lambda i: (2, 2, 2, 1),
        "r3_alpha_one_constant": lambda i: (1 + i % 3, 2, 1 + (i * 5) % 3, 1),
        "r3_alpha_all_missing": lambda i: (9, 9, 9, 9),
        "r3_alpha_opposite": lambda i: (1 + i % 3, 3 - i % 3, 9, 1),
        "r3_alpha_one_answer_each": lambda i: (1 + i % 3 if i % 3 == 0 else 9, 1 + i % 3 if i % 3 == 1 else 9, 1 + i % 3 if i % 3 == 2 else 9, 1),
    }
    for name, f in cases.items():
        if not r3_enabled(name):
            continue
        db = name + ".db"
        for suf in ("", "-wal", "-shm"):
            if os.path.exists(db + suf):
                os.unlink(db + suf)
        lines = [b"id,year,A1,A2,A3,B1"]
        for i in range(60):
            lines.append(b"%d,2020,%d,%d,%d,%d" % ((i + 1,) + f(i)))
        open(name + ".csv", "wb").write(b"\n".join(lines) + b"\n")
        rc, _, err = run(["import", "survey", "r3_alpha.ini", name + ".csv"], db, binary=NORMAL)
        if rc != 0:
            record(name, False, "import: exit %s %s" % (rc, err[:300]))
            continue
        spec = (b"[evaluation]\nid = al\ntitle.en = A\nquestion.en = Q?\nstart = 2020-01-01\n"
                b"[describe d]\ntitle.en = D\nsurvey = al\nvariables = A1, A2, A3, B1\n")
        check_spec(name, spec, 0, db_from=db)
        out = "out-" + name
        rp = os.path.join(out, "al", "results.csv")
        if os.path.exists(rp):
            for row in csv.DictReader(open(rp, encoding="utf-8")):
                if row["method"] == "cronbach_alpha" and row["estimate"] and float(row["estimate"]) > 1:
                    record(name + " value", False, "alpha %s > 1 (%s)" % (row["estimate"], row["term"]))
        for p in (os.path.join(out, "al", "results.csv"), os.path.join(out, "al", "report.md")):
            if os.path.exists(p):
                t = open(p, encoding="utf-8").read()
                # a number printed from a NaN or infinity ("nan", "-inf", "1.#INF")
                for m_ in re.finditer(r"(?<![A-Za-z])(-?nan|-?inf(inity)?|1\.#\w+)(?![A-Za-z])", t, re.I):
                    record(name + " text", False, "%s holds %r: %s" % (p, m_.group(0), t[max(0, m_.start() - 80):m_.end() + 20].replace("\n", " | ")))
                    break

# results.xlsx and results.csv over hostile text: strings at and over Excel's 32,767
# characters, control characters, `_x0041_`, invalid UTF-8 cannot be stored (refused)
if r3_enabled("r3_xlsx"):
    _rows = io.StringIO()
    _w = csv.writer(_rows, lineterminator="\n")
    _w.writerow(["period", "area", "category", "count", "exposure", "note"])
    names = ["_x0041_", "_x003D_cmd", "a\x01b\x1bc", "\u0085nel", "x" * 200]
    for y in (2018, 2019):
        for m in range(1, 13):
            for a in names:
                _w.writerow(["%04d-%02d" % (y, m), a[:200], "rån", 3 + (y + m) % 5, "", ""])
    open("r3_xlsx.csv", "wb").write(_rows.getvalue().encode())
    db = "r3-xlsx.db"
    for suf in ("", "-wal", "-shm"):
        if os.path.exists(db + suf):
            os.unlink(db + suf)
    rc, _, err = run(["import", "incidents", "r3_xlsx.csv"], db, binary=NORMAL)
    record("r3_xlsx import", rc == 0, "exit %s %s" % (rc, err[:200]))
    spec = ("[evaluation]\nid = xl\ntitle.en = X\nquestion.en = Q?\nstart = 2019-01-01\n"
            "[incidents x]\ntitle.en = X\narea = *\ncategory = *\nmodel = rate_ratio\n").encode()
    check_spec("r3_xlsx_run", spec, None, db_from=db)
    import zipfile
    x = os.path.join("out-r3_xlsx_run", "xl", "results.xlsx")
    problems = []
    if os.path.exists(x):
        z = zipfile.ZipFile(x)
        import xml.dom.minidom
        for n in z.namelist():
            if n.endswith(".xml"):
                raw = z.read(n)
                try:
                    xml.dom.minidom.parseString(raw)
                except Exception as e:
                    problems.append("%s does not parse: %s" % (n, e))
                if b"_x0041_" in raw and b"_x005F_x0041_" not in raw:
                    problems.append("%s: '_x0041_' unescaped (Excel shows 'A')" % n)
    else:
        problems.append("no results.xlsx")
    record("r3_xlsx_contents", not problems, "; ".join(problems[:4]) or "parsed")

# limits at exactly the limit (accepted) and one over (refused at its line)
QX = b"\n[question QX]\ntext.sv = x\nvalue.1 = a\n"
if r3_enabled("r3_cb_4000_vars"):
    open("wide.csv", "wb").write(H.rstrip(b"\n") + b"".join(b",Q%d" % i for i in range(3998)) + b"\n" +
                                 b"201,2021,1,1,A,1,1" + b",1" * 3998 + b"\n")
check_import("r3_cb_4000_vars", "codebook", CODEBOOK + b"".join(b"[question Q%d]\ntext.sv = q\nvalue.1 = a\n" % i for i in range(3998)), 0,
             data_file="wide.csv")
check_import("r3_cb_4001_vars", "codebook", CODEBOOK + b"".join(b"[question Q%d]\ntext.sv = q\nvalue.1 = a\n" % i for i in range(3999)), 1)
KON2 = b"value.2 = Kvinna | Woman\n"
check_import("r3_cb_1000_codes", "codebook", CODEBOOK.replace(KON2, KON2 + b"".join(b"value.%d = a%d\n" % (i, i) for i in range(3, 1001))), 0)
check_import("r3_cb_1001_codes", "codebook", CODEBOOK.replace(KON2, KON2 + b"".join(b"value.%d = a%d\n" % (i, i) for i in range(3, 1002))), 1)
# a value's labels, both languages ("sv | en"), hold at most 1,000 bytes (trygg-codebook(5))
check_import("r3_cb_label_1000", "codebook", CODEBOOK.replace(b"Man | Man", b"M" * 994 + b" | Man"), 0)
check_import("r3_cb_label_1001", "codebook", CODEBOOK.replace(b"Man | Man", b"M" * 995 + b" | Man"), 1)
check_import("r3_cb_label_1000_multibyte", "codebook", CODEBOOK.replace(b"Man | Man", "\u00e5".encode() * 497 + b" | Man"), 0)
check_import("r3_cb_text_4000", "codebook", CODEBOOK.replace("text.sv = Kön".encode(), b"text.sv = " + b"t" * 4000), 0)
check_import("r3_cb_text_4001", "codebook", CODEBOOK.replace("text.sv = Kön".encode(), b"text.sv = " + b"t" * 4001), 1)
check_import("r3_cb_area_200", "codebook", CODEBOOK.replace(b"value.2 = Norr", b"value.2 = " + b"N" * 200), 0)
check_import("r3_cb_area_201", "codebook", CODEBOOK.replace(b"value.2 = Norr", b"value.2 = " + b"N" * 201), 1)
check_import("r3_cb_line_1mib", "codebook", CODEBOOK + b"; " + b"x" * ((1 << 20) - 3) + b"\n", None)
check_import("r3_cb_line_1mib_plus", "codebook", CODEBOOK + b"; " + b"x" * (1 << 20) + b"\n", 1)
check_spec("r3_spec_id_128", SPEC.replace(b"id = hunt", b"id = " + b"i" * 128), None)
check_spec("r3_spec_id_129", SPEC.replace(b"id = hunt", b"id = " + b"i" * 129), 1)
check_spec("r3_spec_title_500", SPEC.replace(b"title.en = X", b"title.en = " + b"t" * 500), None)
check_spec("r3_spec_title_501", SPEC.replace(b"title.en = X", b"title.en = " + b"t" * 501), 1)
check_spec("r3_spec_title_500_multibyte", SPEC.replace(b"title.en = X", b"title.en = " + "\u00e5".encode() * 250), None)
check_spec("r3_spec_question_4000", SPEC.replace(b"question.en = Q?", b"question.en = " + b"q" * 4000), None)
check_spec("r3_spec_question_4001", SPEC.replace(b"question.en = Q?", b"question.en = " + b"q" * 4001), 1)
check_spec("r3_spec_200_outcomes", SPEC + b"".join(SPEC[SPEC.index(b"[incidents"):].replace(b"[incidents x]", b"[incidents x%d]" % i) for i in range(199)), None)
check_spec("r3_spec_201_outcomes", SPEC + b"".join(SPEC[SPEC.index(b"[incidents"):].replace(b"[incidents x]", b"[incidents x%d]" % i) for i in range(200)), 1)

bad = [r for r in results if not r[1]]
print("\n%d cases, %d failed (work dir %s)" % (len(results), len(bad), work))
for name, _, what in bad:
    print("  FAIL " + name + ": " + what)
if not keep:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if bad else 0)
