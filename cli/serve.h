/*
 * serve.h - what the modules of `tracuu serve` share: the output buffer and its escaping
 * (serve_buf.c), the request being answered and its helpers (serve_http.c), the labels in
 * Vietnamese and English and the page frame (serve_page.c), the JSON API (serve_api.c) and
 * the pages (serve_search.c, serve_pages.c, serve_doc.c).
 *
 * The server is read-only and uses only tracuu.h, like every other command: each request
 * opens the index, so a `tracuu reindex` is seen by the next request while requests in
 * flight finish on what they opened.
 */
#ifndef TRACUU_SERVE_H
#define TRACUU_SERVE_H

#include <microhttpd.h>
#include <stdint.h>

#include "cli.h"

/* Highlight markers asked of the library for snippets shown in pages; they cannot occur
 * in indexed text (normalization removes control characters). */
#define SERVE_HL_OPEN "\x01"
#define SERVE_HL_CLOSE "\x02"

/* Limits: raw request target, results per page, pages of results, answer size. */
#define SERVE_MAX_TARGET 1024u
#define SERVE_MAX_LIMIT 100u
#define SERVE_MAX_OFFSET 10000u
#define SERVE_MAX_BODY (16u * 1024u * 1024u)

/* ---- serve_buf.c: a bounded growing buffer (failed past its max) ---------------------- */
typedef struct sbuf {
    char *p;
    size_t len, cap, max;
    int failed;
} sbuf;

void sb_init(sbuf *b, size_t max);
void sb_free(sbuf *b);
void sb_putn(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one HTML escaping function (element content and quoted attribute values). */
void sb_html(sbuf *b, const char *s);
/* The same, with SERVE_HL_OPEN/CLOSE turned into <mark>...</mark>. */
void sb_mark(sbuf *b, const char *s);
/* Percent-encode everything but RFC 3986 unreserved characters. */
void sb_url(sbuf *b, const char *s);

/* ---- labels --------------------------------------------------------------------------- */
/* Every label of the pages once, in both languages: X(field, Vietnamese, English). The
 * struct and the two tables (serve_page.c) are made from this one list, so a label cannot
 * be added in one language and forgotten in the other. */
#define SERVE_LABELS(X)                                                                            \
    X(lang, "vi", "en")                                                                            \
    X(site, "Tra cứu văn bản", "Document search")                                                  \
    X(search, "Tìm kiếm", "Search")                                                                \
    X(doc, "Văn bản", "Document")                                                                  \
    X(cites, "Trích dẫn", "Citations")                                                             \
    X(similar, "Ý tương tự", "Similar findings")                                                   \
    X(recurring, "Lặp lại", "Recurring")                                                           \
    X(status, "Tình trạng", "Status")                                                              \
    X(commune, "Xã", "Commune")                                                                    \
    X(district, "Huyện", "District")                                                               \
    X(province, "Tỉnh", "Province")                                                                \
    X(year, "Năm", "Year")                                                                         \
    X(kind, "Loại văn bản", "Kind")                                                                \
    X(cited, "Văn bản được trích dẫn", "Cited documents")                                          \
    X(section, "Phần", "Section")                                                                  \
    X(date, "Ngày", "Date")                                                                        \
    X(query_ph, "Nhập từ cần tìm, có dấu hoặc không dấu",                                          \
      "Words to find, with or without tone marks")                                                 \
    X(button, "Tìm", "Search")                                                                     \
    X(results, "văn bản phù hợp", "matching documents")                                            \
    X(none, "Không tìm thấy kết quả", "No results found")                                          \
    X(none_why, "Không có đoạn văn nào chứa đủ mọi từ của câu tìm kiếm",                           \
      "No passage contains every word of the query")                                               \
    X(none_filters, "Hãy bỏ bớt bộ lọc", "Try removing some filters")                              \
    X(try_plain, "Thử tìm không dấu:", "Try without tone marks:")                                  \
    X(prev, "← Trang trước", "← Previous")                                                         \
    X(next, "Trang sau →", "Next →")                                                               \
    X(filters, "Bộ lọc", "Filters")                                                                \
    X(remove, "bỏ lọc", "remove")                                                                  \
    X(passage, "Đoạn", "Passage")                                                                  \
    X(relaxed, "Không có đoạn văn nào chứa đủ mọi từ; các đoạn chứa phần lớn các từ:",             \
      "No passage has every word; passages with most of them:")                                    \
    X(missing, "Thiếu:", "Missing:")                                                               \
    X(and_similar, "đoạn giống hệt ở văn bản khác", "similar")                                     \
    X(and_word, "và", "and")                                                                       \
    X(similar_link, "Ý tương tự ở xã khác", "Similar in other communes")                           \
    X(original, "Tải tệp gốc", "Download the original file")                                       \
    X(encoding, "Bảng mã", "Encoding")                                                             \
    X(title, "Tiêu đề", "Title")                                                                   \
    X(path, "Đường dẫn", "Path")                                                                   \
    X(size, "Kích thước", "Size")                                                                  \
    X(passages, "Các đoạn văn", "Passages")                                                        \
    X(its_refs, "Văn bản này trích dẫn", "This document cites")                                    \
    X(cited_pre, "được ", "cited by ")                                                             \
    X(cited_post, " báo cáo khác trích dẫn", " other reports")                                     \
    X(replaced, "ĐÃ ĐƯỢC THAY THẾ vào ngày báo cáo", "REPLACED by the report's date")              \
    X(in_force, "còn hiệu lực", "in force")                                                        \
    X(citing, "Các báo cáo trích dẫn (mới nhất trước)", "Citing reports (newest first)")           \
    X(by_commune, "Số báo cáo theo xã", "Reports by commune")                                      \
    X(by_year, "Số báo cáo theo năm", "Reports by year")                                           \
    X(cocited, "Thường được trích dẫn cùng", "Often cited together with")                          \
    X(registry_title, "Trích yếu", "Title")                                                        \
    X(state, "Hiệu lực", "Status")                                                                 \
    X(no_citer, "Chưa có báo cáo nào trích dẫn văn bản này", "No report cites this document yet")  \
    X(source, "Đoạn gốc", "Source passage")                                                        \
    X(score, "Độ giống", "Similarity")                                                             \
    X(n_communes, " xã", " communes")                                                              \
    X(n_findings, " ý", " findings")                                                               \
    X(min_communes, "Số xã tối thiểu", "Minimum communes")                                         \
    X(show, "Xem", "Show")                                                                         \
    X(roots, "Thư mục gốc", "Roots")                                                               \
    X(revision, "Phiên bản chỉ mục", "Index revision")                                             \
    X(last_run, "Lần cập nhật gần nhất", "Last run")                                               \
    X(failed, "Tệp không đọc được", "Files that failed")                                           \
    X(documents, "Văn bản", "Documents")                                                           \
    X(error, "Lỗi", "Error")                                                                       \
    X(other_lang, "English", "Tiếng Việt")                                                         \
    X(no_title, "(không có tiêu đề)", "(no title)")                                                \
    X(number, "Số hiệu", "Number")                                                                 \
    X(issued, "Ngày ban hành", "Issued")                                                           \
    X(replaced_by, "Được thay thế bởi", "Replaced by")                                             \
    X(none_similar, "Không có ý tương tự ở xã khác", "No similar finding in other communes")       \
    X(none_recurring, "Không có ý nào được nhiều xã cùng nêu",                                     \
      "No finding is reported by that many communes")                                              \
    X(page, "trang", "page")                                                                       \
    X(under, "mục", "under")                                                                       \
    X(all, "Tất cả", "All")                                                                        \
    X(since, "Từ năm", "Since")                                                                    \
    X(until, "Đến năm", "Until")                                                                   \
    X(err_request, "Yêu cầu không hợp lệ.", "The request is not valid.")                           \
    X(err_missing, "Không tìm thấy trang hoặc văn bản này.", "No such page or document.")          \
    X(err_busy, "Chỉ mục chưa sẵn sàng hoặc đang được cập nhật; xin thử lại sau ít phút.",         \
      "The index is not available or is being updated; try again in a few minutes.")               \
    X(err_server, "Máy chủ gặp lỗi khi trả lời.", "The server failed to answer.")

typedef struct serve_text {
#define SERVE_LABEL_FIELD(field, vi, en) const char *field;
    SERVE_LABELS(SERVE_LABEL_FIELD)
#undef SERVE_LABEL_FIELD
} serve_text;

/* ---- the server and one request (serve_http.c) ----------------------------------------- */
typedef struct serve_conf {
    const char *index_path;
    unsigned timeout_ms; /* remote shards of a stub */
    int partial;
    const char *base;    /* "" or "/prefix" the pages live under (behind a proxy) */
} serve_conf;

typedef struct serve_req {
    struct MHD_Connection *conn;
    const serve_conf *conf;
    const char *path;    /* the request path below the base */
    int en;              /* ?lang=en */
    const serve_text *t; /* labels in the request's language */
    int api;             /* under /api/: errors as JSON */
    tracuu_index *ix;    /* opened by serve_open, closed when the answer is built */
    unsigned status;     /* HTTP status of the answer */
    const char *ctype;
    sbuf body;
    int fd;              /* /tep: an open file to send instead of body, or -1 */
    uint64_t fsize;
    char *disposition;   /* /tep: the Content-Disposition value (owned) */
    int cache;           /* static files: may be cached */
} serve_req;

/* A query argument, decoded; NULL when absent or empty. */
const char *serve_arg(serve_req *r, const char *name);
/* An unsigned argument in [0, max] (default `def`); -1 after answering 400. */
long serve_uint_arg(serve_req *r, const char *name, unsigned long def, unsigned long max);
/* Open the index for this request (once); -1 after answering the failure. */
int serve_open(serve_req *r);
/* Answer a failure: JSON {"error"} under /api/, an error page elsewhere; the HTTP status
 * follows st (400 bad argument or query, 404 not found, 503 locked/unreachable, else 500). */
void serve_fail(serve_req *r, tracuu_status st, const char *msg);
/* The same with an explicit HTTP status. */
void serve_fail_http(serve_req *r, unsigned http, const char *status, const char *msg);
/* A library answer (js owned, NULL on failure) parsed; NULL after answering the failure. */
json_t *serve_answer(serve_req *r, tracuu_status st, char *js);
/* Send `o` (owned) as the JSON answer. */
void serve_json(serve_req *r, json_t *o);

/* ---- serve_page.c: the page frame and links -------------------------------------------- */
extern const serve_text serve_vi, serve_en;
void page_begin(serve_req *r, const char *title, const char *nav);
void page_end(serve_req *r);
/* A link target: base + route, then arguments (percent-encoded; empty ones left out), then
 * lang=en when the page is English. Written into the body, ready for an href="...". */
typedef struct serve_url {
    serve_req *r;
    int args;
} serve_url;
void url_start(serve_url *u, serve_req *r, const char *route);
void url_arg(serve_url *u, const char *name, const char *value);
void url_end(serve_url *u);
/* <a href="route?name=value">TEXT</a> with TEXT escaped. */
void put_link(serve_req *r, const char *route, const char *name, const char *value,
              const char *text);
/* The label of a section (achievement...) or a kind (bao-cao...) in the page language, or
 * the value itself. */
const char *label_section(const serve_text *t, const char *section);
const char *label_kind(const serve_text *t, const char *kind);
/* A horizontal bar chart as inline SVG of the {"label": count} object. */
void put_bars(serve_req *r, json_t *counts, const char *caption);
void serve_static_css(serve_req *r);

/* ---- routes ----------------------------------------------------------------------------- */
void api_search(serve_req *r);
void api_show(serve_req *r);
void api_cites(serve_req *r);
void api_refs(serve_req *r);
void api_cocited(serve_req *r);
void api_similar(serve_req *r);
void api_recurring(serve_req *r);
void api_status(serve_req *r);
/* The filter arguments of a request (commune, district, province, kind, section, cites,
 * since, until) appended to query (cap bytes) in query syntax; -1 after answering 400. */
int serve_filters(serve_req *r, char *query, size_t cap);
/* The query of a search: q, then the filters (owned). NULL after answering the failure. */
char *serve_search_query(serve_req *r);
/* Who cites the request's id= (narrowed by commune, since, until), with the counts per
 * commune and year when `stats`: the answer of tracuu_cites_list (owned), or NULL after
 * answering the failure (no id=: 400). */
json_t *serve_cites(serve_req *r, int stats);
/* The recurring findings for the request's filters (limitations unless section= is
 * given): the answer (owned), or NULL after answering the failure. */
json_t *serve_recurring(serve_req *r, unsigned min_communes, unsigned limit);

void page_search(serve_req *r);
void page_doc(serve_req *r);
void page_file(serve_req *r);
void page_cites(serve_req *r);
void page_similar(serve_req *r);
void page_recurring(serve_req *r);
void page_status(serve_req *r);

#endif
