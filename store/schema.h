/*
 * schema.h - the index schema, written down once (notmuch's lib/prefix.cc idea).
 *
 * Every record in the Xapian database is one of:
 *   document  - one per source file: every word of it (positions run on through the
 *               document, one position left out between passages), its filters, and as
 *               data (store/record.h) its metadata, text and the tables of its passages and
 *               citations. Searches match documents; passages are picked at query time from
 *               the positions of the query's words (query/passages.c). Its findings (the
 *               sentences of achievement and limitation passages that `similar` and
 *               `recurring` compare, text/section.h) are a table of the data too, and their
 *               similarity terms ("S") terms of the record. Schema 4 had a record per
 *               passage and one per finding besides: 23 records a report, each repeating the
 *               metadata.
 *   failed    - a file that could not be indexed (removals are metadata: META_GONE).
 *
 * Bump TRACUU_SCHEMA_VERSION whenever a prefix, slot or data field below changes meaning;
 * an index of another version is refused with a message to reindex.
 */
#ifndef TRACUU_STORE_SCHEMA_H
#define TRACUU_STORE_SCHEMA_H

#define TRACUU_SCHEMA_VERSION 5

/* Metadata keys. */
#define META_SCHEMA "tracuu.schema"   /* decimal schema version */
/* Abbreviations documents define ("Ban Thường vụ (BTV)"), both ways, folded syllables
 * joined by spaces; the value lists the other side, one per line:
 *   "tracuu.abbr:btv" = "ban thuong vu", "tracuu.abbx:ban thuong vu" = "btv". */
#define META_ABBR "tracuu.abbr:"
#define META_ABBR_EXPANSION "tracuu.abbx:"
/* Titles of numbers the registry has no title for, learned only from the trích yếu in the
 * header of the indexed document that carries the number (XN:):
 *   "tracuu.title:597/KH-UBND" = "Triển khai thực hiện ..." (the first one seen). */
#define META_TITLE "tracuu.title:"
/* The roots `tracuu index` was given (absolute, one per line), the index revision (decimal,
 * +1 per run that changed anything) and the last run's summary (JSON). */
#define META_ROOTS "tracuu.roots"
#define META_REVISION "tracuu.revision"
#define META_LAST_RUN "tracuu.last_run"
/* The folder the metadata folder convention counts from (tracuu_add_options.base), absolute;
 * absent: each indexed path counts from itself. */
#define META_BASE "tracuu.base"

/* ---- Term prefixes ------------------------------------------------------------------
 * (none)  folded syllable, positional: no marks, đ -> d ("dan", "van"). Documents.
 * E       exact syllable, wdf = occurrences, no positions: case-folded, canonical
 *         old-style tone placement ("Edân", "Ehòa"). Documents. Only for syllables whose
 *         exact form differs from the folded one (marks, đ): the folded term already is
 *         the exact form of "cho", "tin", "25". The exact layer only ranks (a query typed
 *         with marks puts passages with the very marks first), so it needs no positions;
 *         dropping them and the duplicates made indexing ~25% faster and the position
 *         table half as big (bench/RESULTS.md).
 * B       folded bigram: "B" + folded syllable + " " + next folded syllable ("Bdan van"),
 *         wdf = occurrences, no positions. Documents. Ranks query words typed side by side
 *         that stand side by side in a passage (measured better than phrase or proximity
 *         boosts: bench/ranking.c).
 * XC:     "XC:" + citation id on a document that cites it ("XC:25-NQ/TW@2013"), and
 *         "XC:" + the id without its "@..." part, so both spellings find it. Boolean.
 *         Which passage cites what: the record's citation table.
 * Q       unique id. "QD" + dockey on the document record; "QF" + dockey on a failed-file
 *         record. Records are upserted and deleted by these, never by docid.
 * K       record kind, boolean: "Kdoc", "Kfailed" (a file that could not be indexed: its
 *         path, status and reason, until it is fixed or removed); "Kfinding" (below).
 * D       "D" + dockey, boolean, on the document record: deleting a file's record is one
 *         delete_document("D" + dockey).
 * dockey  16 lower-case hex digits of XXH3-64 of the absolute path: fixed length, so
 *         terms stay far below Xapian's 245-byte limit whatever the path.
 */
#define PREFIX_EXACT "E"
#define PREFIX_BIGRAM "B"
#define PREFIX_CITE "XC:"
/* "XN:" + the document's own number from its header ("XN:597/KH-UBND", text/cite.h
 * cite_own_number), boolean, on documents: its identity. `cites`/`refs` link a cited id to
 * the archived document so numbered ("in_archive"), and a typed number finds it in search.
 * The number is never among the document's own XC: terms. Indexes built before it was
 * added lack it until reindexed (no schema bump: no existing term changed meaning). */
#define PREFIX_NUMBER "XN:"
/* "XM:" + the commune (the file's folder), folded syllables joined by spaces ("XM:son dinh"),
 * boolean, on documents: `commune:` and `--commune` filter on it. */
#define PREFIX_COMMUNE "XM:"
/* "XH:" + the district, "XT:" + the province (folded like XM:), boolean, on all records of a
 * document: `district:`, `province:` and their options filter on them. */
#define PREFIX_DISTRICT "XH:"
#define PREFIX_PROVINCE "XT:"
/* "XB:" + band number (0-3) + 4 hex digits: one 16-bit band of the document's simhash
 * (text/simhash.h), boolean, on document records: near-duplicate reports share a band. */
#define PREFIX_SIMHASH_BAND "XB:"
/* "XS:" + a section (other, achievement, limitation, direction), boolean: on a document one
 * per section it has passages in. `section:` and `--section` filter on
 * it; search then shows only passages of that section. */
#define PREFIX_SECTION "XS:"
/* "S" + a similarity term of a finding (text/simterms.h): a content syllable ("Squan") or
 * a bigram of two ("Squan tam"), wdf = occurrences over the document's findings, no
 * positions. */
#define PREFIX_SIM "S"
/* "XK:" + the report's kind (bao-cao, so-ket, tong-ket, ke-hoach, khao-sat, tin), boolean, on
 * documents: `kind:` and `--kind` filter on it. */
#define PREFIX_KIND_OF "XK:"
/* The kinds, for `static const char *const kinds[] = {REPORT_KINDS};`. */
#define REPORT_KINDS "so-ket", "tong-ket", "ke-hoach", "khao-sat", "bao-cao", "tin"
#define PREFIX_UID_DOC "QD"
#define PREFIX_KIND "K"
#define PREFIX_DOC "D"
#define KIND_DOC "Kdoc"
#define KIND_FAILED "Kfailed"
/* "tracuu.gone@" + the revision, %012llu: the paths removed by that run, one a line, for
 * `tracuu changes` (metadata, not tombstone records: records would count among the
 * documents and shift every score; since schema 5). */
#define META_GONE "tracuu.gone@"
/* On the document records that have findings: `recurring` selects them, and their number is
 * the N of the similarity terms' idf (query/simvec.h). */
#define KIND_FINDING "Kfinding"
#define PREFIX_UID_FAILED "QF"

/* ---- Value slots --------------------------------------------------------------------- */
#define SLOT_PATH 0     /* absolute path */
#define SLOT_DOCKEY 1   /* dockey; the collapse key for one-result-per-document */
/* slot 2: unused since schema 5 (passage ordinals of passage records) */
#define SLOT_DATE 3     /* the report's own date YYYYMMDD, or YYYY from its file name */
#define SLOT_STAMP 4    /* document record: "<size>:<mtime ns>" of the file when indexed */
#define SLOT_MANIFEST 5 /* document record: "<size>:<mtime ns>\t<xxh3 hex>\t<path>", all a
                         * reindex needs to know of a file, read in one value-stream pass */
#define SLOT_REVISION 6 /* document records: the run's revision, %012llu */
/* slot 7: unused since schema 5 (the commune key of finding records) */
/* Document records: the simhash as 16 hex digits, then the path: what the near-duplicate
 * check (query/dupes.c) compares, read without the record's data. */
#define SLOT_SIMHASH 8
/* Documents: path and a tab: how equal scores are ordered, the same in one index and over
 * shards (Xapian's remote backend sorts by one value, not by a KeyMaker). */
#define SLOT_ORDER 9
/* Documents: how many passages, decimal (`status` sums them in one value-stream pass). */
#define SLOT_PASSAGES 10
/* Documents, for facets (Xapian's ValueCountMatchSpy counts matches per distinct value, and
 * remote shards run it too): the commune and district as written ("Sơn Định"), the kind, and the bases of
 * the ids it cites, sorted, one per line ("217-QĐ/TW\n25-NQ/TW"): a document counts once for
 * each id of its combination, so summing over combinations gives documents per id. Year
 * facets read SLOT_DATE. */
#define SLOT_FACET_COMMUNE 11
#define SLOT_FACET_KIND 12
#define SLOT_FACET_CITES 13
#define SLOT_FACET_DISTRICT 14 /* the district as written */

/* ---- Data ---------------------------------------------------------------------------
 * Document: the typed record of store/record.h (metadata, text, passage and citation
 *           tables, abbreviations), encoded and decoded by that module alone.
 * Failed:   the typed failed-file record of store/record.h (path, status, message, size);
 *           records of earlier schema-5 indexes hold the same keys as JSON, still read.
 * Metadata: META_GONE + revision (index_gone_key): the stored names of the files a run
 *           removed, one a line, written by indexer/add.c and read by query/changes.c.
 */

#endif
