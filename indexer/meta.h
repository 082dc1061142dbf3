/*
 * meta.h - what a report is: where it comes from, who wrote it, what kind, when, its title.
 *
 * Sources, most trusted first:
 *   1. front matter at the top of a text file, between two "---" lines ("commune: Mỹ Hòa");
 *   2. the folder convention <province>/<district>/<commune>/<file>: below a base the user
 *      named (`index --base DIR`, tracuu_add_options.base), the folder a file is in is its
 *      commune, the one above its district, the one above that its province, never counting
 *      above the base (the base folder itself counts). Elsewhere a folder counts only when
 *      its name says it is a place ("xa-my-hoa", "Xã Mỹ Hòa", "phuong-7", "thi-tran-...",
 *      "huyen-...", "Huyện ...", "quan-...", "thi-xa-...", "tinh-...", "thanh-pho-..."),
 *      at the level its name says: the folder of a collection is never a commune;
 *   3. the text: "xã Mỹ Hòa", "phường 7", "thị trấn Chợ Lách", "huyện Chợ Lách", "tỉnh Bến
 *      Tre", "Ban Dân vận Huyện ủy" near the top; "Ngày 11 tháng 6 năm 2018" for the date;
 *   4. for the date only: the year the file name starts with, else the creation date the
 *      document's own properties give (DOCX, ODT, PDF); else the date is unknown (""). The
 *      file's mtime is never taken for the report's date (the record keeps it apart).
 * The document's own number comes from the "Số: 25-NQ/TW" line of a standard header block.
 * A folder name and the name the text spells agree when their folded forms do ("son-dinh",
 * "Sơn Định"): the text's spelling is then shown. Names compare by their folded key, so tone
 * marks and tone placement never matter (Mỹ Hòa = My Hoa = Mỹ Hoà).
 */
#ifndef TRACUU_INDEXER_META_H
#define TRACUU_INDEXER_META_H

#include <stddef.h>
#include <stdint.h>

#define META_NAME_MAX 128

typedef struct doc_meta {
    char commune[META_NAME_MAX], district[META_NAME_MAX], province[META_NAME_MAX];
    char body[META_NAME_MAX * 2]; /* issuing body, as written: "Ban Dân vận Huyện ủy" */
    char title[META_NAME_MAX * 4]; /* from front matter; "" lets the indexer pick one */
    char kind[16];                 /* bao-cao, so-ket, tong-ket, ke-hoach, khao-sat, tin; "" */
    char date[9];                  /* YYYYMMDD, or YYYY when only the year is known; "" */
    char iso[11];                  /* the same as YYYY-MM-DD or YYYY */
    char number[96];               /* its own number, canonical ("25-NQ/TW"), or "" */
    const char *date_from;         /* "front-matter", "text", "file-name", "properties" */
    size_t body_offset;            /* bytes of front matter before the text proper */
} doc_meta;

/* Fill m for the normalized text[0..n) of the file at path (absolute), found under root
 * (absolute; the file itself when it was named directly; NULL: the file's folder; a base
 * the user named when root_is_base), with `title` the report's title if known (else kind
 * is left "" unless front matter names it: the caller picks a title from the passages and
 * asks meta_kind_of) and the creation date its container states ("YYYY-MM-DD"; NULL or ""
 * when none). */
void meta_of(doc_meta *m, const char *path, const char *root, int root_is_base,
             const char *text, size_t n, const char *title, const char *created);

/* The report kind its title names (see meta_of), else the file name's, else NULL. */
const char *meta_kind_of(const char *title, const char *path);

/* prefix + the folded key of a place name ("XM:" + "son dinh"); "" when name is empty. */
void meta_term(char *out, size_t outsz, const char *prefix, const char *name);

#endif
