/*
 * filetext.c - tracuu_file_text (tracuu.h): one file's text exactly as `index` reads it,
 * for the commands that analyse a file without an index. The same stages as add.c's
 * index_file: extract_text, text_normalize, layout_strip; nothing else reads formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu.h"

#include "extract.h"
#include "layout.h"
#include "normalize.h"

tracuu_status
tracuu_file_text(char **out, size_t *outlen, char *used, size_t usedsz, const char *name,
                 const char *bytes, size_t len, const char *encoding, char **errmsg)
{
    if (out)
        *out = NULL;
    if (outlen)
        *outlen = 0;
    if (used && usedsz)
        used[0] = '\0';
    if (errmsg)
        *errmsg = NULL;
    if (!out || (!bytes && len))
        return TRACUU_EINVAL;
    extract_format fmt = name ? extract_format_of(name) : EXTRACT_TEXT;
    /* the indexer's ceilings (add.c): decoded text at most 4x the bytes */
    size_t max = fmt == EXTRACT_TEXT || fmt == EXTRACT_HTML || fmt == EXTRACT_MARKDOWN
                     ? len * 4 + 64
                     : (size_t)256 << 20;
    text_buf dec = TEXT_BUF_INIT(max), norm = TEXT_BUF_INIT(max);
    text_buf marks = TEXT_BUF_INIT((size_t)1 << 28);
    extract_result res = EXTRACT_RESULT_INIT;
    char err[400] = "";
    tracuu_status st = extract_text(&dec, &res, fmt, bytes ? bytes : "", len, encoding, 0, err,
                                    sizeof err);
    if (st == TRACUU_OK && used && usedsz)
        snprintf(used, usedsz, "%s", res.encoding ? res.encoding : "");
    if (st == TRACUU_OK)
        st = text_normalize(&norm, dec.ptr ? dec.ptr : "", dec.len);
    if (st == TRACUU_OK && res.layout)
        st = layout_strip(&norm, &marks);
    if (st == TRACUU_OK) {
        *out = text_buf_steal(&norm, outlen);
        if (!*out)
            st = TRACUU_ENOMEM;
    } else if (errmsg) {
        *errmsg = strdup(err[0] ? err : tracuu_status_str(st));
    }
    extract_result_free(&res);
    text_buf_free(&dec);
    text_buf_free(&norm);
    text_buf_free(&marks);
    return st;
}
