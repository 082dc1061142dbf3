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
#include "record.h"
#include "schema.h"

tracuu_status
tracuu_document_get(char **out, tracuu_index *ix, const char *doc)
{
    if (!out || !ix || !doc || !*doc)
        return TRACUU_EINVAL;
    *out = NULL;
    index_clear_error(ix);
    char dockey[17], term[32];
    index_doc_key(dockey, doc);
    snprintf(term, sizeof term, "%s%s", PREFIX_UID_DOC, dockey);
    store_err err = {TRACUU_OK, ""};
    char *data = NULL;
    size_t len = 0;
    tracuu_status st = store_db_find(ix->db, term, SLOT_PATH, NULL, &data, &len, &err);
    if (st == TRACUU_ENOTFOUND)
        return index_fail(ix, st, "%s: not in the index (give its path or its 16-digit key)",
                          doc);
    if (st != TRACUU_OK)
        return index_fail_store(ix, &err);
    json_t *o = record_doc_json_of(data, len);
    free(data);
    if (!o)
        return index_fail(ix, TRACUU_ECORRUPT, "%s: the document record cannot be read", doc);
    json_object_set_new(o, "dockey", json_string(dockey));
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? TRACUU_OK : index_fail(ix, TRACUU_ENOMEM, "out of memory");
}
