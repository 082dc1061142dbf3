/*
 * document.c - one document's record: tracuu_document_get (what `tracuu show` prints).
 *
 * A document is named by its path (as indexed: absolute; a relative or symlinked path is
 * resolved first) or by its 16-hex-digit dockey.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "intl.h"
#include "record.h"
#include "schema.h"
#include "section.h"

/* The data of the document record `doc` names (owned, free()), or a status with the message
 * on ix. */
static tracuu_status
record_data(tracuu_index *ix, const char *doc, char dockey[17], char **data, size_t *len)
{
    char term[32];
    if (index_doc_key(dockey, doc) != TRACUU_OK)
        return index_fail(ix, TRACUU_ENOMEM, "out of memory");
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    store_err err = {TRACUU_OK, ""};
    tracuu_status st = store_db_find(ix->db, term, SLOT_PATH, NULL, data, len, &err);
    if (st == TRACUU_ENOTFOUND)
        return index_fail(ix, st, L_("%s: not in the index (give its path or its 16-digit key)"),
                          doc);
    return st == TRACUU_OK ? st : index_fail_store(ix, &err);
}

tracuu_status
tracuu_document_get(char **out, tracuu_index *ix, const char *doc)
{
    if (!out || !ix || !doc || !*doc)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char dockey[17], *data = NULL;
    size_t len = 0;
    tracuu_status st = record_data(ix, doc, dockey, &data, &len);
    if (st != TRACUU_OK)
        return st;
    json_t *o = NULL;
    st = record_doc_json_get(&o, data, len);
    free(data);
    if (st == TRACUU_ENOMEM)
        return index_fail(ix, st, "out of memory");
    if (st != TRACUU_OK)
        return index_fail(ix, TRACUU_ECORRUPT, "%s: the document record cannot be read", doc);
    json_object_set_new(o, "dockey", json_string(dockey));
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}

tracuu_status
tracuu_document_passages(char **out, tracuu_index *ix, const char *doc)
{
    if (!out || !ix || !doc || !*doc)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char dockey[17], *data = NULL;
    size_t len = 0;
    record_doc *d = NULL;
    tracuu_status st = record_data(ix, doc, dockey, &data, &len);
    if (st != TRACUU_OK)
        return st;
    st = record_doc_decode(&d, data, len);
    free(data);
    if (st != TRACUU_OK)
        return index_fail(ix, st, "%s: the document record cannot be read", doc);
    json_t *list = json_array();
    for (size_t i = 0; list && i < d->npassages; i++) {
        const record_passage *p = &d->passages[i];
        json_t *cites = record_passage_cite_ids(d, (uint32_t)i);
        size_t hl;
        const char *hs = record_passage_heading(d, (uint32_t)i, &hl);
        json_t *heading = hs ? json_stringn(hs, hl) : json_null();
        json_array_append_new(
            list, json_pack("{s:I, s:s%, s:s, s:I, s:o, s:o}", "passage", (json_int_t)i + 1,
                            "text", d->text + p->start, (size_t)(p->end - p->start), "section",
                            section_name((section_kind)(p->section & 3)), "page",
                            (json_int_t)p->page, "heading", heading ? heading : json_null(),
                            "cites", cites));
    }
    json_t *o = json_pack("{s:s, s:o}", "path", d->path, "passages", list);
    record_doc_free(d);
    *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}
