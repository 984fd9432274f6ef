/*
 * porio — gives ReadStat an SPSS portable (.por) file through trygg's own I/O
 * handlers: buffered reads (ReadStat's .por reader asks for one byte at a time) and
 * a translation table in the header that ReadStat reads the way SPSS and PSPP do.
 *
 * The header's 256-byte table says which byte of the file stands for each character
 * of the portable character set.  Writers put a stand-in byte at the positions of
 * characters they have no byte for: PSPP 1.6 writes '1'..'9' at the positions of the
 * superscript digits and '(' ')' '-' '$' '|' twice.  The portable format's readers
 * take a byte's first position; ReadStat 1.1.8 takes its last, so it reads PSPP's
 * digits as superscripts and no number in the file parses.  porio replaces every
 * later duplicate in the table by a byte the table does not use (so the file holds
 * it nowhere), which leaves each byte its first meaning.
 */
#ifndef TRYGG_DATA_PORIO_H
#define TRYGG_DATA_PORIO_H

#include <readstat.h>
#include <stddef.h>

#define PORIO_BUF_SIZE 65536

struct porio {
    int fd;
    readstat_off_t pos;           /* the file offset of the next byte handed out */
    unsigned char head[1024];     /* the file's first bytes, table corrected */
    size_t head_len;
    unsigned char buf[PORIO_BUF_SIZE];
    readstat_off_t buf_start;     /* file offset of buf[0] */
    size_t buf_len;
};

/* Makes parser p read through io (which must outlive the parse). */
void porio_attach(readstat_parser_t *p, struct porio *io);

/* Corrects the translation table in the first len bytes of a .por file in place;
 * returns how many table positions were changed (0 when the table is cut short,
 * malformed or has no duplicates). */
int porio_fix_table(unsigned char *head, size_t len);

#endif
