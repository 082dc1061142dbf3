/*
 * test_store.c - the Xapian seam on a real on-disk database: documents, every query
 * operator, collapse, metadata, upsert/delete by unique term, expand sets, and the error
 * paths (missing, corrupt, locked, read-only, schema mismatch through the index handle).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"
#include "record.h"
#include "schema.h"
#include "testutil.h"
#include "xapian_c.h"

static char *dir;
static char *dbpath;

static void
setup(void)
{
    dir = tu_tmpdir();
    ck_assert_ptr_nonnull(dir);
    size_t n = strlen(dir) + 8;
    dbpath = malloc(n);
    snprintf(dbpath, n, "%s/db", dir);
}

static void
teardown(void)
{
    tu_rmrf(dir);
    free(dir);
    free(dbpath);
}

/* Add a document with unique term `id`, words at positions 1.., value slot 0 = v. */
static void
add(store_db *db, const char *id, const char *words, const char *v, const char *coll)
{
    store_err e;
    store_doc *d = NULL;
    ck_assert_int_eq(store_doc_new(&d, &e), TRACUU_OK);
    ck_assert_int_eq(store_doc_term(d, id, strlen(id), 0, &e), TRACUU_OK);
    char *w = strdup(words), *save = NULL;
    unsigned pos = 1;
    for (char *t = strtok_r(w, " ", &save); t; t = strtok_r(NULL, " ", &save))
        ck_assert_int_eq(store_doc_posting(d, t, strlen(t), pos++, &e), TRACUU_OK);
    free(w);
    ck_assert_int_eq(store_doc_value(d, 0, v, strlen(v), &e), TRACUU_OK);
    ck_assert_int_eq(store_doc_value(d, 1, coll, strlen(coll), &e), TRACUU_OK);
    ck_assert_int_eq(store_doc_data(d, id, strlen(id), &e), TRACUU_OK);
    ck_assert_int_eq(store_db_replace(db, id, d, &e), TRACUU_OK);
    store_doc_free(d);
}

static store_db *
fixture_db(void)
{
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&db, dbpath, STORE_WRITE, &e), TRACUU_OK);
    add(db, "Qa", "cong tac dan van o xa", "20180611", "A");
    add(db, "Qb", "van dong nhan dan tham gia", "20190101", "A");
    add(db, "Qc", "mat tran to quoc va cac doan the", "20200505", "B");
    add(db, "Qd", "dan chu co so", "20210101", "C");
    ck_assert_int_eq(store_db_commit(db, &e), TRACUU_OK);
    return db;
}


/* Run q and return the matching ids joined with ',' in rank order (static buffer). */
static const char *
run(store_db *db, store_query *q, int collapse)
{
    static char out[256];
    store_err e;
    store_mset *m = NULL;
    store_search_opts o = STORE_SEARCH_OPTS_INIT;
    o.collapse_slot = collapse;
    ck_assert_int_eq(store_search(&m, db, q, &o, &e), TRACUU_OK);
    out[0] = '\0';
    for (size_t i = 0; i < store_mset_size(m); i++) {
        store_hit h;
        store_mset_hit(m, i, &h);
        if (i)
            strcat(out, ",");
        strncat(out, h.data, h.datalen);
    }
    store_mset_free(m);
    return out;
}

static store_query *
term(const char *t)
{
    store_query *q = NULL;
    store_err e;
    ck_assert_int_eq(store_query_term(&q, t, strlen(t), 1, 0, &e), TRACUU_OK);
    return q;
}

static store_query *
comb(store_op op, store_query *a, store_query *b, unsigned window)
{
    store_query *q = NULL, *s[2] = {a, b};
    store_err e;
    ck_assert_int_eq(store_query_combine(&q, op, s, 2, window, &e), TRACUU_OK);
    store_query_free(a);
    store_query_free(b);
    return q;
}

/* store/record.c: a record encodes and decodes to the same fields and tables; one cut short,
 * with a table pointing past its text, or without the magic is ECORRUPT. */
START_TEST(test_record_roundtrip)
{
    static const char text[] = "Báo cáo\n\nThực hiện Nghị quyết 25-NQ/TW, xã đã làm tốt.";
    const record_passage ps[2] = {{0, 11, 1, 3, 0, RECORD_NO_HEADING, 0},
                                  {13, sizeof text - 1, 5, 14, 2, 0, 2}};
    const record_cite cs[1] = {{"25-NQ/TW@2013", 36, 44, 1, 1}};
    const record_finding fs[1] = {{1, 13, sizeof text - 1}};
    const char *abbr[2] = {"BTV", "Ban Thường vụ"};
    record_doc d = {.path = "/a/b.txt", .title = "Báo cáo", .encoding = "UTF-8",
                    .date = "2019-05-20", .commune = "Sơn Định", .size = 99,
                    .mtime_ns = -5, .revision = 7, .created = 3, .pages = 2,
                    .text = text, .textlen = sizeof text - 1, .passages = ps, .npassages = 2,
                    .cites = cs, .ncites = 1, .findings = fs, .nfindings = 1, .abbr = abbr,
                    .nabbr = 1};
    text_buf b = TEXT_BUF_INIT(RECORD_MAX);
    ck_assert_int_eq(record_doc_encode(&b, &d), TRACUU_OK);
    record_doc *r = NULL;
    ck_assert_int_eq(record_doc_decode(&r, b.ptr, b.len), TRACUU_OK);
    ck_assert_str_eq(r->path, "/a/b.txt");
    ck_assert_str_eq(r->commune, "Sơn Định");
    ck_assert_ptr_null(r->district);
    ck_assert_int_eq(r->mtime_ns, -5);
    ck_assert_uint_eq(r->revision, 7);
    ck_assert_uint_eq(r->pages, 2);
    ck_assert_str_eq(r->text, text);
    ck_assert_uint_eq(r->npassages, 2);
    const record_passage *q = &r->passages[1];
    ck_assert(q->start == 13 && q->end == sizeof text - 1 && q->pos_first == 5 &&
              q->pos_last == 14 && q->page == 2 && q->heading == 0 && q->section == 2);
    ck_assert_uint_eq(r->passages[0].heading, RECORD_NO_HEADING);
    ck_assert_str_eq(r->cites[0].id, "25-NQ/TW@2013");
    ck_assert_uint_eq(r->cites[0].passage, 1);
    ck_assert_uint_eq(r->findings[0].end, sizeof text - 1);
    ck_assert_str_eq(r->abbr[1], "Ban Thường vụ");
    ck_assert_uint_eq(record_passage_at(r, 20), 1);
    ck_assert_uint_eq(record_passage_at(r, 12), RECORD_NO_PASSAGE); /* between the two */
    json_t *o = record_doc_json(r);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "passages")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(o, "cites"), 0), "resolved")),
                     "informal");
    json_decref(o);
    record_doc_free(r);
    /* every shorter prefix is refused, never read past */
    for (size_t n = 0; n < b.len; n++) {
        r = NULL;
        ck_assert_int_eq(record_doc_decode(&r, b.ptr, n), TRACUU_ECORRUPT);
        ck_assert_ptr_null(r);
    }
    /* a passage past the text */
    record_passage bad[2] = {ps[0], ps[1]};
    bad[1].end = sizeof text + 10;
    d.passages = bad;
    text_buf_reset(&b);
    ck_assert_int_eq(record_doc_encode(&b, &d), TRACUU_OK);
    ck_assert_int_eq(record_doc_decode(&r, b.ptr, b.len), TRACUU_ECORRUPT);
    ck_assert_int_eq(record_doc_decode(&r, "{\"path\":1}", 10), TRACUU_ECORRUPT);
    text_buf_free(&b);
}
END_TEST

START_TEST(test_failed_record)
{
    /* A failed-file record comes back as written, old JSON ones are still read, and a cut
     * or foreign one is refused. */
    record_failed f = {"/d/b-\\xFF.txt", "cannot read file", "b.txt: cannot open: denied", 77};
    text_buf b = TEXT_BUF_INIT(1 << 16);
    ck_assert_int_eq(record_failed_encode(&b, &f), TRACUU_OK);
    record_failed *g = NULL;
    ck_assert_int_eq(record_failed_decode(&g, b.ptr, b.len), TRACUU_OK);
    ck_assert_str_eq(g->path, f.path);
    ck_assert_str_eq(g->status, f.status);
    ck_assert_str_eq(g->message, f.message);
    ck_assert_uint_eq(g->size, 77);
    record_failed_free(g);
    for (size_t cut = 0; cut < b.len; cut++) {
        ck_assert_int_eq(record_failed_decode(&g, b.ptr, cut), TRACUU_ECORRUPT);
        ck_assert_ptr_null(g);
    }
    const char *old = "{\"path\":\"/d/a.txt\",\"status\":\"invalid text encoding\","
                      "\"message\":\"line 3\",\"size\":12}";
    json_t *o = record_failed_json_of(old, strlen(old));
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(json_string_value(json_object_get(o, "path")), "/d/a.txt");
    ck_assert_int_eq(json_integer_value(json_object_get(o, "size")), 12);
    json_decref(o);
    ck_assert_ptr_null(record_failed_json_of("TRD5", 4)); /* a document record is not one */
    ck_assert_ptr_null(record_failed_json_of("{}", 2));
    text_buf_free(&b);
}
END_TEST

START_TEST(test_operators)
{
    store_db *db = fixture_db();
    store_query *q;
    q = term("dan");
    ck_assert_str_eq(run(db, q, -1), "Qd,Qa,Qb"); /* shortest document first under BM25 */
    store_query_free(q);
    q = comb(STORE_OP_AND, term("dan"), term("van"), 0);
    ck_assert_uint_eq(strlen(run(db, q, -1)), strlen("Qa,Qb"));
    store_query_free(q);
    q = comb(STORE_OP_PHRASE, term("dan"), term("van"), 2);
    ck_assert_str_eq(run(db, q, -1), "Qa");
    store_query_free(q);
    q = comb(STORE_OP_NEAR, term("van"), term("dan"), 4);
    ck_assert_uint_eq(strlen(run(db, q, -1)), strlen("Qa,Qb"));
    store_query_free(q);
    q = comb(STORE_OP_AND_NOT, term("dan"), term("van"), 0);
    ck_assert_str_eq(run(db, q, -1), "Qd");
    store_query_free(q);
    q = comb(STORE_OP_OR, term("quoc"), term("chu"), 0);
    ck_assert_uint_eq(strlen(run(db, q, -1)), strlen("Qc,Qd"));
    store_query_free(q);
    q = comb(STORE_OP_SYNONYM, term("quoc"), term("chu"), 0);
    ck_assert_uint_eq(strlen(run(db, q, -1)), strlen("Qc,Qd"));
    store_query_free(q);
    /* FILTER by a value range: documents of 2019 and later that mention dan */
    store_query *r = NULL;
    store_err e;
    ck_assert_int_eq(store_query_value_range(&r, 0, "20190101", "20211231", &e), TRACUU_OK);
    q = comb(STORE_OP_FILTER, term("dan"), r, 0);
    ck_assert_str_eq(run(db, q, -1), "Qd,Qb");
    store_query_free(q);
    /* AND_MAYBE: matches of the left side only, reordered by the right */
    q = comb(STORE_OP_AND_MAYBE, term("dan"), term("tham"), 0);
    ck_assert_str_eq(run(db, q, -1), "Qb,Qd,Qa");
    store_query_free(q);
    /* collapse on slot 1: one per distinct value */
    ck_assert_int_eq(store_query_match_all(&q, &e), TRACUU_OK);
    ck_assert_uint_eq(strlen(run(db, q, 1)), strlen("Qa,Qc,Qd"));
    store_query_free(q);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_upsert_delete_meta_find)
{
    store_db *db = fixture_db();
    store_err e;
    uint64_t n = 0;
    add(db, "Qa", "hoan toan moi", "x", "A"); /* replace, not add */
    ck_assert_int_eq(store_db_stats(db, &n, NULL, NULL, &e), TRACUU_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(store_db_termfreq(db, "cong", &n, &e), TRACUU_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(store_db_delete(db, "Qb", &e), TRACUU_OK);
    ck_assert_int_eq(store_db_delete(db, "Qnone", &e), TRACUU_OK);
    ck_assert_int_eq(store_db_set_meta(db, "k", "giá trị", &e), TRACUU_OK);
    ck_assert_int_eq(store_db_commit(db, &e), TRACUU_OK);
    char *v = NULL, *d = NULL;
    size_t dl = 0;
    ck_assert_int_eq(store_db_get_meta(db, "k", &v, &e), TRACUU_OK);
    ck_assert_str_eq(v, "giá trị");
    free(v);
    ck_assert_int_eq(store_db_get_meta(db, "missing", &v, &e), TRACUU_OK);
    ck_assert_str_eq(v, "");
    free(v);
    ck_assert_int_eq(store_db_find(db, "Qa", 0, &v, &d, &dl, &e), TRACUU_OK);
    ck_assert_str_eq(v, "x");
    ck_assert_str_eq(d, "Qa");
    free(v);
    free(d);
    ck_assert_int_eq(store_db_find(db, "Qb", 0, &v, NULL, NULL, &e), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(v);
    char *terms = NULL;
    ck_assert_int_eq(store_db_doc_terms(db, "Qa", &terms, &e), TRACUU_OK);
    ck_assert_ptr_nonnull(strstr(terms, "moi\t1\n"));
    free(terms);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_transaction_cancel)
{
    store_db *db = fixture_db();
    store_err e;
    uint64_t n = 0;
    ck_assert_int_eq(store_db_begin(db, &e), TRACUU_OK);
    add(db, "Qz", "se bi huy", "z", "Z");
    ck_assert_int_eq(store_db_end(db, 0, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_termfreq(db, "Qz", &n, &e), TRACUU_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_expand)
{
    store_db *db = fixture_db();
    store_err e;
    store_query *q = NULL;
    const char *rel[] = {"Qa"};
    ck_assert_int_eq(store_expand(&q, db, rel, 1, 5, &e), TRACUU_OK);
    char *d = store_query_describe(q);
    /* The expand set holds Qa's words and never the unique (prefixed) term. */
    ck_assert_msg(strstr(d, "cong") && !strstr(d, "Qa"), "%s", d);
    free(d);
    /* More like Qa: Qa itself first. */
    ck_assert(strncmp(run(db, q, -1), "Qa", 2) == 0);
    store_query_free(q);
    const char *none[] = {"Qnothing"};
    ck_assert_int_eq(store_expand(&q, db, none, 1, 5, &e), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(q);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_error_missing)
{
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&db, dbpath, STORE_READ, &e), TRACUU_ENOTFOUND);
    ck_assert_ptr_null(db);
    ck_assert(strlen(e.msg) > 0);
    ck_assert_ptr_null(strchr(e.msg, '\n'));
}
END_TEST

START_TEST(test_error_corrupt)
{
    /* A folder of garbage where an index should be. */
    free(tu_write_str(dbpath, "iamglass", "not really"));
    free(tu_write_str(dbpath, "postlist.glass", "garbage garbage garbage"));
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&db, dbpath, STORE_READ, &e), TRACUU_ECORRUPT);
    ck_assert_ptr_null(db);
    ck_assert(strlen(e.msg) > 0);
}
END_TEST

START_TEST(test_error_locked)
{
    store_db *a = NULL, *b = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&a, dbpath, STORE_WRITE, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_open(&b, dbpath, STORE_WRITE, &e), TRACUU_ELOCKED);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(e.msg, "locked"));
    /* Readers are not blocked by the writer. */
    ck_assert_int_eq(store_db_open(&b, dbpath, STORE_READ, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_close(b, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_close(a, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_error_readonly)
{
    store_db *db = fixture_db();
    store_err e;
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_open(&db, dbpath, STORE_READ, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_delete(db, "Qa", &e), TRACUU_EINVAL);
    ck_assert_int_eq(store_db_commit(db, &e), TRACUU_EINVAL);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

START_TEST(test_schema_mismatch)
{
    /* An index stamped with another schema version is refused with advice. */
    store_db *db = NULL;
    store_err e;
    ck_assert_int_eq(store_db_open(&db, dbpath, STORE_WRITE, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_set_meta(db, META_SCHEMA, "999", &e), TRACUU_OK);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
    tracuu_index *ix = NULL;
    char *msg = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, dbpath, TRACUU_MODE_READ, &msg), TRACUU_EVERSION);
    ck_assert_ptr_null(ix);
    ck_assert_msg(strstr(msg, "reindex") != NULL, "%s", msg);
    free(msg);
    /* A non-empty database without the stamp is not ours. */
    tu_rmrf(dbpath);
    db = fixture_db();
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
    ck_assert_int_eq(tracuu_index_open(&ix, dbpath, TRACUU_MODE_WRITE, &msg), TRACUU_EVERSION);
    free(msg);
}
END_TEST

START_TEST(test_stub)
{
    /* Two shards behind one stub file read as one database. */
    store_err e;
    char a[600], b[600], stub[600], text[1300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(stub, sizeof stub, "%s/all.stub", dir);
    store_db *db = NULL;
    ck_assert_int_eq(store_db_open(&db, a, STORE_WRITE, &e), TRACUU_OK);
    add(db, "Qa", "dan van", "1", "A");
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
    ck_assert_int_eq(store_db_open(&db, b, STORE_WRITE, &e), TRACUU_OK);
    add(db, "Qb", "dan chu", "2", "B");
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
    snprintf(text, sizeof text, "auto %s\nauto %s\n", a, b);
    free(tu_write_str(dir, "all.stub", text));
    ck_assert_int_eq(store_db_open(&db, stub, STORE_READ, &e), TRACUU_OK);
    unsigned shards = 0;
    uint64_t docs = 0;
    ck_assert_int_eq(store_db_stats(db, &docs, NULL, &shards, &e), TRACUU_OK);
    ck_assert_uint_eq(shards, 2);
    ck_assert_uint_eq(docs, 2);
    store_query *q = term("dan");
    ck_assert_uint_eq(strlen(run(db, q, -1)), strlen("Qa,Qb"));
    store_query_free(q);
    ck_assert_int_eq(store_db_close(db, &e), TRACUU_OK);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("store");
    TCase *t = tcase_create("seam");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_record_roundtrip);
    tcase_add_test(t, test_failed_record);
    tcase_add_test(t, test_operators);
    tcase_add_test(t, test_upsert_delete_meta_find);
    tcase_add_test(t, test_transaction_cancel);
    tcase_add_test(t, test_expand);
    tcase_add_test(t, test_stub);
    suite_add_tcase(s, t);
    t = tcase_create("errors");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_error_missing);
    tcase_add_test(t, test_error_corrupt);
    tcase_add_test(t, test_error_locked);
    tcase_add_test(t, test_error_readonly);
    tcase_add_test(t, test_schema_mismatch);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
