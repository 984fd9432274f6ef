#!/bin/sh
# make_bra.sh OUTDIR — writes a synthetic file in the shape of Brå's statistics-
# database export ("Databasfil", ../shared/DOMAIN.md §3) with every quirk trygg must
# handle, and the same counts as a plain trygg incidents CSV:
#
#   OUTDIR/bra_export.csv      ISO-8859-1, CRLF, ';', header
#                              Region;Brott;År;Period;Antal;/100 000 inv
#                              and a trailing ';' on data rows; Swedish month
#                              abbreviations; '2019 prel.' years; '..' for not
#                              applicable and for echoed parent categories; labels
#                              indented with no-break spaces and a leaked '&nbsp;';
#                              a category renamed between years (a series break);
#                              a label the mapping ignores (a part of a total)
#   OUTDIR/bra_equivalent.csv  UTF-8 'manad;omrade;kategori;antal', the rows that
#                              examples/bra-mapping.ini keeps, in trygg's categories
#
# The counts come from a fixed formula: no randomness, no network.  Used by
# tests/e2e/test_bra.c; run by hand to look at the files.
set -eu
out=${1:?usage: make_bra.sh OUTDIR}
mkdir -p "$out"
awk -v utf="$out/bra_utf8.tmp" -v plain="$out/bra_equivalent.csv" 'BEGIN {
    nbsp = "\302\240"
    split("Jan Feb Mar Apr Maj Jun Jul Aug Sep Okt Nov Dec", mon, " ")
    # crime tree in the order Brå lists it: label, depth, trygg key ("" = parent
    # echoed with "..", "-" = ignored by the mapping)
    n = 0
    lab[++n] = "Samtliga brott";                              dep[n] = 0; key[n] = ""
    lab[++n] = "RENAMED";                                     dep[n] = 1; key[n] = "skadegorelse"
    lab[++n] = "Bilbrand eller brand på andra motorfordon";   dep[n] = 2; key[n] = "bilbrand"
    lab[++n] = "Klotter";                                     dep[n] = 2; key[n] = "klotter"
    lab[++n] = "Brott mot narkotikastrafflagen";              dep[n] = 1; key[n] = "narkotika"
    lab[++n] = "Innehav (1-3 a §)";                           dep[n] = 2; key[n] = "-"
    split("Österåker Vallentuna", region, " ")
    pop["Österåker"] = 45574; pop["Vallentuna"] = 34000
    printf "Region;Brott;År;Period;Antal;/100 000 inv\r\n" > utf
    printf "manad;omrade;kategori;antal\n" > plain
    for (r = 1; r <= 2; r++)
    for (y = 2018; y <= 2019; y++) {
        last = y == 2019 ? 6 : 12
        year = y == 2019 ? "2019 prel." : "2018"
        for (m = 1; m <= last; m++)
        for (i = 1; i <= n; i++) {
            label = lab[i]
            if (label == "RENAMED")   # Brå renamed the category in 2019
                label = y == 2018 ? "12 kap. Skadegörelsebrott" : "Skadegörelse inkl. grov, åverkan (1-3 §)"
            indent = ""
            for (d = 0; d < 2 * dep[i]; d++)
                indent = indent nbsp
            if (label == "Klotter")  # the entity leaks from the HTML table
                indent = "&nbsp;&nbsp;"
            count = (m * 7 + i * 5 + y + r * 3) % 23
            # not applicable: the parent, and car fires in Vallentuna before April 2018
            na = key[i] == "" || (key[i] == "bilbrand" && r == 2 && y == 2018 && m < 4)
            if (na) {
                printf "%s;%s%s;%s;%s;..;..;\r\n", region[r], indent, label, year, mon[m] > utf
                continue
            }
            per100k = int(count * 100000 / pop[region[r]] + 0.5)
            printf "%s;%s%s;%s;%s;%d;%d;\r\n", region[r], indent, label, year, mon[m], count, per100k > utf
            if (key[i] != "-")
                printf "%d-%02d;%s;%s;%d\n", y, m, region[r], key[i], count > plain
        }
    }
}'
iconv -f UTF-8 -t ISO-8859-1 "$out/bra_utf8.tmp" > "$out/bra_export.csv"
rm -f "$out/bra_utf8.tmp"
