/*
 * docgen.c - bench/gen: a deterministic generator of commune reports for benchmarks and
 * scale tests, so that no data has to be downloaded.
 *
 *   bench_gen --docs N [--seed S] [--long] [--out DIR] [--corpus DIR] [--findings FILE]
 *
 * Writes DIR/docs/<province>/<district>/<commune>/<year>-<kind>-<n>.txt (.html), the folder
 * convention tracuu reads, and two files the benchmark reads beside them:
 *   DIR/manifest.tsv  path, commune, district, province, date, kind, encoding, cited ids
 *   DIR/quality.tsv   answer-quality cases: name, query, the files that must match it, and
 *                     for some the text of the paragraph that must be shown first
 *
 * Each document has the shape of the real ones: a header naming the body and the commune, a
 * dated line, a title naming its kind and the document it carries out, achievements (text
 * from a Markov chain over the bundled corpus, bench/gen.c), a list of limitations drawn
 * from the findings of tests/data/findings.tsv (one of each group's wordings, groups picked
 * Zipf-wise so some recur in hundreds of communes), directions, and citations of the
 * registry's documents, ids picked Zipf-wise and written in every form the extractor
 * reads. A share is written in legacy encodings (TCVN3, VISCII, CP1258), UTF-16, NFD, as
 * HTML pages with boilerplate, with front matter, and with glued words.
 *
 * With --long the documents are shaped like legal and policy texts instead (long_body):
 * 50 to 400 paragraphs, one a line, most near 50: "Căn cứ" lines citing the registry,
 * chapters ("Chương II"), articles ("Điều 7."), clauses ("1."), points ("a)"), bullet lists,
 * tables (Markdown rows or tab-separated cells), clauses quoting other documents ("Khoản 2
 * Điều 5 ... quy định: “...”"), recipients and signer; the same chain, registry, findings,
 * encodings and quality cases.
 *
 * The quality cases plant a sentence in a few documents each; the query asks for it the
 * way a user would (without marks, with d for đ, the other tone placement, a document
 * number in another spelling...). Two cases test passages rather than words: the query's
 * words in different paragraphs (a name in the title, the topic later), and a paragraph
 * holding every word below a heading and a list item holding some. Everything depends only
 * on the seed, N and --long.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "buf.h"
#include "gen.h"

/* ---- randomness ----------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
    /* splitmix64: good enough, and the same on every machine */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned
pick(unsigned n)
{
    return n ? (unsigned)(rnd() % n) : 0;
}

static int
chance(unsigned percent)
{
    return pick(100) < percent;
}

/* Zipf sampler over ranks 0..n-1 with exponent s (cumulative table, binary search). */
typedef struct {
    double *cum;
    unsigned n;
} zipf;

static void
zipf_init(zipf *z, unsigned n, double s)
{
    z->n = n;
    z->cum = malloc(n * sizeof *z->cum);
    if (!z->cum)
        exit(70);
    double t = 0;
    for (unsigned i = 0; i < n; i++) {
        t += 1.0 / pow((double)(i + 1), s);
        z->cum[i] = t;
    }
    for (unsigned i = 0; i < n; i++)
        z->cum[i] /= t;
}

static unsigned
zipf_pick(const zipf *z)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    unsigned lo = 0, hi = z->n - 1;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (z->cum[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- places ----------------------------------------------------------------------------- */

/* A syllable of a place name and its folder spelling. */
typedef struct {
    const char *name, *slug;
} syl;

static const syl first_syl[] = {
    {"Tân", "tan"},     {"Mỹ", "my"},      {"Phước", "phuoc"}, {"An", "an"},
    {"Long", "long"},   {"Bình", "binh"},  {"Hòa", "hoa"},     {"Thạnh", "thanh"},
    {"Vĩnh", "vinh"},   {"Phú", "phu"},    {"Hưng", "hung"},   {"Thới", "thoi"},
    {"Đông", "dong"},   {"Nhơn", "nhon"},  {"Lương", "luong"}, {"Châu", "chau"},
    {"Sơn", "son"},     {"Định", "dinh"},  {"Tiên", "tien"},   {"Giao", "giao"},
};
static const syl second_syl[] = {
    {"Hòa", "hoa"},     {"Thành", "thanh"}, {"Lợi", "loi"},     {"Phú", "phu"},
    {"An", "an"},       {"Hưng", "hung"},   {"Thạnh", "thanh"}, {"Khánh", "khanh"},
    {"Mỹ", "my"},       {"Đông", "dong"},   {"Tây", "tay"},     {"Nghĩa", "nghia"},
    {"Phước", "phuoc"}, {"Trung", "trung"}, {"Hiệp", "hiep"},   {"Thuận", "thuan"},
    {"Lộc", "loc"},     {"Điền", "dien"},   {"Quới", "quoi"},   {"Xuân", "xuan"},
};
#define NFIRST (sizeof first_syl / sizeof *first_syl)
#define NSECOND (sizeof second_syl / sizeof *second_syl)

static const syl provinces[] = {
    {"Bến Tre", "ben-tre"},     {"Trà Vinh", "tra-vinh"},   {"Vĩnh Long", "vinh-long"},
    {"Sóc Trăng", "soc-trang"}, {"Đồng Tháp", "dong-thap"}, {"An Giang", "an-giang"},
};
#define NPROVINCES (sizeof provinces / sizeof *provinces)
#define DISTRICTS_PER_PROVINCE 8
#define COMMUNES_PER_DISTRICT 12

typedef struct {
    char name[64], slug[64];
} place;

typedef struct {
    place commune, district;
    unsigned province;
    unsigned town; /* 0 xã, 1 thị trấn, 2 phường */
} commune_t;

static commune_t *communes;
static unsigned ncommunes;
static place districts[NPROVINCES * DISTRICTS_PER_PROVINCE];

/* A two-syllable name not used yet among `used` (compared by slug). */
static void
new_name(place *out, const place *used, size_t nused, size_t stride)
{
    for (;;) {
        const syl *a = &first_syl[pick(NFIRST)], *b = &second_syl[pick(NSECOND)];
        if (!strcmp(a->slug, b->slug))
            continue;
        snprintf(out->name, sizeof out->name, "%s %s", a->name, b->name);
        snprintf(out->slug, sizeof out->slug, "%s-%s", a->slug, b->slug);
        int dup = 0;
        for (size_t i = 0; i < nused && !dup; i++)
            dup = !strcmp(((const place *)((const char *)used + i * stride))->slug, out->slug);
        if (!dup)
            return;
    }
}

static void
make_places(void)
{
    ncommunes = (unsigned)(NPROVINCES * DISTRICTS_PER_PROVINCE * COMMUNES_PER_DISTRICT);
    communes = calloc(ncommunes, sizeof *communes);
    if (!communes)
        exit(70);
    unsigned c = 0;
    for (unsigned p = 0; p < NPROVINCES; p++)
        for (unsigned d = 0; d < DISTRICTS_PER_PROVINCE; d++) {
            unsigned di = p * DISTRICTS_PER_PROVINCE + d;
            new_name(&districts[di], &districts[p * DISTRICTS_PER_PROVINCE], d, sizeof(place));
            unsigned first = c;
            for (unsigned k = 0; k < COMMUNES_PER_DISTRICT; k++, c++) {
                commune_t *m = &communes[c];
                new_name(&m->commune, &communes[first].commune, k, sizeof(commune_t));
                m->district = districts[di];
                m->province = p;
                m->town = k == 0 ? 1 : 0;
            }
        }
}

static const char *const commune_level[] = {"xã", "thị trấn", "phường"};

/* ---- the registry and citations --------------------------------------------------------- */

typedef struct {
    char id[64];     /* canonical, without "@YEAR" */
    char type[16];   /* NQ, QĐ, L ... */
    char organ[160];
    int date_year;
} regdoc;

static regdoc *reg;
static unsigned nreg;

static int
load_registry(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[1024];
    regdoc *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '[') {
            char *e = strchr(line, ']');
            if (!e)
                continue;
            *e = '\0';
            /* An id some other document shares the number of ("@2003") is left out:
             * reports cite the current one. */
            if (strstr(line, "@2003")) {
                cur = NULL;
                continue;
            }
            regdoc *n = realloc(reg, (nreg + 1) * sizeof *reg);
            if (!n)
                exit(70);
            reg = n;
            cur = &reg[nreg++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->id, sizeof cur->id, "%.*s", (int)strcspn(line + 1, "@"), line + 1);
        } else if (cur && !strncmp(line, "type: ", 6))
            snprintf(cur->type, sizeof cur->type, "%.15s", line + 6);
        else if (cur && !strncmp(line, "organ: ", 7))
            snprintf(cur->organ, sizeof cur->organ, "%.159s", line + 7);
        else if (cur && !strncmp(line, "date: ", 6))
            cur->date_year = atoi(line + 6);
    }
    fclose(f);
    if (nreg < 5) {
        fprintf(stderr, "bench_gen: %s: fewer than 5 documents\n", path);
        return 1;
    }
    return 0;
}

static const char *
type_word(const char *type)
{
    static const struct {
        const char *code, *word;
    } words[] = {
        {"NQLT", "Nghị quyết liên tịch"}, {"NQ", "Nghị quyết"}, {"QĐi", "Quy định"},
        {"QĐ", "Quyết định"},             {"CT", "Chỉ thị"},    {"KL", "Kết luận"},
        {"HD", "Hướng dẫn"},              {"NĐ", "Nghị định"},  {"PL", "Pháp lệnh"},
        {"L", "Luật"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(type, words[i].code))
            return words[i].word;
    return "Văn bản";
}

/* One citation of r, in one of the forms reports use. */
static void
cite_form(text_buf *b, const regdoc *r)
{
    const char *w = type_word(r->type);
    int party = strchr(r->id, '/') && !strchr(strchr(r->id, '/') + 1, '/') &&
                strchr(r->id, '-') < strchr(r->id, '/');
    switch (pick(party ? 5 : 3)) {
    case 0:
        text_buf_printf(b, "%s số %s", w, r->id);
        break;
    case 1:
        text_buf_printf(b, "%s số %s của %s", w, r->id, r->organ[0] ? r->organ : "Trung ương");
        break;
    case 2:
        text_buf_printf(b, "%s %s", w, r->id);
        break;
    case 3: /* 217/QĐ-TW: number and type the other way round */
    {
        const char *dash = strchr(r->id, '-'), *slash = strchr(r->id, '/');
        text_buf_printf(b, "%s số %.*s/%.*s-%s", w, (int)(dash - r->id), r->id,
                        (int)(slash - dash - 1), dash + 1, slash + 1);
        break;
    }
    default: /* with the issuing organ, and no "số" */
        text_buf_printf(b, "%s %s của %s", w, r->id,
                        r->organ[0] ? r->organ : "Ban Chấp hành Trung ương");
        break;
    }
}

/* ---- findings -------------------------------------------------------------------------- */

typedef struct {
    char **text;
    unsigned n;
} fgroup;

static fgroup *groups;
static unsigned ngroups;

static int
load_findings(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[2048];
    int last = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2 || (t1[1] != 'o' && t1[1] != 'p'))
            continue;
        int g = atoi(line);
        if (g != last) {
            fgroup *n = realloc(groups, (ngroups + 1) * sizeof *groups);
            if (!n)
                exit(70);
            groups = n;
            memset(&groups[ngroups++], 0, sizeof *groups);
            last = g;
        }
        fgroup *cur = &groups[ngroups - 1];
        char **nt = realloc(cur->text, (cur->n + 1) * sizeof *nt);
        if (!nt)
            exit(70);
        cur->text = nt;
        cur->text[cur->n++] = strdup(t2 + 1);
    }
    fclose(f);
    if (ngroups < 5) {
        fprintf(stderr, "bench_gen: %s: fewer than 5 groups of findings\n", path);
        return 1;
    }
    return 0;
}

/* ---- text pieces ------------------------------------------------------------------------ */

/* Upper-case UTF-8 (for headers), through utf8proc. */
static void
put_upper(text_buf *b, const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
    while (n > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, n, &c);
        if (k <= 0)
            break;
        text_buf_put_cp(b, utf8proc_toupper(c));
        p += k;
        n -= k;
    }
}

/* A paragraph of Markov text of about `bytes` bytes, one line, ending in a full stop. */
static void
filler(text_buf *b, size_t bytes)
{
    text_buf t = TEXT_BUF_INIT(4096);
    gen_text(&t, bytes);
    for (size_t i = 0; i < t.len; i++)
        if (t.ptr[i] == '\n')
            t.ptr[i] = ' ';
    size_t n = t.len;
    while (n && (t.ptr[n - 1] == ' ' || t.ptr[n - 1] == '.' || t.ptr[n - 1] == ';' ||
                 t.ptr[n - 1] == ','))
        n--;
    size_t a = 0;
    while (a < n && t.ptr[a] == ' ')
        a++;
    if (n > a) {
        /* Start with a capital: the first byte may be lower-case ASCII. */
        char c0 = t.ptr[a];
        text_buf_putc(b, c0 >= 'a' && c0 <= 'z' ? (char)(c0 - 32) : c0);
        text_buf_put(b, t.ptr + a + 1, n - a - 1);
        text_buf_puts(b, ".");
    }
    text_buf_free(&t);
}

/* Remove a few spaces between two words, as careless typing and bad conversions do. */
static void
glue_some(text_buf *b, size_t from, unsigned count)
{
    for (unsigned k = 0; k < count; k++) {
        if (b->len <= from + 2)
            return;
        size_t at = from + pick((unsigned)(b->len - from - 1));
        while (at < b->len && b->ptr[at] != ' ')
            at++;
        if (at + 1 >= b->len || at == from)
            continue;
        unsigned char before = (unsigned char)b->ptr[at - 1], after = (unsigned char)b->ptr[at + 1];
        /* letter-space-letter only: keep punctuation and numbers readable */
        if ((before < 0x80 && !(before >= 'a' && before <= 'z')) ||
            (after < 0x80 && !(after >= 'a' && after <= 'z')))
            continue;
        memmove(b->ptr + at, b->ptr + at + 1, b->len - at - 1);
        b->len--;
        b->ptr[b->len] = '\0';
    }
}

/* tmpl with each '#' replaced by n. */
static void
put_template(text_buf *b, const char *tmpl, unsigned n)
{
    for (const char *p = tmpl; *p; p++)
        if (*p == '#')
            text_buf_printf(b, "%u", n);
        else
            text_buf_putc(b, *p);
}

/* Achievement sentences; '#' is a number. */
static const char *const achievements[] = {
    "Cấp ủy đã lãnh đạo quán triệt, triển khai thực hiện nghiêm túc đến 100% chi bộ, "
    "#% cán bộ, đảng viên tham gia học tập",
    "Ủy ban nhân dân xã tổ chức # cuộc tiếp xúc, đối thoại trực tiếp với nhân dân, tiếp "
    "nhận và giải quyết kịp thời các kiến nghị",
    "Mặt trận và các đoàn thể vận động nhân dân đóng góp # triệu đồng xây dựng đường giao "
    "thông nông thôn",
    "Tổ hòa giải ở cơ sở hòa giải thành # vụ việc, góp phần giữ vững an ninh trật tự",
    "Toàn xã xây dựng # mô hình Dân vận khéo trên các lĩnh vực kinh tế, văn hóa, xã hội",
    "Ban Thanh tra nhân dân tiến hành # cuộc giám sát việc thực hiện quy chế dân chủ ở cơ sở",
};
#define NACH (sizeof achievements / sizeof *achievements)

static const char *const directions[] = {
    "Tiếp tục quán triệt, thực hiện có hiệu quả các nghị quyết, chỉ thị của Đảng về công tác "
    "dân vận",
    "Nâng cao chất lượng tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân "
    "dân",
    "Phát huy vai trò giám sát và phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể",
    "Đẩy mạnh phong trào thi đua Dân vận khéo, nhân rộng các mô hình hiệu quả",
};
#define NDIR (sizeof directions / sizeof *directions)

/* ---- quality cases ---------------------------------------------------------------------- */

typedef enum { ENC_UTF8 = 0, ENC_TCVN3, ENC_VISCII, ENC_CP1258, ENC_UTF16, ENC_NFD } enc_t;
static const char *const enc_names[] = {"UTF-8", "TCVN3", "VISCII", "CP1258", "UTF-16LE",
                                        "UTF-8 NFD"};
static const char *const iconv_names[] = {NULL, "TCVN5712-1//TRANSLIT", "VISCII//TRANSLIT",
                                          "CP1258//TRANSLIT", "UTF-16LE", NULL};

typedef struct {
    const char *name;
    const char *sentence; /* planted in the documents */
    const char *query;    /* what a user types */
    enc_t enc;            /* the encoding the planted documents are written in */
    const char *title;    /* added to the title line; the sentence then goes in a later
                           * paragraph (the query's words in different paragraphs) */
    const char *before;   /* one-line paragraphs (a heading, a list item) written just before
                           * the sentence, holding some of the query's words */
    const char *first;    /* text of the sentence's paragraph that tracuu must show first for
                           * the document (quality.tsv's fourth column) */
} quality_case;

static const quality_case cases[] = {
    {"unaccented query", "Câu lạc bộ dưỡng sinh Trường Thọ Khương duy trì sinh hoạt đều đặn.",
     "duong sinh truong tho khuong", ENC_UTF8, NULL, NULL, NULL},
    {"marked query, text typed without marks",
     "To hoa giai ap Cay Sung Ngon hoa giai thanh cong nhieu vu viec.",
     "tổ hòa giải ấp Cây Sung Ngọn", ENC_UTF8, NULL, NULL, NULL},
    {"d for đ", "Đội văn nghệ Đồng Đắc Điền biểu diễn phục vụ nhân dân.",
     "doi van nghe dong dac dien", ENC_UTF8, NULL, NULL, NULL},
    {"other tone placement (hoà/hòa, thuỷ/thủy)", "Tổ tự quản Hoà Thuỷ Khánh ra mắt nhân dân.",
     "Hòa Thủy Khánh", ENC_UTF8, NULL, NULL, NULL},
    {"glued name (NguyễnVăn)", "Ông NguyễnVăn Thoòng, Trưởng ấp Rạch Mương phát biểu.",
     "Nguyễn Văn Thoòng", ENC_UTF8, NULL, NULL, NULL},
    {"glued words (lươnkhông)", "Hội Nông dân nhân rộng mô hình nuôi lươnkhông bùn ở ấp Gáo.",
     "nuôi lươn không bùn", ENC_UTF8, NULL, NULL, NULL},
    {"citation id, informal form", "Thực hiện Quyết định 217, 218 của Bộ Chính trị, Mặt trận "
     "tổ chức góp ý cho cán bộ, đảng viên ở ấp Kênh Ngang.",
     "218-QĐ/TW", ENC_UTF8, NULL, NULL, NULL},
    {"citation id typed without đ", "Theo Nghị định số 04/2015/NĐ-CP, xã niêm yết công khai "
     "thủ tục ở ấp Mương Điều.",
     "04/2015/ND-CP", ENC_UTF8, NULL, NULL, NULL},
    {"abbreviation (HĐND)", "HĐND xã Tân Lập Thượng tổ chức kỳ họp chất vấn.",
     "Hội đồng nhân dân xã Tân Lập Thượng", ENC_UTF8, NULL, NULL, NULL},
    {"TCVN3 file", "Mô hình Dân vận khéo ở xóm Cồn Bần Quy được nhân rộng.",
     "dân vận khéo Cồn Bần Quy", ENC_TCVN3, NULL, NULL, NULL},
    {"VISCII file", "Chi hội Phụ nữ ấp Kinh Xáng Lộ ra mắt tổ tiết kiệm.", "Kinh Xáng Lộ",
     ENC_VISCII, NULL, NULL, NULL},
    {"CP1258 file", "Tổ liên gia an toàn ấp Bến Đình Lũy hoạt động hiệu quả.",
     "Bến Đình Lũy", ENC_CP1258, NULL, NULL, NULL},
    {"UTF-16 file", "Nhà văn hóa ấp Ba Se Nhỏ được sửa chữa khang trang.", "ba se nhỏ",
     ENC_UTF16, NULL, NULL, NULL},
    {"NFD text", "Hợp tác xã Nước Mặn Giồng Chùa thu hút nhiều xã viên.",
     "nước mặn giồng chùa", ENC_NFD, NULL, NULL, NULL},
    {"words in different paragraphs (commune in the title, topic later)",
     "Công trình nạo vét kênh Xẻo Mát hoàn thành đúng tiến độ, phục vụ tưới tiêu cho nhiều "
     "cánh đồng lúa.",
     "Phú Khương Thượng nạo vét kênh Xẻo Mát", ENC_UTF8, "của xã Phú Khương Thượng", NULL, NULL},
    {"paragraph above fragments (heading, list item)",
     "Đội xung kích phòng chống thiên tai ấp Rạch Gốc Tre đã ra quân gia cố đê bao, di dời các "
     "hộ dân ra khỏi vùng sạt lở trước mùa mưa bão.",
     "đội xung kích Rạch Gốc Tre gia cố đê bao", ENC_UTF8, NULL,
     "3. Đội xung kích ấp Rạch Gốc Tre\n- Gia cố đê bao ấp Rạch Gốc Tre;",
     "ra quân gia cố đê bao"},
};
#define NCASES (sizeof cases / sizeof *cases)
#define PLANTS_PER_CASE 3

/* ---- one document ----------------------------------------------------------------------- */

static const char *const kinds[] = {"bao-cao", "so-ket", "tong-ket", "ke-hoach", "khao-sat",
                                    "tin"};
static const unsigned kind_weight[] = {35, 15, 10, 15, 5, 20};

typedef struct {
    const commune_t *c;
    unsigned kind, year, month, day;
    unsigned cites[8], ncites;
    enc_t enc;
    int html, front, glued;
    int plant; /* quality case index, or -1 */
} docspec;

/* The planted sentence of d's quality case (if any, and if `late` says this is the place
 * for it: cases with a title put it in a later paragraph), after its one-line paragraphs;
 * paragraphs end with `sep`. */
static void
plant(text_buf *b, const docspec *d, int late, const char *sep)
{
    if (d->plant < 0 || late != (cases[d->plant].title != NULL))
        return;
    const quality_case *c = &cases[d->plant];
    if (c->before)
        for (const char *p = c->before; *p;) {
            size_t n = strcspn(p, "\n");
            text_buf_put(b, p, n);
            text_buf_puts(b, sep);
            p += n;
            p += *p == '\n';
        }
    text_buf_printf(b, "%s%s", c->sentence, sep);
}

/* Words added to the title line by d's quality case. */
static void
plant_title(text_buf *b, const docspec *d)
{
    if (d->plant >= 0 && cases[d->plant].title)
        text_buf_printf(b, " %s", cases[d->plant].title);
}

static void
header(text_buf *b, const docspec *d)
{
    const commune_t *c = d->c;
    text_buf_puts(b, "ĐẢNG BỘ HUYỆN ");
    put_upper(b, c->district.name);
    text_buf_puts(b, "\n");
    static const char *const bodies[] = {"BAN CHẤP HÀNH ĐẢNG BỘ ", "ỦY BAN NHÂN DÂN ",
                                         "ỦY BAN MTTQ VIỆT NAM ", "KHỐI DÂN VẬN "};
    text_buf_puts(b, bodies[pick(4)]);
    put_upper(b, commune_level[c->town]);
    text_buf_puts(b, " ");
    put_upper(b, c->commune.name);
    text_buf_printf(b, "\nSố: %u-BC/ĐU\n%s, ngày %u tháng %u năm %u\n\n", 1 + pick(120),
                    c->commune.name, d->day, d->month, d->year);
}

static void
cite_list(text_buf *b, const docspec *d)
{
    for (unsigned i = 0; i < d->ncites; i++) {
        if (i)
            text_buf_puts(b, i + 1 == d->ncites ? " và " : ", ");
        cite_form(b, &reg[d->cites[i]]);
    }
}

static void
findings_list(text_buf *b, unsigned n, const zipf *zg)
{
    text_buf_puts(b, "Bên cạnh những kết quả đạt được, vẫn còn một số hạn chế: ");
    for (unsigned i = 0; i < n; i++) {
        const fgroup *g = &groups[zipf_pick(zg)];
        if (i)
            text_buf_puts(b, "; ");
        text_buf_puts(b, g->text[pick(g->n)]);
    }
    text_buf_puts(b, ".\n");
}

static void
body(text_buf *b, const docspec *d, const zipf *zg)
{
    const commune_t *c = d->c;
    const char *lvl = commune_level[c->town];
    size_t glue_from = b->len;
    if (d->kind == 5) { /* tin: a news item */
        text_buf_printf(b, "%s %s tổ chức hội nghị sơ kết công tác dân vận",
                        c->town ? "Thị trấn" : "Xã", c->commune.name);
        plant_title(b, d);
        text_buf_puts(b, "\n\n");
        text_buf_printf(b, "Ngày %u/%u/%u, Ban Dân vận Đảng ủy %s %s tổ chức hội nghị triển "
                           "khai ",
                        d->day, d->month, d->year, lvl, c->commune.name);
        cite_list(b, d);
        text_buf_puts(b, ". ");
        filler(b, 300 + pick(500));
        text_buf_puts(b, "\n\n");
        plant(b, d, 0, "\n\n");
        if (d->plant >= 0 && cases[d->plant].title) {
            filler(b, 100 + pick(200));
            text_buf_puts(b, "\n\n");
            plant(b, d, 1, "\n\n");
        }
        if (d->glued)
            glue_some(b, glue_from, 3);
        return;
    }
    static const char *const titles[] = {
        "BÁO CÁO\nKết quả thực hiện ", "BÁO CÁO\nSơ kết # năm thực hiện ",
        "BÁO CÁO\nTổng kết # năm thực hiện ", "KẾ HOẠCH\nTriển khai thực hiện ",
        "BÁO CÁO\nKết quả khảo sát việc thực hiện "};
    put_template(b, titles[d->kind], 3 + pick(8));
    cite_list(b, d);
    text_buf_printf(b, " năm %u", d->year);
    plant_title(b, d);
    text_buf_puts(b, "\n\n");
    text_buf_puts(b, "I. KẾT QUẢ ĐẠT ĐƯỢC\n\n");
    unsigned na = 2 + pick(3);
    for (unsigned i = 0; i < na; i++) {
        put_template(b, achievements[pick(NACH)], 5 + pick(95));
        text_buf_puts(b, ". ");
        filler(b, 150 + pick(350));
        text_buf_puts(b, "\n\n");
        if (i == 0)
            plant(b, d, 0, "\n\n");
    }
    if (d->kind != 3) {
        text_buf_puts(b, "II. HẠN CHẾ, TỒN TẠI\n\n");
        findings_list(b, 2 + pick(3), zg);
        text_buf_puts(b, "\n");
    }
    text_buf_printf(b, "%s. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI\n\n", d->kind != 3 ? "III" : "II");
    text_buf_printf(b, "%s. ", directions[pick(NDIR)]);
    filler(b, 100 + pick(200));
    text_buf_puts(b, "\n\n");
    plant(b, d, 1, "\n\n");
    if (d->glued)
        glue_some(b, glue_from, 4);
}

/* ---- --long: documents shaped like legal and policy texts ------------------------------- */

static const char *const long_types[] = {"NGHỊ QUYẾT", "QUYẾT ĐỊNH", "QUY ĐỊNH", "KẾ HOẠCH",
                                         "HƯỚNG DẪN", "QUY CHẾ"};
static const char *const long_kinds[] = {"nghi-quyet", "quyet-dinh", "quy-dinh", "ke-hoach",
                                         "huong-dan", "quy-che"};
#define NLONG (sizeof long_types / sizeof *long_types)
static const char *const long_topics[] = {
    "thực hiện Quy chế dân chủ ở cơ sở",
    "công tác dân vận của hệ thống chính trị",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "hòa giải ở cơ sở",
    "giám sát và phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể",
    "xây dựng nông thôn mới nâng cao",
    "phong trào thi đua Dân vận khéo",
    "tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
};
#define NTOPICS (sizeof long_topics / sizeof *long_topics)
static const char *const chapter_titles[] = {
    "QUY ĐỊNH CHUNG", "NHIỆM VỤ VÀ QUYỀN HẠN", "NỘI DUNG THỰC HIỆN",
    "TRÁCH NHIỆM CỦA CÁC CƠ QUAN, TỔ CHỨC", "CHẾ ĐỘ THÔNG TIN, BÁO CÁO",
    "KHEN THƯỞNG VÀ XỬ LÝ VI PHẠM", "MỐI QUAN HỆ CÔNG TÁC", "KINH PHÍ THỰC HIỆN",
};
#define NCHAPTERS (sizeof chapter_titles / sizeof *chapter_titles)
static const char *const article_titles[] = {
    "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ",
    "Nguyên tắc thực hiện", "Những nội dung công khai để nhân dân biết",
    "Hình thức công khai", "Những nội dung nhân dân bàn và quyết định",
    "Trách nhiệm của Ủy ban nhân dân xã", "Trách nhiệm của Mặt trận Tổ quốc và các đoàn thể",
    "Giám sát việc thực hiện", "Chế độ thông tin, báo cáo", "Khen thưởng",
    "Xử lý vi phạm", "Chỉ tiêu cụ thể", "Nhiệm vụ và giải pháp chủ yếu",
    "Phân công thực hiện", "Lộ trình thực hiện",
};
#define NARTICLES (sizeof article_titles / sizeof *article_titles)
static const char *const roman[] = {"I",  "II",  "III", "IV", "V",  "VI",
                                    "VII", "VIII", "IX", "X",  "XI", "XII"};
static const char *const table_heads[][4] = {
    {"STT", "Nội dung", "Chỉ tiêu", "Ghi chú"},
    {"STT", "Đơn vị", "Số cuộc", "Tỷ lệ (%)"},
    {"STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"},
};
static const char *const signers[] = {"Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Lê Văn Tám",
                                      "Phạm Minh Chánh", "Huỳnh Thị Kim Loan", "Võ Văn Lợi"};

/* Markov words of about `bytes` bytes with no sentence punctuation at the end and no table
 * separators inside: a table cell, a heading's tail, a list item. */
static void
phrase(text_buf *b, size_t bytes)
{
    text_buf t = TEXT_BUF_INIT(512);
    gen_text(&t, bytes);
    size_t n = t.len;
    for (size_t i = 0; i < n; i++)
        if (t.ptr[i] == '\n' || t.ptr[i] == '|' || t.ptr[i] == '\t')
            t.ptr[i] = ' ';
    while (n && strchr(" .;,:", t.ptr[n - 1]))
        n--;
    size_t a = 0;
    while (a < n && t.ptr[a] == ' ')
        a++;
    text_buf_put(b, t.ptr + a, n - a);
    text_buf_free(&t);
}

/* A document of d's kind (long_types) with 50 to 400 paragraphs, one per line as a word
 * processor saves them: the title and "Căn cứ" lines citing the registry, then chapters
 * ("Chương II"), articles ("Điều 7."), numbered clauses ("1."), points ("a)"), bullet
 * lists, tables (Markdown rows or tab-separated cells, one row a line), clauses quoting
 * other documents ("Điều 5 ... quy định: “...”"), and the closing (recipients, signer). */
static void
long_body(text_buf *b, const docspec *d, const zipf *zg)
{
    const commune_t *c = d->c;
    size_t glue_from = b->len;
    /* Paragraph count: 50..400, most documents near the short end (u³). */
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    unsigned target = 50 + (unsigned)(350.0 * u * u * u), np = 0;
    int md_tables = chance(50);
    const char *topic = long_topics[pick(NTOPICS)];
    text_buf_printf(b, "%s\n", long_types[d->kind]);
    text_buf_printf(b, "%s %s trên địa bàn %s %s", d->kind == 1 ? "Về việc ban hành Quy chế"
                                                    : "Về",
                    topic, commune_level[c->town], c->commune.name);
    plant_title(b, d);
    text_buf_puts(b, "\n");
    for (unsigned i = 0; i < d->ncites; i++) {
        text_buf_puts(b, "Căn cứ ");
        cite_form(b, &reg[d->cites[i]]);
        text_buf_puts(b, ";\n");
    }
    text_buf_printf(b, "Xét đề nghị của Ban Dân vận Đảng ủy %s %s,\n", commune_level[c->town],
                    c->commune.name);
    text_buf_puts(b, d->kind == 0 ? "QUYẾT NGHỊ:\n" : d->kind == 1 ? "QUYẾT ĐỊNH:\n" : "");
    np += 4 + d->ncites;
    unsigned chapter = 0, article = 0;
    int planted = 0;
    while (np < target) {
        if (article == 0 || (chance(25) && chapter < 12)) {
            text_buf_printf(b, "Chương %s\n%s\n", roman[chapter],
                            chapter_titles[chapter % NCHAPTERS]);
            chapter++;
            np += 2;
        }
        text_buf_printf(b, "Điều %u. %s\n", ++article, article_titles[pick(NARTICLES)]);
        np++;
        unsigned nclauses = 1 + pick(4);
        for (unsigned k = 1; k <= nclauses && np < target; k++) {
            text_buf_printf(b, "%u. ", k);
            filler(b, 50 + pick(180));
            text_buf_puts(b, "\n");
            np++;
            if (!planted && np >= target / 2) {
                plant(b, d, 0, "\n");
                plant(b, d, 1, "\n");
                planted = 1;
            }
            unsigned r = pick(100);
            if (r < 35) { /* points a), b), ... */
                unsigned npts = 2 + pick(5);
                for (unsigned p = 0; p < npts; p++, np++) {
                    text_buf_printf(b, "%c) ", 'a' + p);
                    phrase(b, 30 + pick(120));
                    text_buf_puts(b, p + 1 == npts ? ".\n" : ";\n");
                }
            } else if (r < 50) { /* a bullet list, sometimes nested */
                unsigned nb = 2 + pick(4);
                for (unsigned p = 0; p < nb; p++, np++) {
                    text_buf_puts(b, chance(20) ? "+ " : "- ");
                    phrase(b, 30 + pick(100));
                    text_buf_puts(b, ";\n");
                }
            } else if (r < 58) { /* a table */
                const char *const *h = table_heads[pick(3)];
                unsigned rows = 3 + pick(8);
                text_buf_printf(b, "Bảng %u. ", article);
                phrase(b, 20 + pick(30));
                text_buf_puts(b, "\n");
                if (md_tables)
                    text_buf_printf(b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", h[0], h[1],
                                    h[2], h[3]);
                else
                    text_buf_printf(b, "%s\t%s\t%s\t%s\n", h[0], h[1], h[2], h[3]);
                for (unsigned row = 1; row <= rows; row++) {
                    text_buf_printf(b, md_tables ? "| %u | " : "%u\t", row);
                    phrase(b, 15 + pick(50));
                    if (md_tables)
                        text_buf_printf(b, " | %u%% | %s |\n", 50 + pick(51),
                                        chance(30) ? "Đạt" : "");
                    else
                        text_buf_printf(b, "\t%u%%\t%s\n", 50 + pick(51), chance(30) ? "Đạt" : "");
                }
                np += rows + 3;
            } else if (r < 68) { /* a quoted clause of another document */
                text_buf_printf(b, "Khoản %u Điều %u ", 1 + pick(4), 1 + pick(30));
                cite_form(b, &reg[d->cites[pick(d->ncites)]]);
                text_buf_puts(b, " quy định: “");
                filler(b, 60 + pick(150));
                text_buf_puts(b, "”\n");
                np++;
            } else if (r < 72) { /* findings, as a review article lists them */
                findings_list(b, 1 + pick(3), zg);
                np++;
            }
        }
    }
    if (!planted) {
        plant(b, d, 0, "\n");
        plant(b, d, 1, "\n");
    }
    text_buf_printf(b, "Điều %u. Hiệu lực thi hành\n", ++article);
    text_buf_printf(b, "%s này có hiệu lực kể từ ngày ký. Các chi bộ, ban, ngành, đoàn thể "
                       "%s %s chịu trách nhiệm thi hành.\n",
                    d->kind == 0 ? "Nghị quyết" : d->kind == 1 ? "Quyết định" : "Văn bản",
                    commune_level[c->town], c->commune.name);
    text_buf_printf(b, "Nơi nhận:\n- Như Điều %u;\n- Ban Thường vụ Huyện ủy %s;\n- Lưu VP.\n",
                    article, c->district.name);
    text_buf_printf(b, "TM. BAN CHẤP HÀNH\nBÍ THƯ\n%s\n", signers[pick(6)]);
    if (d->glued)
        glue_some(b, glue_from, 4 + target / 25);
}

static void
html_wrap(text_buf *out, const char *text, const docspec *d)
{
    text_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                         "<title>Tin hoạt động - Cổng thông tin %s %s</title></head><body>\n"
                         "<nav class=\"menu\"><a href=\"/\">Trang chủ</a> <a href=\"/gt\">Giới "
                         "thiệu</a> <a href=\"/tt\">Tin tức</a> <a href=\"/vb\">Văn bản</a></nav>\n"
                         "<div class=\"content\">\n",
                    commune_level[d->c->town], d->c->commune.name);
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (n)
            text_buf_printf(out, "<p>%.*s</p>\n", (int)n, p);
        p += n;
        while (*p == '\n')
            p++;
    }
    text_buf_printf(out, "</div>\n<div class=\"sidebar\"><h3>Tin khác</h3><ul><li><a "
                         "href=\"/a\">Lịch tiếp công dân tháng này</a></li><li><a href=\"/b\">"
                         "Thông báo tuyển dụng</a></li></ul></div>\n<footer>Bản quyền thuộc Ủy "
                         "ban nhân dân %s %s. Số lượt truy cập: 120345</footer>\n</body></html>\n",
                    commune_level[d->c->town], d->c->commune.name);
}

/* text (UTF-8) in the document's encoding, into out. */
static int
encode(text_buf *out, const char *text, size_t len, enc_t enc)
{
    if (enc == ENC_UTF8)
        return text_buf_put(out, text, len) == TRACUU_OK ? 0 : 1;
    if (enc == ENC_NFD) {
        utf8proc_uint8_t *nfd = utf8proc_NFD((const utf8proc_uint8_t *)text);
        if (!nfd)
            return 1;
        text_buf_puts(out, (const char *)nfd);
        free(nfd);
        return 0;
    }
    if (enc == ENC_UTF16)
        text_buf_put(out, "\xFF\xFE", 2);
    iconv_t cd = iconv_open(iconv_names[enc], "UTF-8");
    if (cd == (iconv_t)-1)
        return 1;
    char *in = (char *)text;
    size_t inleft = len;
    char chunk[8192];
    while (inleft) {
        char *o = chunk;
        size_t oleft = sizeof chunk;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        text_buf_put(out, chunk, sizeof chunk - oleft);
        if (r == (size_t)-1 && errno != E2BIG) {
            /* a character the code page lacks even with //TRANSLIT: skip it */
            in++;
            inleft--;
            while (inleft && ((unsigned char)*in & 0xC0) == 0x80) {
                in++;
                inleft--;
            }
        }
    }
    iconv_close(cd);
    return 0;
}

static int
mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return 1;
            *p = '/';
        }
    return 0;
}

/* ---- main ------------------------------------------------------------------------------- */

static void
usage(void)
{
    fprintf(stderr, "usage: bench_gen --docs N [--seed S] [--long] [--out DIR] [--corpus DIR] "
                    "[--findings FILE] [--registry FILE]\n");
}

typedef struct gen_args {
    unsigned long ndocs;
    uint64_t seed;
    const char *out, *corpus;
    char findings[4096], registry[4096];
    int long_mode;
} gen_args;

/* 0, or the exit code of a usage error (already printed). */
static int
parse_args(gen_args *a, int argc, char **argv)
{
    a->seed = 1;
    snprintf(a->findings, sizeof a->findings, "%s/tests/data/findings.tsv", TRACUU_SOURCE_ROOT);
    snprintf(a->registry, sizeof a->registry, "%s/corpus/registry.ini", TRACUU_SOURCE_ROOT);
    for (int i = 1; i < argc; i += 2) { /* every option but --long takes a value */
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--long")) {
            a->long_mode = 1;
            i--;
            continue;
        }
        if (!v) {
            usage();
            return 2;
        }
        char *end = NULL;
        if (!strcmp(o, "--docs")) {
            a->ndocs = strtoul(v, &end, 10);
            if (*end || a->ndocs == 0 || a->ndocs > 10000000) {
                fprintf(stderr, "bench_gen: --docs %s: a number from 1 to 10000000\n", v);
                return 2;
            }
        } else if (!strcmp(o, "--seed")) {
            a->seed = strtoull(v, &end, 10);
            if (*end) {
                fprintf(stderr, "bench_gen: --seed %s: a number\n", v);
                return 2;
            }
        } else if (!strcmp(o, "--out"))
            a->out = v;
        else if (!strcmp(o, "--corpus"))
            a->corpus = v;
        else if (!strcmp(o, "--findings"))
            snprintf(a->findings, sizeof a->findings, "%s", v);
        else if (!strcmp(o, "--registry"))
            snprintf(a->registry, sizeof a->registry, "%s", v);
        else {
            usage();
            return 2;
        }
    }
    if (!a->ndocs || !a->out) {
        usage();
        return 2;
    }
    return 0;
}

/* The i-th document's draw: commune, kind, date, citations, planted case, encoding, form. */
static void
draw_spec(docspec *d, unsigned long i, unsigned long ndocs, int long_mode, const zipf *zc)
{
    memset(d, 0, sizeof *d);
    d->c = &communes[pick(ncommunes)];
    unsigned kind_total = 0;
    for (size_t k = 0; k < sizeof kind_weight / sizeof *kind_weight; k++)
        kind_total += kind_weight[k];
    unsigned r = pick(kind_total), k = 0;
    while (r >= kind_weight[k])
        r -= kind_weight[k++];
    d->kind = long_mode ? pick(NLONG) : k;
    d->year = 2013 + pick(13);
    d->month = 1 + pick(12);
    d->day = 1 + pick(28);
    d->ncites = long_mode ? 2 + pick(7) : 1 + pick(3);
    for (unsigned c = 0; c < d->ncites; c++) {
        unsigned id = zipf_pick(zc), dup = 0;
        for (unsigned e = 0; e < c; e++)
            dup |= d->cites[e] == id;
        if (dup) {
            d->ncites = c;
            break;
        }
        d->cites[c] = id;
    }
    /* Planted documents are spread evenly over the run. */
    unsigned long stride = ndocs / (NCASES * PLANTS_PER_CASE + 1);
    d->plant = -1;
    if (stride && i % stride == stride / 2 && i / stride < NCASES * PLANTS_PER_CASE)
        d->plant = (int)(i / stride / PLANTS_PER_CASE);
    unsigned e = pick(100);
    d->enc = d->plant >= 0 ? cases[d->plant].enc
             : e < 3       ? ENC_TCVN3
             : e < 5       ? ENC_VISCII
             : e < 7       ? ENC_CP1258
             : e < 10      ? ENC_UTF16
             : e < 12      ? ENC_NFD
                           : ENC_UTF8;
    d->html = !long_mode && d->enc == ENC_UTF8 && d->plant < 0 && d->kind == 5 && chance(30);
    d->front = d->enc == ENC_UTF8 && !d->html && chance(15);
    d->glued = d->plant < 0 && chance(25);
}

/* Buffers reused from one document to the next. */
typedef struct gen_bufs {
    text_buf doc, enc, wrap;
} gen_bufs;

/* Render, encode and write the document of d as out/docs/REL (rel: room for 512 bytes);
 * 0, or 1 after printing why. */
static int
write_doc(gen_bufs *b, const docspec *d, unsigned long i, const gen_args *a, const zipf *zg,
          char *rel, size_t relsz)
{
    text_buf_reset(&b->doc);
    if (d->front)
        text_buf_printf(&b->doc, "---\nxa: %s\nhuyen: %s\ntinh: %s\nngay: %04u-%02u-%02u\n---\n",
                        d->c->commune.name, d->c->district.name, provinces[d->c->province].name,
                        d->year, d->month, d->day);
    if (!d->html)
        header(&b->doc, d);
    if (a->long_mode)
        long_body(&b->doc, d, zg);
    else
        body(&b->doc, d, zg);
    const char *kind = a->long_mode ? long_kinds[d->kind] : kinds[d->kind];
    text_buf_reset(&b->enc);
    const char *ext = ".txt";
    if (d->html) {
        text_buf_reset(&b->wrap);
        html_wrap(&b->wrap, b->doc.ptr, d);
        encode(&b->enc, b->wrap.ptr, b->wrap.len, ENC_UTF8);
        ext = ".html";
    } else if (encode(&b->enc, b->doc.ptr, b->doc.len, d->enc) != 0) {
        fprintf(stderr, "bench_gen: no iconv converter for %s\n", enc_names[d->enc]);
        return 1;
    }
    snprintf(rel, relsz, "%s/%s/%s/%u-%s-%06lu%s", provinces[d->c->province].slug,
             d->c->district.slug, d->c->commune.slug, d->year, kind, i, ext);
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/%s", a->out, rel);
    if (mkdirs(path) != 0) {
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->enc.ptr, 1, b->enc.len, f) != b->enc.len || fclose(f) != 0) {
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static void
manifest_line(FILE *man, const docspec *d, const char *rel, int long_mode)
{
    const char *kind = long_mode ? long_kinds[d->kind] : kinds[d->kind];
    fprintf(man, "%s\t%s\t%s\t%s\t%04u-%02u-%02u\t%s\t%s\t", rel, d->c->commune.name,
            d->c->district.name, provinces[d->c->province].name, d->year, d->month, d->day, kind,
            d->html ? "HTML" : enc_names[d->enc]);
    for (unsigned c = 0; c < d->ncites; c++)
        fprintf(man, "%s%s", c ? "," : "", reg[d->cites[c]].id);
    fputc('\n', man);
}

/* The files each answer-quality case was planted in, as a comma-separated list. */
typedef struct plants {
    char *files[NCASES];
    size_t len[NCASES];
} plants;

static int
plant_note(plants *p, int c, const char *rel)
{
    size_t add = strlen(rel) + 2;
    char *np = realloc(p->files[c], p->len[c] + add);
    if (!np)
        return -1;
    p->files[c] = np;
    p->len[c] += (size_t)snprintf(np + p->len[c], add, "%s%s", p->len[c] ? "," : "", rel);
    return 0;
}

static FILE *
open_out(const char *out, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
    return f;
}

static void
free_tables(void)
{
    free(communes);
    for (unsigned g = 0; g < ngroups; g++) {
        for (unsigned t = 0; t < groups[g].n; t++)
            free(groups[g].text[t]);
        free(groups[g].text);
    }
    free(groups);
    free(reg);
    gen_free();
}

int
main(int argc, char **argv)
{
    gen_args a = {0};
    int rc = parse_args(&a, argc, argv);
    if (rc)
        return rc;
    if (gen_setup("bench_gen", a.corpus) || load_registry(a.registry) ||
        load_findings(a.findings))
        return 1;
    rng_state = a.seed;
    gen_reseed(a.seed);
    make_places();
    zipf zc, zg;
    zipf_init(&zc, nreg, 1.1);
    zipf_init(&zg, ngroups, 0.9);
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/", a.out);
    if (mkdirs(path) != 0) {
        fprintf(stderr, "bench_gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    FILE *man = open_out(a.out, "manifest.tsv"), *qual = open_out(a.out, "quality.tsv");
    if (!man || !qual)
        return 1;
    fprintf(man, "# path\tcommune\tdistrict\tprovince\tdate\tkind\tencoding\tcites\n");
    fprintf(qual, "# case\tquery\tfiles that must match (relative to docs/)\t[text of the "
                  "paragraph that must be shown first]\n");
    plants pl = {{NULL}, {0}};
    /* Room for the longest --long document in UTF-16. */
    gen_bufs b = {TEXT_BUF_INIT(1 << 22), TEXT_BUF_INIT(1 << 23), TEXT_BUF_INIT(1 << 22)};
    for (unsigned long i = 0; i < a.ndocs && rc == 0; i++) {
        docspec d;
        char rel[512];
        draw_spec(&d, i, a.ndocs, a.long_mode, &zc);
        rc = write_doc(&b, &d, i, &a, &zg, rel, sizeof rel);
        if (rc == 0)
            manifest_line(man, &d, rel, a.long_mode);
        if (rc == 0 && d.plant >= 0 && plant_note(&pl, d.plant, rel) != 0)
            rc = 70;
    }
    for (size_t c = 0; c < NCASES; c++) {
        if (pl.files[c])
            fprintf(qual, "%s\t%s\t%s%s%s\n", cases[c].name, cases[c].query, pl.files[c],
                    cases[c].first ? "\t" : "", cases[c].first ? cases[c].first : "");
        free(pl.files[c]);
    }
    fclose(man);
    fclose(qual);
    text_buf_free(&b.doc);
    text_buf_free(&b.enc);
    text_buf_free(&b.wrap);
    free(zc.cum);
    free(zg.cum);
    free_tables();
    if (rc == 0)
        printf("%lu documents in %s/docs (%u communes, %u districts, %u provinces)\n", a.ndocs,
               a.out, ncommunes, (unsigned)(NPROVINCES * DISTRICTS_PER_PROVINCE),
               (unsigned)NPROVINCES);
    return rc;
}
