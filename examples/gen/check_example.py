#!/usr/bin/env python3
"""Independent check of the SYNTHETIC Österåker example (examples/osteraker/).

Reads every file with Python's csv module in the encoding the README states, checks
the layout against docs/formats.md and the codebooks in surveys/, prints the survey
aggregates, and checks that the realised data show the effects built into
examples/gen/gen_example.c (the seed is chosen so that they do: see the README).
The incident-count models are in check_example.R, which this script runs.

    python3 examples/gen/check_example.py [examples/osteraker]

Needs python3-holidays (Debian) for an independent list of Swedish public holidays,
and R (Rscript) for the count models.  Exit status 0 only if every check passes.
"""
import collections
import csv
import datetime
import io
import os
import subprocess
import sys
import tempfile

import holidays

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'examples', 'osteraker')
YEARS = range(2015, 2023)
PRE, POST = range(2015, 2019), range(2019, 2023)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print('FAIL:', what)


# ---------------------------------------------------------------- codebooks
def read_ini(path):
    """libinih-like: [section], key = value, ';'/'#' comment lines, ' ;' inline comment."""
    secs, cur = collections.OrderedDict(), None
    for ln, line in enumerate(open(path, encoding='utf-8'), 1):
        st = line.strip()
        if not st or st[0] in ';#':
            continue
        if st.startswith('['):
            cur = st[1:st.index(']')]
            check(cur not in secs, f'{path}:{ln}: section [{cur}] twice')
            secs[cur] = collections.OrderedDict()
            continue
        k, v = (x.strip() for x in st.split('=', 1))
        check(' ;' not in v, f'{path}:{ln}: value holds " ;" (an inline comment)')
        check(k not in secs[cur], f'{path}:{ln}: key {k} twice')
        secs[cur][k] = v
    return secs


def codebook(path):
    secs = read_ini(path)
    allowed = {'column', 'text.sv', 'text.en', 'empty', 'indicator', 'indicator.label',
               'scale', 'reversed', 'score', 'group'}
    items = {}
    for name, kv in secs.items():
        if not name.startswith(('question ', 'background ')):
            continue
        qid = name.split()[1]
        vals, miss = {}, {}
        for k, v in kv.items():
            if k.startswith('value.'):
                vals[int(k[6:])] = v
            elif k.startswith('missing.'):
                miss[int(k[8:])] = v
            else:
                check(k in allowed, f'{path}: [{name}] unknown key {k}')
        check(not set(vals) & set(miss), f'{path}: [{name}] code both valid and missing')
        for lab in list(vals.values()) + list(miss.values()):
            check('|' in lab, f'{path}: [{name}] label without English: {lab}')
        for key in ('indicator', 'scale'):
            for part in kv.get(key, '').replace(' ', '').split(','):
                if not part:
                    continue
                lo, _, hi = part.partition('-')
                for c in range(int(lo), int(hi or lo) + 1):
                    check(c in vals, f'{path}: [{name}] {key} code {c} not a valid code')
        if 'empty' in kv:
            check(int(kv['empty']) in miss, f'{path}: [{name}] empty is not a missing code')
        if name.startswith('question '):
            check('text.sv' in kv and 'text.en' in kv, f'{path}: [{name}] text.sv/text.en')
        items[qid] = (vals, miss, kv)
    areas = {int(k[6:]): v for k, v in secs['area'].items()}
    check(secs['survey'].get('id') == 'osteraker', f'{path}: id')
    return secs, items, areas


CB = {v: codebook(os.path.join(ROOT, 'surveys', f'osteraker-{v}.ini'))
      for v in ('2015-2018', '2019-2022')}
check(CB['2015-2018'][2] == CB['2019-2022'][2], 'the two codebooks name the areas alike')
AREA_NAMES = set(CB['2015-2018'][2].values())


def match(cell, codes):
    """A cell holds a code or (as pasted from Excel) a Swedish or English label."""
    v = cell.strip().lower()
    for c, lab in codes.items():
        if v == str(c) or v in (p.strip().lower() for p in lab.split('|')):
            return c
    return None


# ---------------------------------------------------------------- survey files
survey = {}
print('survey files')
for y in YEARS:
    raw = open(os.path.join(D, f'trygghet_{y}.csv'), 'rb').read()
    if y <= 2016:
        check(not raw.startswith(b'\xef\xbb\xbf'), f'{y}: no BOM in the cp1252 file')
        text = raw.decode('cp1252')
        try:
            raw.decode('utf-8')
            check(False, f'{y}: the cp1252 file must not be valid UTF-8')
        except UnicodeDecodeError:
            pass
    else:
        check(raw.startswith(b'\xef\xbb\xbf'), f'{y}: UTF-8 BOM')
        text = raw.decode('utf-8-sig')
    check(raw.count(b'\r\n') == raw.count(b'\n'), f'{y}: every line ends in CRLF')
    rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=';'))
    hdr, body = rows[0], rows[1:]
    secs, items, areas = CB['2015-2018' if y <= 2018 else '2019-2022']
    cols = secs['columns']
    named = {cols[k] for k in ('respondent', 'wave', 'area', 'weight', 'stratum')} | set(items)
    check(set(hdr) == named and len(hdr) == len(set(hdr)), f'{y}: columns = codebook')
    check(all(len(r) == len(hdr) for r in body), f'{y}: no ragged rows')
    ids = [r[0] for r in body]
    check(len(set(ids)) == len(ids) and all(i.isdigit() for i in ids), f'{y}: LOPNR unique')
    check(1000 <= len(body) <= 2000, f'{y}: 1,000-2,000 respondents')
    recs = []
    for r in body:
        d = dict(zip(hdr, r))
        a = match(d['OMRADE'], areas)
        check(a is not None and int(d['STRATUM']) == a and d['AR'] == str(y),
              f'{y}: OMRADE/STRATUM/AR {d["OMRADE"]!r}')
        check(y > 2016 or not d['OMRADE'].strip().isdigit(), f'{y}: OMRADE as label text')
        check(',' in d['VIKT'] and float(d['VIKT'].replace(',', '.')) > 0, f'{y}: VIKT')
        rec = {'area': a, 'w': float(d['VIKT'].replace(',', '.'))}
        for qid, (vals, miss, kv) in items.items():
            cell = d[qid]
            c = int(kv['empty']) if cell.strip() == '' and 'empty' in kv else match(cell, {**vals, **miss})
            check(c is not None, f'{y}: {qid} code {cell!r} not in the codebook')
            rec[qid] = c
        recs.append(rec)
    survey[y] = (recs, items)
    w = [r['w'] for r in recs]
    sums = collections.defaultdict(float)
    for r in recs:
        sums[r['area']] += r['w']
    print(f'  {y}: {len(recs):5d} respondents, {len(hdr)} columns, weights '
          f'{min(w):.2f}-{max(w):.2f} ({max(w) / min(w):.0f}x), sum {sum(w):.0f}; per area '
          + ' '.join(f'{sums[a]:.0f}' for a in range(1, 10)))
    check(max(w) / min(w) >= 10, f'{y}: weights vary 10x or more')
if failures:
    sys.exit(f'{len(failures)} format checks failed')


def share(y, item, ev, areas=None, sex=None, ntu=False, weighted=True):
    recs, items = survey[y]
    vals = items[item][0]
    num = den = 0.0
    for r in recs:
        if (areas and r['area'] not in areas) or (sex and r['KON'] != sex):
            continue
        if r[item] not in vals:
            continue
        wt = r['w'] if weighted else 1.0
        den += wt
        if r[item] in ev or (ntu and r[item] == 5 and r.get('T01B') == 1):
            num += wt
    return 100 * num / den if den else float('nan')


def mean(f, years):
    return sum(f(y) for y in years) / len(years)


print('\nweighted shares (%)                      ' + ' '.join(f'{y:>5d}' for y in YEARS))
TABLE = [
    ('T01 unsafe (3,4), centrum (1)', lambda y: share(y, 'T01', (3, 4), {1})),
    ('T01 unsafe, Norrgårdsvägen/Söra (2)', lambda y: share(y, 'T01', (3, 4), {2})),
    ('T01 unsafe, buffer Tunaberg (3)', lambda y: share(y, 'T01', (3, 4), {3})),
    ('T01 unsafe, suburbs (4-7)', lambda y: share(y, 'T01', (3, 4), {4, 5, 6, 7})),
    ('T01 unsafe, rural (8-9)', lambda y: share(y, 'T01', (3, 4), {8, 9})),
    ('T01 unsafe, kommun', lambda y: share(y, 'T01', (3, 4))),
    ('T01 unsafe, kommun, unweighted', lambda y: share(y, 'T01', (3, 4), weighted=False)),
    ('T01 unsafe, women', lambda y: share(y, 'T01', (3, 4), sex=2)),
    ('T01 unsafe, men', lambda y: share(y, 'T01', (3, 4), sex=1)),
    ('OTRYGG_NTU centrum (3,4 or 5&T01B=1)', lambda y: share(y, 'T01', (3, 4), {1}, ntu=True)),
    ('OTRYGG_NTU rural (8-9)', lambda y: share(y, 'T01', (3, 4), {8, 9}, ntu=True)),
    ('OTRYGG_NTU kommun', lambda y: share(y, 'T01', (3, 4), ntu=True)),
    ('T01 = 5 never out alone, kommun', lambda y: share(y, 'T01', (5,))),
    ('P08 drug dealing problem, centrum', lambda y: share(y, 'P08', (3, 4), {1})),
    ('P08, Norrgårdsvägen/Söra', lambda y: share(y, 'P08', (3, 4), {2})),
    ('P08, areas 3-9', lambda y: share(y, 'P08', (3, 4), set(range(3, 10)))),
    ('P07 people high on drugs, centrum', lambda y: share(y, 'P07', (3, 4), {1})),
    ('P05 youth groups, centrum', lambda y: share(y, 'P05', (3, 4), {1})),
    ('P09 car fires, areas 1-2 (null)', lambda y: share(y, 'P09', (3, 4), {1, 2})),
    ('O06 worry crime in society (null)', lambda y: share(y, 'O06', (3, 4))),
    ('F01 low confidence in police (null)', lambda y: share(y, 'F01', (3, 4))),
    ('T02 changed route, centrum', lambda y: share(y, 'T02', (1, 2), {1})),
    ('U03 theft victim, kommun (null)', lambda y: share(y, 'U03', (2, 3))),
    ('A01 seen coaches etc., centrum', lambda y: share(y, 'A01', (1, 2), {1}) if y >= 2019 else float('nan')),
    ('A01 seen coaches etc., rural', lambda y: share(y, 'A01', (1, 2), {8, 9}) if y >= 2019 else float('nan')),
]
for title, f in TABLE:
    print(f'  {title:39s}' + ' '.join(f'{f(y):5.1f}' for y in YEARS))

print('\nitem missing, all years (%):   Vet ej (8)  Ej svar (9)')
for item in ('T01', 'T04', 'O06', 'P01', 'P07', 'P08', 'P12', 'P13', 'F01', 'U01', 'A01'):
    n8 = n9 = tot = 0
    for y in YEARS:
        recs, items = survey[y]
        if item in items:
            for r in recs:
                tot += 1
                n8 += r[item] == 8
                n9 += r[item] == 9
    print(f'  {item:28s} {100 * n8 / tot:6.1f} {100 * n9 / tot:10.1f}')

# The effects the README promises (see gen_example.c for the designed values).
t01c = lambda y: share(y, 'T01', (3, 4), {1})
p08c = lambda y: share(y, 'P08', (3, 4), {1})
eff = {
    'T01 centrum, pre-post (points)': mean(t01c, PRE) - mean(t01c, POST),
    'T01 centrum, 2018-2019 (points)': t01c(2018) - t01c(2019),
    'P08 centrum, pre-post (points)': mean(p08c, PRE) - mean(p08c, POST),
    'O06 kommun, post-pre (points)': mean(lambda y: share(y, 'O06', (3, 4)), POST)
                                     - mean(lambda y: share(y, 'O06', (3, 4)), PRE),
    'F01 kommun, post-pre (points)': mean(lambda y: share(y, 'F01', (3, 4)), POST)
                                     - mean(lambda y: share(y, 'F01', (3, 4)), PRE),
    'OTRYGG_NTU rural, post-pre (points)': mean(lambda y: share(y, 'T01', (3, 4), {8, 9}, ntu=True), POST)
                                           - mean(lambda y: share(y, 'T01', (3, 4), {8, 9}, ntu=True), PRE),
    'T01 unsafe women/men': mean(lambda y: share(y, 'T01', (3, 4), sex=2), YEARS)
                            / mean(lambda y: share(y, 'T01', (3, 4), sex=1), YEARS),
}
print('\nsurvey effects')
for k, v in eff.items():
    print(f'  {k:40s} {v:6.2f}')
check(eff['T01 centrum, pre-post (points)'] >= 6, 'T01 centrum falls by 6 points or more')
check(eff['T01 centrum, 2018-2019 (points)'] >= 3, 'T01 centrum falls from 2018 to 2019')
check(eff['P08 centrum, pre-post (points)'] >= 10, 'P08 centrum falls by 10 points or more')
check(abs(eff['O06 kommun, post-pre (points)']) <= 2.5, 'O06 does not change (null)')
check(abs(eff['F01 kommun, post-pre (points)']) <= 2.5, 'F01 does not change (null)')
check(abs(eff['OTRYGG_NTU rural, post-pre (points)']) <= 2, 'rural otrygghet does not change')
check(1.7 <= eff['T01 unsafe women/men'] <= 2.5, 'women about twice as often unsafe as men')


# ---------------------------------------------------------------- incident-layout files
def read_plain(name, bom, crlf):
    raw = open(os.path.join(D, name), 'rb').read()
    check(raw.startswith(b'\xef\xbb\xbf') == bom, f'{name}: BOM {bom}')
    check((raw.count(b'\r\n') == raw.count(b'\n')) if crlf else b'\r' not in raw,
          f'{name}: line ends')
    rows = list(csv.reader(io.StringIO(raw.decode('utf-8-sig'), newline=''), delimiter=';'))
    check(all(len(r) == len(rows[0]) for r in rows), f'{name}: no ragged rows')
    print(f'  {name:24s} {len(rows) - 1:6d} rows, columns {";".join(rows[0])}')
    return rows[0], rows[1:]


print('\nincident-layout files')
_, m = read_plain('brott_manad.csv', False, False)
check(len({(r[0], r[1], r[2]) for r in m}) == len(m), 'brott_manad: one row per series and month')
check(len(m) == 96 * 10 * 7, 'brott_manad: 96 months x 10 areas x 7 categories')
check({r[1] for r in m} == AREA_NAMES | {'Vallentuna'}, 'brott_manad: area names = codebook areas + Vallentuna')
check(all(int(r[3]) >= 0 and int(r[4]) > 0 for r in m), 'brott_manad: counts >= 0, population > 0')
_, dd = read_plain('brott_dag_centrum.csv', False, False)
daysum = collections.Counter()
for r in dd:
    datetime.date.fromisoformat(r[0])
    daysum[(r[0][:7], r[2].replace('_dag', ''))] += int(r[3])
monthly = {(r[0], r[2]): int(r[3]) for r in m
           if r[1] == 'Åkersberga centrum' and r[2] in ('ordningsstorning', 'misshandel')}
check(daysum == collections.Counter(monthly), 'brott_dag_centrum sums to the monthly centrum counts')
_, fg = read_plain('fritidsgard_dag.csv', True, True)
se = holidays.Sweden(years=range(2015, 2023), include_sundays=False)
change = datetime.date(2018, 5, 1)
visits = collections.defaultdict(list)
for r in fg:
    d = datetime.date.fromisoformat(r[0])
    v = int(r[3])
    if r[2] == 'besok':
        if d in se:
            check(d >= change and 40 <= v <= 90, f'fritidsgard: holiday {d} {v}')
            visits['holiday, after 2018-05-01'].append(v)
        else:
            check(d.isoweekday() <= 6 and 25 <= v <= 60, f'fritidsgard: {d} {v}')
            visits['ordinary ' + ('after' if d >= change else 'before')].append(v)
    else:
        check(r[2] == 'incident_gard' and 0 <= v <= 2, f'fritidsgard: {r}')
for k, v in visits.items():
    print(f'    visitors {k:28s} days {len(v):5d}  mean {sum(v) / len(v):5.1f}  range {min(v)}-{max(v)}')
_, ak = read_plain('aktivitet_manad.csv', False, False)
per_year = collections.defaultdict(collections.Counter)
for r in ak:
    per_year[r[2]][r[0][:4]] += int(r[3])
for c, yc in per_year.items():
    print(f'    {c:22s} ' + ' '.join(f'{yc[str(y)]:5d}' for y in YEARS))
_, ins = read_plain('insatser.csv', False, False)
for r in ins:
    check(r[3] == '' or r[3] >= r[2], f'insatser: {r[0]} ends before it starts')

# ---------------------------------------------------------------- the count models (R)
with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as f:
    f.write('datum\n' + ''.join(d.isoformat() + '\n' for d in sorted(se)))
    hol_path = f.name
try:
    rc = subprocess.call(['Rscript', os.path.join(HERE, 'check_example.R'), D, hol_path])
finally:
    os.unlink(hol_path)
check(rc == 0, 'count models (check_example.R)')

print('\nCHECK ' + ('OK' if not failures else f'FAILED: {len(failures)} checks'))
sys.exit(1 if failures else 0)
