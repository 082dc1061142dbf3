/*
 * test_findings.c - `similar` and `recurring` measured on tests/data/findings.tsv.
 *
 * Each finding of the table goes into the limitation list of one commune's report (a real
 * file in a province/district/commune tree, indexed into a real Xapian index); the findings
 * of one group land in different communes. Then every finding asks tracuu_similar_find for its
 * likes: the answer is right when the best result is another member of its group.
 * Precision@1 and MRR are printed; the test fails below P@1 0.9. tracuu_recurring_find must find
 * every group of three or more communes, and no group it reports may mix two of them.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tracuu.h"

#define NCOMMUNES 12
#define MAX_ROWS 256

static const char *const communes[NCOMMUNES][2] = {
    {"an-hiep", "An Hiệp"},     {"binh-thanh", "Bình Thạnh"}, {"chau-hoa", "Châu Hòa"},
    {"da-phuoc", "Đa Phước"},   {"giao-long", "Giao Long"},   {"hoa-loi", "Hòa Lợi"},
    {"long-my", "Long Mỹ"},     {"my-hoa", "Mỹ Hòa"},         {"phu-tuc", "Phú Túc"},
    {"quoi-son", "Quới Sơn"},   {"tan-loi", "Tân Lợi"},       {"vinh-thanh", "Vĩnh Thành"},
};

typedef struct row {
    char group[8];
    char role;
    char text[512];
    int commune;
    unsigned passage, finding; /* where the report puts it */
} row;

static row rows[MAX_ROWS];
static size_t nrows;
static char *dir, *ixdir;

static void
load_rows(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/findings.tsv", tu_env("TRACUU_SOURCE_ROOT", "."));
    char *data = tu_read(path, NULL);
    ck_assert_msg(data != NULL, "cannot read %s", path);
    nrows = 0;
    for (char *line = strtok(data, "\n"); line && nrows < MAX_ROWS; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        ck_assert_msg(t1 && t2, "findings.tsv: bad line: %s", line);
        row *r = &rows[nrows++];
        snprintf(r->group, sizeof r->group, "%.*s", (int)(t1 - line), line);
        r->role = t1[1];
        snprintf(r->text, sizeof r->text, "%s", t2 + 1);
    }
    free(data);
    /* Communes: the members of a group in distinct communes (steps of 7 modulo 12 never
     * meet within four members), distractors spread round. */
    int member = 0, d = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (i > 0 && strcmp(rows[i].group, rows[i - 1].group))
            member = 0;
        if (rows[i].role == 'd')
            rows[i].commune = d++ % NCOMMUNES;
        else
            rows[i].commune = (atoi(rows[i].group) * 5 + member++ * 7) % NCOMMUNES;
    }
}

/* One report per commune: its distractors as achievements, its findings as limitation lists
 * of four, each list a passage. */
/* The reports sit under folders long enough that every path passes 600 bytes: similar and
 * recurring keep a finding's path, and a path is no short string (PATH_MAX). */
#define LONG_FOLDER                                                                          \
    "bao-cao-so-ket-cong-tac-dan-van-cua-he-thong-chinh-tri-o-co-so-nam-2024-"              \
    "theo-ke-hoach-cua-ban-dan-van-huyen-uy-va-huong-dan-cua-ban-dan-van-tinh-uy-"          \
    "luu-tru-tai-van-phong-dang-uy"
#define LONG_PREFIX LONG_FOLDER "/" LONG_FOLDER "/" LONG_FOLDER

static void
write_reports(void)
{
    for (int c = 0; c < NCOMMUNES; c++) {
        char *text = calloc(1, 65536);
        ck_assert_ptr_nonnull(text);
        size_t n = 0;
        n += (size_t)sprintf(text + n,
                             "Báo cáo sơ kết công tác dân vận 6 tháng đầu năm 2024 xã %s\n\n"
                             "Ngày 15 tháng 6 năm 2024, Ban Dân vận Đảng ủy xã %s tổ chức sơ "
                             "kết công tác dân vận 6 tháng đầu năm.\n\n",
                             communes[c][1], communes[c][1]);
        unsigned passage = 2, k = 0;
        int first = 1;
        for (size_t i = 0; i < nrows; i++) {
            if (rows[i].commune != c || rows[i].role != 'd')
                continue;
            if (first) {
                n += (size_t)sprintf(text + n, "Kết quả đạt được: ");
                passage++;
                first = 0;
                k = 0;
            } else
                n += (size_t)sprintf(text + n, "; ");
            n += (size_t)sprintf(text + n, "%s", rows[i].text);
            rows[i].passage = passage;
            rows[i].finding = ++k;
        }
        if (!first)
            n += (size_t)sprintf(text + n, ".\n\n");
        k = 0;
        for (size_t i = 0; i < nrows; i++) {
            if (rows[i].commune != c || rows[i].role == 'd')
                continue;
            if (k == 0) {
                passage++;
                n += (size_t)sprintf(text + n, "%s",
                                     passage == 3 || passage == 4
                                         ? "Bên cạnh kết quả đạt được, còn một số hạn chế: "
                                         : "Ngoài ra, còn tồn tại: ");
            } else
                n += (size_t)sprintf(text + n, "; ");
            n += (size_t)sprintf(text + n, "%s", rows[i].text);
            rows[i].passage = passage;
            rows[i].finding = ++k;
            if (k == 4) {
                n += (size_t)sprintf(text + n, ".\n\n");
                k = 0;
            }
        }
        if (k)
            n += (size_t)sprintf(text + n, ".\n\n");
        n += (size_t)sprintf(text + n, "Thời gian tới, Đảng ủy xã tiếp tục lãnh đạo thực hiện "
                                       "tốt công tác dân vận.\n");
        char name[1024];
        snprintf(name, sizeof name, "%s/ben-tre/giong-trom/%s/2024-so-ket-dan-van.txt",
                 LONG_PREFIX, communes[c][0]);
        free(tu_write_str(dir, name, text));
        free(text);
    }
}

static void
setup(void)
{
    dir = tu_tmpdir();
    size_t n = strlen(dir) + 16;
    ixdir = malloc(n);
    snprintf(ixdir, n, "%s/index", dir);
    load_rows();
    write_reports();
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixdir, TRACUU_MODE_WRITE, NULL), TRACUU_OK);
    char root[1024];
    snprintf(root, sizeof root, "%s/%s/ben-tre", dir, LONG_PREFIX);
    const char *paths[1] = {root};
    tracuu_add_stats st;
    /* the folders are the province/district/commune convention (meta.h): say so */
    tracuu_add_options o = TRACUU_ADD_OPTIONS_INIT;
    o.base = root;
    ck_assert_int_eq(tracuu_index_add(ix, paths, 1, &o, &st), TRACUU_OK);
    ck_assert_int_eq((int)st.added, NCOMMUNES);
    tracuu_index_close(ix);
}

static void
teardown(void)
{
    if (getenv("TRACUU_TEST_KEEP")) /* to look at the reports and the index afterwards */
        fprintf(stderr, "kept %s\n", dir);
    else
        tu_rmrf(dir);
    free(dir);
    free(ixdir);
}

static const row *
row_of_text(const char *text)
{
    for (size_t i = 0; i < nrows; i++)
        if (!strcmp(rows[i].text, text))
            return &rows[i];
    return NULL;
}

START_TEST(test_similar_precision)
{
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixdir, TRACUU_MODE_READ, NULL), TRACUU_OK);
    size_t queries = 0, hits1 = 0;
    double rr = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (rows[i].role == 'd')
            continue;
        char ref[1600], *js = NULL;
        snprintf(ref, sizeof ref, "%s/%s/ben-tre/giong-trom/%s/2024-so-ket-dan-van.txt#%u.%u",
                 dir, LONG_PREFIX, communes[rows[i].commune][0], rows[i].passage,
                 rows[i].finding);
        tracuu_status s = tracuu_similar_find(&js, ix, ref, NULL, NULL, 10, 0);
        ck_assert_msg(s == TRACUU_OK, "%s: %s", ref, tracuu_index_errmsg(ix));
        json_t *o = json_loads(js, 0, NULL);
        free(js);
        ck_assert_ptr_nonnull(o);
        /* the report cut the finding where the table has it */
        ck_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "source"), "text")),
                         rows[i].text);
        json_t *res = json_object_get(o, "results");
        size_t rank = 0;
        for (size_t k = 0; k < json_array_size(res) && !rank; k++) {
            const row *r = row_of_text(json_string_value(
                json_object_get(json_array_get(res, k), "text")));
            ck_assert_msg(r == NULL || r->commune != rows[i].commune,
                          "a result from the source's own commune");
            if (r && r->role != 'd' && !strcmp(r->group, rows[i].group))
                rank = k + 1;
        }
        queries++;
        hits1 += rank == 1;
        rr += rank ? 1.0 / (double)rank : 0;
        if (rank != 1)
            fprintf(stderr, "similar miss (rank %zu): [%s] %s\n   top: %s\n", rank,
                    rows[i].group, rows[i].text,
                    json_string_value(json_object_get(json_array_get(res, 0), "text")));
        json_decref(o);
    }
    tracuu_index_close(ix);
    double p1 = (double)hits1 / (double)queries, mrr = rr / (double)queries;
    printf("similar: %zu queries, precision@1 %.3f, MRR %.3f\n", queries, p1, mrr);
    ck_assert_msg(queries >= 100, "the table has %zu findings with paraphrases", queries);
    ck_assert_msg(p1 >= 0.9, "precision@1 %.3f below 0.9", p1);
}
END_TEST

START_TEST(test_recurring_groups)
{
    tracuu_index *ix = NULL;
    ck_assert_int_eq(tracuu_index_open(&ix, ixdir, TRACUU_MODE_READ, NULL), TRACUU_OK);
    char *js = NULL;
    ck_assert_int_eq(tracuu_recurring_find(&js, ix, "section:limitation", 3, 0), TRACUU_OK);
    json_t *o = json_loads(js, 0, NULL);
    free(js);
    ck_assert_ptr_nonnull(o);
    json_t *groups = json_object_get(o, "groups");
    /* Every reported group is one planted group (no mixing, no distractor). */
    size_t gi;
    json_t *g;
    json_array_foreach(groups, gi, g) {
        const char *first = NULL;
        size_t k;
        json_t *f;
        ck_assert_int_ge(json_integer_value(json_object_get(g, "communes_count")), 3);
        json_array_foreach(json_object_get(g, "findings"), k, f) {
            const row *r = row_of_text(json_string_value(json_object_get(f, "text")));
            ck_assert_msg(r && r->role != 'd', "group %zu holds a distractor", gi);
            if (!first)
                first = r->group;
            ck_assert_msg(!strcmp(first, r->group), "group %zu mixes [%s] and [%s]: %s", gi,
                          first, r->group, json_string_value(json_object_get(f, "text")));
        }
    }
    /* Every planted group of three or more communes is found whole. */
    size_t planted = 0, found = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (rows[i].role != 'o')
            continue;
        size_t members = 0;
        for (size_t j = 0; j < nrows; j++)
            members += rows[j].role != 'd' && !strcmp(rows[j].group, rows[i].group);
        if (members < 3)
            continue;
        planted++;
        int whole = 0;
        json_array_foreach(groups, gi, g) {
            size_t k, have = 0;
            json_t *f;
            json_array_foreach(json_object_get(g, "findings"), k, f) {
                const row *r = row_of_text(json_string_value(json_object_get(f, "text")));
                have += r && r->role != 'd' && !strcmp(r->group, rows[i].group);
            }
            whole |= have == members;
        }
        found += whole;
        if (!whole)
            fprintf(stderr, "recurring: group [%s] not found whole: %s\n", rows[i].group,
                    rows[i].text);
    }
    printf("recurring: %zu of %zu planted groups of 3+ communes found whole, %zu groups "
           "reported\n",
           found, planted, json_array_size(groups));
    ck_assert_int_ge(planted, 20);
    ck_assert_int_eq(found, planted);
    json_decref(o);
    tracuu_index_close(ix);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("findings");
    TCase *tc = tcase_create("findings");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_similar_precision);
    tcase_add_test(tc, test_recurring_groups);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
