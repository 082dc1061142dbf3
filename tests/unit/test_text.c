/*
 * test_text.c - the text pipeline, table-driven: term forms (case, tone placement,
 * folding), tokenizing (glued words, offsets), normalization, decoding, UTF-8 checking,
 * passage splitting.
 */
#include <check.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "extract.h"
#include "layout.h"
#include "normalize.h"
#include "passage.h"
#include "section.h"
#include "testutil.h"
#include "token.h"
#include "vnchar.h"

/* ---- term forms ------------------------------------------------------------------------ */

static const struct {
    const char *in, *exact, *folded;
    int marked;
} forms[] = {
    {"dân", "dân", "dan", 1},
    {"Dân", "dân", "dan", 1},
    {"dan", "dan", "dan", 0},
    {"Đảng", "đảng", "dang", 1},
    {"ĐẢNG", "đảng", "dang", 1},
    {"đ", "đ", "d", 1},
    {"được", "được", "duoc", 1},
    {"quyết", "quyết", "quyet", 1},
    {"lượng", "lượng", "luong", 1},
    {"Nghị", "nghị", "nghi", 1},
    /* tone placement: new style -> old style */
    {"hoà", "hòa", "hoa", 1},
    {"hòa", "hòa", "hoa", 1},
    {"thuỷ", "thủy", "thuy", 1},
    {"thủy", "thủy", "thuy", 1},
    {"uỷ", "ủy", "uy", 1},
    {"Ủy", "ủy", "uy", 1},
    {"Uỷ", "ủy", "uy", 1},
    {"khoẻ", "khỏe", "khoe", 1},
    {"toả", "tỏa", "toa", 1},
    {"THUỶ", "thủy", "thuy", 1},
    {"hoá", "hóa", "hoa", 1},
    /* with a final consonant both styles agree: second vowel */
    {"hoàn", "hoàn", "hoan", 1},
    {"hòan", "hoàn", "hoan", 1},
    {"tòan", "toàn", "toan", 1},
    {"khỏang", "khoảng", "khoang", 1},
    {"hùynh", "huỳnh", "huynh", 1},
    {"huỳnh", "huỳnh", "huynh", 1},
    /* typing errors the rule repairs */
    {"qủa", "quả", "qua", 1},
    {"gìa", "già", "gia", 1},
    {"thủơ", "thuở", "thuo", 1},
    {"ngừơi", "người", "nguoi", 1},
    {"lựơng", "lượng", "luong", 1},
    {"hụê", "huệ", "hue", 1},
    /* gi and qu onsets */
    {"giữa", "giữa", "giua", 1},
    {"quý", "quý", "quy", 1},
    {"quốc", "quốc", "quoc", 1},
    {"gì", "gì", "gi", 1},
    {"gìn", "gìn", "gin", 1},
    {"quyền", "quyền", "quyen", 1},
    {"giường", "giường", "giuong", 1},
    /* three-vowel clusters: middle vowel */
    {"ngoài", "ngoài", "ngoai", 1},
    {"ngòai", "ngoài", "ngoai", 1},
    {"khuỷu", "khuỷu", "khuyu", 1},
    {"xoáy", "xoáy", "xoay", 1},
    /* two plain vowels: first */
    {"của", "của", "cua", 1},
    {"mùa", "mùa", "mua", 1},
    {"tài", "tài", "tai", 1},
    {"kìa", "kìa", "kia", 1},
    {"túi", "túi", "tui", 1},
    /* shaped vowels take the tone */
    {"tuổi", "tuổi", "tuoi", 1},
    {"chuyển", "chuyển", "chuyen", 1},
    {"người", "người", "nguoi", 1},
    {"hoặc", "hoặc", "hoac", 1},
    {"tuần", "tuần", "tuan", 1},
    {"yêu", "yêu", "yeu", 1},
    {"khuấy", "khuấy", "khuay", 1},
    /* not syllables: left alone apart from case */
    {"UBND", "ubnd", "ubnd", 0},
    {"HĐND", "hđnd", "hdnd", 1},
    {"217", "217", "217", 0},
    {"COVID", "covid", "covid", 0},
    {"Ðảng", "đảng", "dang", 1},   /* U+00D0 eth, repaired */
    {"Ɖảng", "đảng", "dang", 1},   /* U+0189 African D */
    {"café", "café", "cafe", 1},
    {"Müller", "müller", "muller", 1},
};

START_TEST(test_forms)
{
    text_buf ex = TEXT_BUF_INIT(1024), fo = TEXT_BUF_INIT(1024);
    int marked = -1;
    const char *in = forms[_i].in;
    ck_assert_int_eq(text_token_forms(in, 0, strlen(in), &ex, &fo, &marked), TRACUU_OK);
    ck_assert_msg(strcmp(ex.ptr, forms[_i].exact) == 0, "%s: exact %s, want %s", in, ex.ptr,
                  forms[_i].exact);
    ck_assert_msg(strcmp(fo.ptr, forms[_i].folded) == 0, "%s: folded %s, want %s", in, fo.ptr,
                  forms[_i].folded);
    ck_assert_msg(marked == forms[_i].marked, "%s: marked %d", in, marked);
    text_buf_free(&ex);
    text_buf_free(&fo);
}
END_TEST

/* ---- tokenizing ------------------------------------------------------------------------ */

static const struct {
    const char *in;
    const char *tokens; /* expected token texts separated by '|' */
} toks[] = {
    {"dân vận", "dân|vận"},
    {"NguyễnVăn Hiền", "Nguyễn|Văn|Hiền"},
    {"theoNghị quyết", "theo|Nghị|quyết"},
    {"Quyết định 217của Bộ", "Quyết|định|217|của|Bộ"},
    {"ít nhất 01lần", "ít|nhất|01|lần"},
    {"phương;mối quan hệ", "phương|mối|quan|hệ"},
    {"nhân dân,tạo sự", "nhân|dân|tạo|sự"},
    {"”của Ban", "của|Ban"},
    {"25-NQ/TW", "25|NQ|TW"},
    {"04/2015/NĐ-CP", "04|2015|NĐ|CP"},
    {"HĐND và UBND", "HĐND|và|UBND"},
    {"COVID-19", "COVID|19"},
    {"kinh tế-xã hội", "kinh|tế|xã|hội"},
    {"  \n\n ", ""},
    {"", ""},
    {"a", "a"},
    {"(khóa XI, khóa XII)", "khóa|XI|khóa|XII"},
    {"Huyện ủy-Trưởng Ban", "Huyện|ủy|Trưởng|Ban"},
    {"29/8/2013", "29|8|2013"},
    {"Việt Nam", "Việt|Nam"},
};

START_TEST(test_tokens)
{
    const char *in = toks[_i].in;
    char got[512] = "";
    size_t n = strlen(in);
    text_token t;
    text_tokenizer tz;
    text_tokenizer_init(&tz, in, n, NULL);
    while (text_tokenizer_next(&tz, &t)) {
        ck_assert(t.start < t.end && t.end <= n);
        if (*got)
            strcat(got, "|");
        strncat(got, in + t.start, t.end - t.start);
    }
    ck_assert_msg(strcmp(got, toks[_i].tokens) == 0, "'%s' -> '%s', want '%s'", in, got,
                  toks[_i].tokens);
}
END_TEST

START_TEST(test_token_offsets)
{
    /* Offsets are bytes into the text, and the forms of each span match its words. */
    const char *in = "Ủy ban nhân dân xã";
    text_token t;
    text_tokenizer tz;
    text_tokenizer_init(&tz, in, strlen(in), NULL);
    ck_assert(text_tokenizer_next(&tz, &t));
    ck_assert_uint_eq(t.start, 0);
    ck_assert_uint_eq(t.end, 4); /* Ủ is 3 bytes */
    ck_assert(text_tokenizer_next(&tz, &t));
    ck_assert_uint_eq(t.start, 5);
    ck_assert_uint_eq(t.end, 8);
}
END_TEST

/* ---- normalization --------------------------------------------------------------------- */

static const struct {
    const char *in, *out;
} norms[] = {
    {"Vie\xCC\x82\xCC\xA3t Nam", "Việt Nam"},         /* NFD -> NFC */
    {"\xC3\x90\xE1\xBA\xA3ng", "Đảng"},             /* Ð (eth) -> Đ */
    {"\xC3\xB0i", "đi"},                             /* ð -> đ */
    {"217\xE2\x80\x93QĐ/TW", "217-QĐ/TW"},           /* en dash lumped */
    {"21 \xE2\x80\x94 NQ/TW", "21 - NQ/TW"},          /* em dash */
    {"d\xE2\x80\x8B\xC3\xA2n", "dân"},               /* zero-width space removed */
    {"a\r\nb", "a\nb"},                              /* CRLF */
    {"a\rb", "a\nb"},                                /* CR */
    {"a\tb", "a b"},                                 /* tab */
    {"a\xC2\xA0" "b", "a b"},                        /* NBSP */
    {"ph\xC3\xA2n\xC2\xAD" "c\xC3\xB4ng", "phâncông"}, /* soft hyphen removed */
    {"\xEF\xBC\xB1\xEF\xBC\xA4", "QD"},               /* fullwidth */
    {"a\xE2\x80\xA8" "b", "a\nb"},                    /* line separator */
    {"x\x01y", "xy"},                                 /* control removed */
    {"", ""},
};

START_TEST(test_normalize)
{
    text_buf out = TEXT_BUF_INIT(4096);
    ck_assert_int_eq(text_normalize(&out, norms[_i].in, strlen(norms[_i].in)), TRACUU_OK);
    const char *got = out.ptr ? out.ptr : "";
    ck_assert_msg(strcmp(got, norms[_i].out) == 0, "row %d: got '%s' want '%s'", _i, got,
                  norms[_i].out);
    text_buf_free(&out);
}
END_TEST

/* ---- UTF-8 checking and decoding ------------------------------------------------------- */

static const struct {
    const char *bytes;
    size_t len;
    size_t bad; /* expected offset of the first bad byte; len when valid */
} utf8s[] = {
    {"abc", 3, 3},
    {"d\xC3\xA2n", 4, 4},
    {"\xC0\xAF", 2, 0},              /* overlong '/' */
    {"a\xE0\x80\xAF", 4, 1},         /* overlong 3-byte */
    {"\xED\xA0\x80", 3, 0},          /* surrogate */
    {"ab\xE1\xBB", 4, 2},            /* truncated at the end */
    {"\xF4\x90\x80\x80", 4, 0},      /* beyond U+10FFFF */
    {"a\0b", 3, 1},                  /* NUL */
    {"\x80", 1, 0},                  /* stray continuation */
    {"\xF0\x9F\x98\x80", 4, 4},      /* emoji */
};

START_TEST(test_utf8_check)
{
    ck_assert_uint_eq(text_utf8_check(utf8s[_i].bytes, utf8s[_i].len), utf8s[_i].bad);
}
END_TEST

START_TEST(test_decode_bom_and_errors)
{
    text_buf out = TEXT_BUF_INIT(4096);
    const char *used = NULL;
    char err[256];
    /* UTF-8 BOM is dropped */
    ck_assert_int_eq(text_decode(&out, &used, "\xEF\xBB\xBF" "d\xC3\xA2n", 7, NULL, err,
                                 sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(out.ptr, "dân");
    ck_assert_str_eq(used, "UTF-8");
    /* UTF-16LE with BOM: "Đảng" */
    text_buf_reset(&out);
    const char u16[] = "\xFF\xFE\x10\x01\xA3\x1E\x6E\x00\x67\x00";
    ck_assert_int_eq(text_decode(&out, &used, u16, sizeof u16 - 1, NULL, err, sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(out.ptr, "Đảng");
    ck_assert_str_eq(used, "UTF-16LE");
    /* UTF-16BE */
    text_buf_reset(&out);
    const char u16be[] = "\xFE\xFF\x01\x10\x1E\xA3\x00\x6E\x00\x67";
    ck_assert_int_eq(text_decode(&out, &used, u16be, sizeof u16be - 1, NULL, err, sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(out.ptr, "Đảng");
    /* Invalid UTF-8 names line and column */
    text_buf_reset(&out);
    ck_assert_int_eq(text_decode(&out, &used, "một\nha\xFFi", 11, NULL, err, sizeof err),
                     TRACUU_EENCODING);
    ck_assert_msg(strstr(err, "line 2, column 3") != NULL, "%s", err);
    /* CP1258 named explicitly: "Việt" is V i ê + combining dot below + t */
    text_buf_reset(&out);
    ck_assert_int_eq(text_decode(&out, &used, "Vi\xEA\xF2t", 5, "CP1258", err, sizeof err),
                     TRACUU_OK);
    text_buf n = TEXT_BUF_INIT(4096);
    ck_assert_int_eq(text_normalize(&n, out.ptr, out.len), TRACUU_OK);
    ck_assert_str_eq(n.ptr, "Việt");
    /* Unknown encoding name */
    text_buf_reset(&out);
    ck_assert_int_eq(text_decode(&out, &used, "abc", 3, "NO-SUCH-ENCODING", err, sizeof err),
                     TRACUU_EINVAL);
    ck_assert(strstr(err, "NO-SUCH-ENCODING") != NULL);
    /* A NUL byte is reported as binary */
    text_buf_reset(&out);
    ck_assert_int_eq(text_decode(&out, &used, "ab\0cd", 5, NULL, err, sizeof err),
                     TRACUU_EENCODING);
    ck_assert(strstr(err, "NUL") != NULL);
    text_buf_free(&out);
    text_buf_free(&n);
}
END_TEST

/* ---- valid UTF-8 stays UTF-8 (issue 16) -------------------------------------------------
 * Text a user wrote in UTF-8 with typographic punctuation, NBSP, emoji or other scripts, and
 * no Vietnamese letter to vouch for it, through every path a detector takes: plain text,
 * HTML with and without a declared charset, UTF-16 with a byte order mark, and the
 * line-by-line repair of Office and PDF text. Each must come out byte for byte as written. */
static const char *const clean_utf8[] = {
    "Feb. 20\xE2\x80\x94 x\n", /* the report: an em dash once read as VISCII "Ở" */
    "\xE2\x80\x9CHello,\xE2\x80\x9D she said \xE2\x80\x94 it\xE2\x80\x99s 10\xE2\x80\x93"
    "20 km\xE2\x80\xA6 OK. \xE2\x80\x98Quoted\xE2\x80\x99 text.\n",
    "Price:\xC2\xA0" "100\xC2\xA0USD \xE2\x80\x93 net, 1\xC2\xA0" "000 units\n", /* NBSP */
    "Great job \xF0\x9F\x91\x8D \xE2\x80\x94 see you \xF0\x9F\x98\x80 soon\n",     /* emoji */
    "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD "
    "\xE2\x80\x94 \xE5\x8C\x97\xE4\xBA\xAC\n",                                      /* Chinese */
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE2\x80\x94 \xD1\x81\xD1\x82\xD0\xBE"
    "\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0\n",                                          /* Cyrillic */
    "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2 "
    "\xE2\x80\x94 \xE0\xB8\x9B\xE0\xB8\xA3\xE0\xB8\xB0\xE0\xB9\x80\xE0\xB8\x97\xE0\xB8\xA8\n",
    /* Thai */
    "The caf\xC3\xA9 \xE2\x80\x94 on Main St. \xE2\x80\x94 serves \xE2\x80\x9Cgood\xE2\x80\x9D "
    "coffee\xE2\x80\xA6 Open 7\xE2\x80\x93" "9, Mon\xE2\x80\x94" "Fri \xE2\x80\xA2 no \xE2\x82\xAC\n",
    "Feb\xE2\x80\x94Mar \xE2\x80\x94 Q\xE2\x80\x99s \xE2\x80\x94 A\xE2\x80\x94" "B\n",
    /* Vietnamese with the same punctuation: the letters vouch for it */
    "Ng\xC3\xA0y 20 \xE2\x80\x94 \xE2\x80\x9C" "C\xC3\xB4ng v\xC4\x83n\xE2\x80\x9D s\xE1\xBB\x91 5\n",
};

/* The UTF-16LE bytes of utf8, with a byte order mark. */
static char *
to_utf16le(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
    ck_assert(cd != (iconv_t)-1);
    size_t n = strlen(utf8), cap = n * 4 + 4;
    char *buf = malloc(cap), *o = buf + 2, *in = (char *)utf8;
    size_t ol = cap - 2;
    buf[0] = (char)0xFF;
    buf[1] = (char)0xFE;
    ck_assert(iconv(cd, &in, &n, &o, &ol) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(o - buf);
    return buf;
}

/* The text an HTML page around s extracts to, and the encoding used. */
static char *
html_text(const char *s, const char *head, const char **used)
{
    text_buf page = TEXT_BUF_INIT(1 << 20), out = TEXT_BUF_INIT(1 << 20);
    text_buf_printf(&page, "<html><head>%s<title>t</title></head><body><p>%s</p></body></html>",
                    head, s);
    extract_result res = EXTRACT_RESULT_INIT;
    char err[256];
    ck_assert_int_eq(extract_text(&out, &res, EXTRACT_HTML, page.ptr, page.len, NULL, 0, err,
                                  sizeof err),
                     TRACUU_OK);
    static char encname[64];
    snprintf(encname, sizeof encname, "%s", res.encoding ? res.encoding : "");
    *used = encname;
    extract_result_free(&res);
    text_buf_free(&page);
    return text_buf_steal(&out, NULL);
}

START_TEST(test_clean_utf8_every_path)
{
    const char *s = clean_utf8[_i], *used = NULL;
    size_t n = strlen(s);
    char err[256];
    text_buf out = TEXT_BUF_INIT(1 << 20);
    /* plain text */
    ck_assert_int_eq(text_decode(&out, &used, s, n, NULL, err, sizeof err), TRACUU_OK);
    ck_assert_str_eq(used, "UTF-8");
    ck_assert_str_eq(out.ptr, s);
    /* UTF-16 with a byte order mark */
    size_t u16len;
    char *u16 = to_utf16le(s, &u16len);
    text_buf_reset(&out);
    ck_assert_int_eq(text_decode(&out, &used, u16, u16len, NULL, err, sizeof err), TRACUU_OK);
    ck_assert_str_eq(used, "UTF-16LE");
    ck_assert_str_eq(out.ptr, s);
    free(u16);
    /* the line repair of Office and PDF text */
    text_buf_reset(&out);
    size_t repaired = 99;
    ck_assert_int_eq(text_repair_lines(&out, s, n, &repaired), TRACUU_OK);
    ck_assert_uint_eq(repaired, 0);
    ck_assert_str_eq(out.ptr, s);
    text_buf_free(&out);
    /* HTML, with and without a declared charset: the text, trimmed, is in the page's */
    char want[1024];
    snprintf(want, sizeof want, "%.*s", (int)(n - 1), s);
    const char *heads[] = {"", "<meta charset=\"utf-8\">"};
    for (size_t h = 0; h < 2; h++) {
        char *t = html_text(s, heads[h], &used);
        ck_assert_msg(strstr(t, want) != NULL, "HTML (%s) gave [%s] for [%s]", heads[h], t, want);
        ck_assert_str_eq(used, "UTF-8");
        free(t);
    }
}
END_TEST

/* Double-encoded UTF-8 is still repaired, even where only punctuation was double-encoded. */
START_TEST(test_double_encoded_still_repaired)
{
    const char *used = NULL;
    char err[256];
    text_buf out = TEXT_BUF_INIT(1 << 20);
    /* "Việt Nam — “độc lập”" written through CP1252 once too often */
    const char *moji = "Vi\xC3\xA1\xC2\xBB\xE2\x80\xA1t Nam \xC3\xA2\xE2\x82\xAC\xE2\x80\x9D "
                       "\xC3\xA2\xE2\x82\xAC\xC5\x93\xC3\x84\xE2\x80\x98\xC3\xA1\xC2\xBB\xE2"
                       "\x84\xA2\x63 l\xC3\xA1\xC2\xBA\xC2\xADp\xC3\xA2\xE2\x82\xAC\xC2\x9D\n";
    ck_assert_int_eq(text_decode(&out, &used, moji, strlen(moji), NULL, err, sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(used, "UTF-8 (double-encoded via CP1252)");
    ck_assert_str_eq(out.ptr, "Vi\xE1\xBB\x87t Nam \xE2\x80\x94 \xE2\x80\x9C\xC4\x91\xE1\xBB\x99"
                              "c l\xE1\xBA\xADp\xE2\x80\x9D\n");
    /* English with only its quotes double-encoded */
    text_buf_reset(&out);
    const char *quotes = "He said \xC3\xA2\xE2\x82\xAC\xC5\x93yes\xC3\xA2\xE2\x82\xAC\xC2\x9D.\n";
    ck_assert_int_eq(text_decode(&out, &used, quotes, strlen(quotes), NULL, err, sizeof err),
                     TRACUU_OK);
    ck_assert_str_eq(used, "UTF-8 (double-encoded via CP1252)");
    ck_assert_str_eq(out.ptr, "He said \xE2\x80\x9Cyes\xE2\x80\x9D.\n");
    text_buf_free(&out);
}
END_TEST

/* ---- Markdown (issue 16) ---------------------------------------------------------------- */

/* Extract src as format: the text with layout marks stripped, the title, the mark count. */
static char *
md_text(extract_format format, const char *src, char **title, size_t *heads)
{
    text_buf out = TEXT_BUF_INIT(1 << 20), marks = TEXT_BUF_INIT(1 << 20);
    extract_result res = EXTRACT_RESULT_INIT;
    char err[256];
    ck_assert_int_eq(extract_text(&out, &res, format, src, strlen(src), NULL, 0, err, sizeof err),
                     TRACUU_OK);
    if (res.layout)
        ck_assert_int_eq(layout_strip(&out, &marks), TRACUU_OK);
    *heads = marks.len / sizeof(layout_mark);
    *title = res.title;
    res.title = NULL;
    extract_result_free(&res);
    text_buf_free(&marks);
    return text_buf_steal(&out, NULL);
}

static const char md_page[] =
    "---\ndate: 2019-05-20\n---\n"
    "# Nghị quyết về **công tác** [dân vận](https://example.vn/dv)\n\n"
    "Đoạn văn có **chữ đậm**, *nghiêng*, ~~gạch~~ và [liên kết](https://example.com/x) cùng `mã`.\n"
    "Dòng thứ hai của đoạn.\n\n"
    "## Bảng số liệu\n\n"
    "| STT | Đơn vị | Số lượng |\n"
    "|-----|--------|---------:|\n"
    "| 1 | Xã **Mỹ Hòa** | 120 |\n"
    "| 2 | [Phường 7](http://p7.vn) | 85 |\n\n"
    "1. Mục tiêu thứ nhất\n2. Mục tiêu thứ hai\n\n"
    "- gạch đầu dòng\n\n"
    "<div><script>var x = \"Nghị quyết 99-NQ/TW\";</script>Khối HTML</div>\n\n"
    "## Tham khảo\n";

START_TEST(test_markdown_file)
{
    char *title = NULL;
    size_t heads = 0;
    char *t = md_text(EXTRACT_MARKDOWN, md_page, &title, &heads);
    ck_assert_str_eq(title, "Nghị quyết về công tác dân vận");
    ck_assert_uint_eq(heads, 3);
    /* front matter kept for meta.c; every passage as a reader sees it */
    ck_assert_msg(strncmp(t, "---\ndate: 2019-05-20\n---\n", 25) == 0, "%s", t);
    const char *want[] = {
        "\nNghị quyết về công tác dân vận\n\n",
        "\nĐoạn văn có chữ đậm, nghiêng, gạch và liên kết cùng mã.\nDòng thứ hai của đoạn.\n\n",
        "\nBảng số liệu\n\n",
        "\nSTT Đơn vị Số lượng\n\n1 Xã Mỹ Hòa 120\n\n2 Phường 7 85\n\n",
        "\n1. Mục tiêu thứ nhất\n\n2. Mục tiêu thứ hai\n\n",
        "\ngạch đầu dòng\n\n",
        "\nKhối HTML\n\n",
        "\nTham khảo\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        ck_assert_msg(strstr(t, want[i]) != NULL, "missing [%s] in [%s]", want[i], t);
    const char *gone[] = {"**", "|", "#", "http", "](", "`", "~~", "99-NQ", "script"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        ck_assert_msg(strstr(t + 25, gone[i]) == NULL, "[%s] left in [%s]", gone[i], t);
    free(t);
    free(title);
}
END_TEST

/* Plain .txt: Markdown when a heading or a table says so; else byte for byte as written. */
static const struct {
    const char *in;
    int markdown;
    const char *title, *has;
} txt_cases[] = {
    {"# Báo cáo **tổng kết** năm 2019\n\nNội dung *chính*.\n", 1,
     "Báo cáo tổng kết năm 2019", "\nNội dung chính.\n"},
    {"Số liệu\n\n| Xã | Số |\n| --- | --- |\n| Mỹ Hòa | 12 |\n", 1, NULL, "\nMỹ Hòa 12\n"},
    {"## Tham khảo\n\n1. [Luật](http://x.vn) số 77\n", 1, "Tham khảo", "\n1. Luật số 77\n"},
    /* "#" before a number is a count, not a heading; a hashtag is not one either */
    {"# 5 xã\nđạt **chỉ tiêu** 1*2*3\n", 0, NULL, "# 5 xã\nđạt **chỉ tiêu** 1*2*3\n"},
    {"#dânvận và #chuyểnđổisố\n", 0, NULL, "#dânvận và #chuyểnđổisố\n"},
    /* pipes without a separator line are not a table */
    {"a | b | c\n1 | 2 | 3\n", 0, NULL, "a | b | c\n1 | 2 | 3\n"},
    {"Tỷ lệ 95/100 *đạt* [ghi chú]\n", 0, NULL, "Tỷ lệ 95/100 *đạt* [ghi chú]\n"},
};

START_TEST(test_markdown_txt)
{
    char *title = NULL;
    size_t heads = 0;
    char *t = md_text(EXTRACT_TEXT, txt_cases[_i].in, &title, &heads);
    if (txt_cases[_i].markdown) {
        ck_assert_msg(strstr(t, txt_cases[_i].has) != NULL, "[%s] not in [%s]",
                      txt_cases[_i].has, t);
        if (txt_cases[_i].title)
            ck_assert_str_eq(title, txt_cases[_i].title);
        else
            ck_assert_ptr_null(title);
    } else {
        ck_assert_str_eq(t, txt_cases[_i].in);
        ck_assert_ptr_null(title);
        ck_assert_uint_eq(heads, 0);
    }
    free(t);
    free(title);
}
END_TEST

/* Findings only from findings (issue 16): a page shaped like a Wikipedia article with a
 * law's article and a quoted clause; which passages may hold findings. */
START_TEST(test_findings_sources)
{
    const char *page = "# Công tác dân vận\n\n## Kết quả\n\n"
                       "Đã tổ chức mười hai hội nghị tuyên truyền cho nhân dân trong xã.\n\n"
                       "## Hạn chế\n\n"
                       "Điều 5. Cán bộ phải gần dân, hiểu dân và trọng dân.\n\n"
                       "\xE2\x80\x9C" "Cán bộ phải gần dân, hiểu dân\xE2\x80\x9D theo quy định của luật.\n\n"
                       "Một số cán bộ chưa sâu sát cơ sở, còn ngại tiếp xúc nhân dân.\n\n"
                       "## Tham khảo\n\n"
                       "Bài viết về công tác dân vận của tỉnh năm 2019 nêu rõ nhiều hạn chế.\n\n"
                       "Báo Nhân Dân. Truy cập ngày 5 tháng 6 năm 2020.\n";
    text_buf out = TEXT_BUF_INIT(1 << 20), norm = TEXT_BUF_INIT(1 << 20),
             marks = TEXT_BUF_INIT(1 << 20), spans = TEXT_BUF_INIT(1 << 20);
    extract_result res = EXTRACT_RESULT_INIT;
    char err[256];
    ck_assert_int_eq(extract_text(&out, &res, EXTRACT_MARKDOWN, page, strlen(page), NULL, 0, err,
                                  sizeof err),
                     TRACUU_OK);
    ck_assert_int_eq(text_normalize(&norm, out.ptr, out.len), TRACUU_OK);
    ck_assert_int_eq(layout_strip(&norm, &marks), TRACUU_OK);
    ck_assert_int_eq(passage_split(norm.ptr, norm.len, &spans), TRACUU_OK);
    const passage_span *ps = (const passage_span *)(void *)spans.ptr;
    size_t np = spans.len / sizeof *ps;
    ck_assert_uint_eq(np, 10);
    size_t starts[16];
    unsigned pages[16];
    long heads[16];
    for (size_t i = 0; i < np; i++)
        starts[i] = ps[i].start;
    layout_assign((const layout_mark *)(void *)marks.ptr, marks.len / sizeof(layout_mark), 0,
                  starts, np, pages, heads);
    /* title, Kết quả, finding, Hạn chế, article, quoted, finding, Tham khảo, under refs x2 */
    const int may[] = {0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    for (size_t i = 0; i < np; i++)
        ck_assert_msg(passage_may_hold_findings(norm.ptr, ps, np, heads, i) == may[i],
                      "passage %zu [%.*s]", i, (int)(ps[i].end - ps[i].start), norm.ptr + ps[i].start);
    extract_result_free(&res);
    text_buf_free(&out);
    text_buf_free(&norm);
    text_buf_free(&marks);
    text_buf_free(&spans);
}
END_TEST

START_TEST(test_buf_ceiling)
{
    text_buf b = TEXT_BUF_INIT(8);
    ck_assert_int_eq(text_buf_put(&b, "12345678", 8), TRACUU_OK);
    ck_assert_int_eq(text_buf_put(&b, "9", 1), TRACUU_ETOOBIG);
    ck_assert_uint_eq(b.len, 8);
    char *s = text_buf_steal(&b, NULL);
    ck_assert_str_eq(s, "12345678");
    free(s);
    text_buf_free(&b);
}
END_TEST

/* ---- passages -------------------------------------------------------------------------- */

static size_t
split(const char *t, passage_span *out, size_t max)
{
    text_buf b = TEXT_BUF_INIT(1 << 20);
    ck_assert_int_eq(passage_split(t, strlen(t), &b), TRACUU_OK);
    size_t n = b.len / sizeof(passage_span);
    if (n > max)
        n = max;
    memcpy(out, b.ptr, n * sizeof *out);
    text_buf_free(&b);
    return n;
}

START_TEST(test_passages_blank_lines)
{
    const char *t = "Tiêu đề báo cáo\n\nĐoạn một có nội dung dài hơn sáu mươi byte để không bị coi là\nnối tiếp dòng sau\n\n\n"
                    "Đoạn hai.\n";
    passage_span p[8];
    size_t n = split(t, p, 8);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(strncmp(t + p[0].start, "Tiêu đề báo cáo", p[0].end - p[0].start), 0);
    ck_assert_uint_eq(p[2].end - p[2].start, strlen("Đoạn hai."));
}
END_TEST

START_TEST(test_passages_one_line_each)
{
    /* Word's "save as text": one line per paragraph, each ending a sentence. */
    const char *t = "Một là tăng cường lãnh đạo của cấp ủy đối với công tác dân vận trong xã.\n"
                    "Hai là phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị.\n"
                    "- mục một;\n- mục hai.\n";
    passage_span p[8];
    ck_assert_uint_eq(split(t, p, 8), 4);
}
END_TEST

START_TEST(test_passages_hard_wrapped)
{
    /* Hard-wrapped lines that do not end a sentence are one passage. */
    const char *t = "Ban Thường vụ Đảng ủy xã đã tổ chức quán triệt sâu rộng các nghị quyết\n"
                    "của cấp trên đến toàn thể cán bộ, đảng viên và quần chúng nhân dân trên\n"
                    "địa bàn xã trong năm qua.\n";
    passage_span p[8];
    ck_assert_uint_eq(split(t, p, 8), 1);
    ck_assert_uint_eq(p[0].start, 0);
    ck_assert_uint_eq(p[0].end, strlen(t) - 1);
}
END_TEST

START_TEST(test_passages_long_cut)
{
    /* A 10 kB paragraph is cut into passages under the limit, at sentence ends. */
    text_buf b = TEXT_BUF_INIT(1 << 20);
    while (b.len < 10000)
        text_buf_puts(&b, "Cán bộ xã đã vận động nhân dân tham gia xây dựng nông thôn mới. ");
    text_buf spans = TEXT_BUF_INIT(1 << 20);
    ck_assert_int_eq(passage_split(b.ptr, b.len, &spans), TRACUU_OK);
    const passage_span *p = (const passage_span *)(void *)spans.ptr;
    size_t n = spans.len / sizeof *p;
    ck_assert_uint_ge(n, 3);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_le(p[i].end - p[i].start, PASSAGE_MAX_BYTES);
        ck_assert_int_eq(b.ptr[p[i].end - 1], '.');
    }
    text_buf_free(&b);
    text_buf_free(&spans);
}
END_TEST

/* Findings of one passage: a part's top heading has none; a list item naming a
 * shortcoming, and each ";"-separated piece after a lead-in, are findings. */
static const struct {
    const char *text;
    size_t n;
    const char *first;
} finding_cases[] = {
    {"II. HẠN CHẾ, TỒN TẠI", 0, NULL},
    {"I. KẾT QUẢ ĐẠT ĐƯỢC", 0, NULL},
    {"- Công tác tuyên truyền còn hạn chế", 1, "Công tác tuyên truyền còn hạn chế"},
    {"Bên cạnh kết quả đạt được, vẫn còn hạn chế: kinh phí hoạt động còn hạn hẹp; cán bộ "
     "dân vận kiêm nhiệm nhiều việc.",
     2, "kinh phí hoạt động còn hạn hẹp"},
};

START_TEST(test_section_findings)
{
    const char *t = finding_cases[_i].text;
    text_buf out = TEXT_BUF_INIT(1 << 20);
    ck_assert_int_eq(section_findings(t, 0, strlen(t), &out), TRACUU_OK);
    const section_finding *f = (const section_finding *)(void *)out.ptr;
    size_t n = out.len / sizeof *f;
    ck_assert_msg(n == finding_cases[_i].n, "%s: %zu findings", t, n);
    if (n)
        ck_assert_int_eq(strncmp(t + f[0].start, finding_cases[_i].first, f[0].end - f[0].start),
                         0);
    text_buf_free(&out);
}
END_TEST

START_TEST(test_tone_position_rule)
{
    /* Direct check of the rule on base letters: hoa/thuy without a final, both styles. */
    int32_t hoa[] = {'h', 'o', 'a'};
    int32_t thuy[] = {'t', 'h', 'u', 'y'};
    int32_t hoan[] = {'h', 'o', 'a', 'n'};
    ck_assert_int_eq(vn_tone_position(hoa, 3, VN_STYLE_OLD), 1);
    ck_assert_int_eq(vn_tone_position(hoa, 3, VN_STYLE_NEW), 2);
    ck_assert_int_eq(vn_tone_position(thuy, 4, VN_STYLE_OLD), 2);
    ck_assert_int_eq(vn_tone_position(thuy, 4, VN_STYLE_NEW), 3);
    ck_assert_int_eq(vn_tone_position(hoan, 4, VN_STYLE_OLD), 2);
    int32_t two[] = {'h', 'o', 'a', 'n', 'h', 'o'}; /* two vowel groups: not a syllable */
    ck_assert_int_eq(vn_tone_position(two, 6, VN_STYLE_OLD), -1);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("text");
    TCase *t = tcase_create("forms");
    tcase_add_loop_test(t, test_forms, 0, (int)(sizeof forms / sizeof forms[0]));
    tcase_add_test(t, test_tone_position_rule);
    suite_add_tcase(s, t);
    t = tcase_create("tokens");
    tcase_add_loop_test(t, test_tokens, 0, (int)(sizeof toks / sizeof toks[0]));
    tcase_add_test(t, test_token_offsets);
    suite_add_tcase(s, t);
    t = tcase_create("normalize");
    tcase_add_loop_test(t, test_normalize, 0, (int)(sizeof norms / sizeof norms[0]));
    suite_add_tcase(s, t);
    t = tcase_create("decode");
    tcase_add_loop_test(t, test_utf8_check, 0, (int)(sizeof utf8s / sizeof utf8s[0]));
    tcase_add_test(t, test_decode_bom_and_errors);
    tcase_add_test(t, test_buf_ceiling);
    tcase_add_loop_test(t, test_clean_utf8_every_path, 0,
                        (int)(sizeof clean_utf8 / sizeof clean_utf8[0]));
    tcase_add_test(t, test_double_encoded_still_repaired);
    suite_add_tcase(s, t);
    t = tcase_create("markdown");
    tcase_add_test(t, test_markdown_file);
    tcase_add_loop_test(t, test_markdown_txt, 0, (int)(sizeof txt_cases / sizeof txt_cases[0]));
    tcase_add_test(t, test_findings_sources);
    suite_add_tcase(s, t);
    t = tcase_create("passages");
    tcase_add_test(t, test_passages_blank_lines);
    tcase_add_loop_test(t, test_section_findings, 0,
                        (int)(sizeof finding_cases / sizeof finding_cases[0]));
    tcase_add_test(t, test_passages_one_line_each);
    tcase_add_test(t, test_passages_hard_wrapped);
    tcase_add_test(t, test_passages_long_cut);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return tu_run(suite());
}
