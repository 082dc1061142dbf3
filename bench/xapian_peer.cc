/*
 * xapian_peer.cc - bench_xapian: stock Xapian as bench/run's second peer, what a user of
 * the library would write in an afternoon with no Vietnamese analysis at all.
 *
 *   bench_xapian build DATA_DIR INDEX_DIR
 *   bench_xapian query INDEX_DIR ROUNDS    < lines "class\tquery[\tcommune\tsince\tuntil]"
 *   bench_xapian found INDEX_DIR           < lines "query\tfile,file,..."
 *
 * build walks DATA_DIR/docs as bench_run's FTS5 loader does (the same .txt and .html files,
 * text as the file holds it: UTF-16 decoded by its BOM, a UTF-8 BOM dropped, every other
 * encoding and HTML as raw bytes) and writes one Xapian document per file:
 * Xapian::TermGenerator with positions and no stemmer (Vietnamese has none), the text as
 * document data, the path relative to docs/ as a boolean term ("Q") and value 0, and,
 * from DATA_DIR/manifest.tsv as FTS5 gets them as columns, the commune as a boolean term
 * ("XC") and the date as value 1 ("YYYY-MM-DD"); a commit every 500 files.
 *
 * query reads every line first, then runs them all ROUNDS + 1 times (the first round a
 * warm-up, not printed): each parsed by Xapian::QueryParser (default operator AND,
 * FLAG_DEFAULT | FLAG_PHRASE, no stemming), filtered by commune term and date range when
 * those fields are given, the top 10 fetched with MSet::snippet() of each document's data.
 * Prints "line\tround\tms" per query run.
 *
 * found prints, per line, how many of the listed files the query matches (each checked
 * with the query filtered by the file's path term).
 *
 * This file is outside the library: it includes nothing of tracuu's, only <xapian.h>.
 */
#include <xapian.h>

#include <ftw.h>
#include <iconv.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct meta {
    std::string commune, date;
};

std::map<std::string, meta> manifest;
Xapian::WritableDatabase *wdb;
Xapian::TermGenerator *tg;
size_t docs_prefix, pending;

void
load_manifest(const std::string &data)
{
    FILE *f = std::fopen((data + "/manifest.tsv").c_str(), "r");
    if (!f)
        return; /* no filters then */
    char line[8192];
    while (std::fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[std::strcspn(line, "\n")] = '\0';
        std::vector<std::string> col;
        for (char *p = line, *t; p; p = t ? t + 1 : nullptr) {
            t = std::strchr(p, '\t');
            col.emplace_back(p, t ? (size_t)(t - p) : std::strlen(p));
        }
        if (col.size() >= 5)
            manifest[col[0]] = meta{col[1], col[4]};
    }
    std::fclose(f);
}

/* The file's text as a generic loader stores it: UTF-16 by its BOM, else the bytes. */
bool
file_text(const char *path, std::string &out)
{
    FILE *f = std::fopen(path, "rb");
    if (!f)
        return false;
    std::string raw;
    char chunk[65536];
    size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
        raw.append(chunk, n);
    std::fclose(f);
    const unsigned char *u = (const unsigned char *)raw.data();
    if (raw.size() >= 2 && (u[0] == 0xFF || u[0] == 0xFE) && (u[0] ^ u[1]) == 0x01) {
        iconv_t cd = iconv_open("UTF-8", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        if (cd == (iconv_t)-1)
            return false;
        out.assign(raw.size() * 2 + 16, '\0');
        char *in = &raw[2], *o = &out[0];
        size_t il = raw.size() - 2, ol = out.size();
        iconv(cd, &in, &il, &o, &ol);
        iconv_close(cd);
        out.resize(out.size() - ol);
    } else {
        size_t skip = raw.size() >= 3 && !std::memcmp(u, "\xEF\xBB\xBF", 3) ? 3 : 0;
        out.assign(raw, skip, std::string::npos);
    }
    return true;
}

int
add_file(const char *path, const struct stat *, int type, struct FTW *)
{
    size_t pl = std::strlen(path);
    if (type != FTW_F || pl < 5 ||
        (std::strcmp(path + pl - 4, ".txt") && (pl < 6 || std::strcmp(path + pl - 5, ".html"))))
        return 0;
    std::string text;
    if (!file_text(path, text))
        return 0;
    std::string rel = path + docs_prefix;
    Xapian::Document doc;
    tg->set_document(doc);
    tg->index_text(text);
    doc.set_data(text);
    doc.add_boolean_term("Q" + rel.substr(0, 230));
    doc.add_value(0, rel);
    auto m = manifest.find(rel);
    if (m != manifest.end()) {
        doc.add_boolean_term("XC" + m->second.commune);
        doc.add_value(1, m->second.date);
    }
    wdb->add_document(doc);
    if (++pending % 500 == 0)
        wdb->commit();
    return 0;
}

int
build(const std::string &data, const std::string &index)
{
    load_manifest(data);
    Xapian::WritableDatabase db(index, Xapian::DB_CREATE);
    Xapian::TermGenerator gen;
    gen.set_stemmer(Xapian::Stem()); /* none: Vietnamese has no stemmer */
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    wdb = &db;
    tg = &gen;
    std::string docs = data + "/docs";
    docs_prefix = docs.size() + 1;
    if (nftw(docs.c_str(), add_file, 32, FTW_PHYS) != 0) {
        std::fprintf(stderr, "bench_xapian: cannot walk %s\n", docs.c_str());
        return 1;
    }
    db.commit();
    db.close();
    return 0;
}

Xapian::Query
parse(Xapian::QueryParser &qp, const std::string &q)
{
    return qp.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT |
                                 Xapian::QueryParser::FLAG_PHRASE);
}

std::vector<std::string>
split(const std::string &s, char sep)
{
    std::vector<std::string> out;
    size_t a = 0;
    for (;;) {
        size_t b = s.find(sep, a);
        out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
        if (b == std::string::npos)
            return out;
        a = b + 1;
    }
}

int
query(const std::string &index, unsigned rounds)
{
    Xapian::Database db(index);
    Xapian::QueryParser qp;
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    std::vector<std::vector<std::string>> lines;
    std::string line;
    while (std::getline(std::cin, line))
        lines.push_back(split(line, '\t'));
    Xapian::Enquire enq(db);
    for (unsigned r = 0; r <= rounds; r++)
        for (size_t i = 0; i < lines.size(); i++) {
            const auto &l = lines[i];
            if (l.size() < 2)
                continue;
            auto t0 = std::chrono::steady_clock::now();
            Xapian::Query q = parse(qp, l[1]);
            if (l.size() >= 5) { /* filtered: commune term, date range */
                Xapian::Query f(Xapian::Query::OP_AND, Xapian::Query("XC" + l[2]),
                                Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 1, l[3], l[4]));
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
            }
            enq.set_query(q);
            Xapian::MSet ms = enq.get_mset(0, 10);
            size_t bytes = 0;
            for (auto it = ms.begin(); it != ms.end(); ++it)
                bytes += ms.snippet(it.get_document().get_data(), 360).size();
            double ms_taken = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - t0)
                                  .count();
            if (r)
                std::printf("%zu\t%u\t%.4f\t%zu\n", i, r, ms_taken, bytes);
        }
    return 0;
}

int
found(const std::string &index)
{
    Xapian::Database db(index);
    Xapian::QueryParser qp;
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    Xapian::Enquire enq(db);
    std::string line;
    while (std::getline(std::cin, line)) {
        auto l = split(line, '\t');
        unsigned n = 0;
        if (l.size() >= 2) {
            Xapian::Query q = parse(qp, l[0]);
            for (const auto &file : split(l[1], ',')) {
                enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q,
                                            Xapian::Query("Q" + file.substr(0, 230))));
                n += enq.get_mset(0, 1).size() > 0;
            }
        }
        std::printf("%u\n", n);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

int
main(int argc, char **argv)
{
    try {
        if (argc == 4 && !std::strcmp(argv[1], "build"))
            return build(argv[2], argv[3]);
        if (argc == 4 && !std::strcmp(argv[1], "query"))
            return query(argv[2], (unsigned)std::atoi(argv[3]));
        if (argc == 3 && !std::strcmp(argv[1], "found"))
            return found(argv[2]);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "bench_xapian: %s\n", e.get_description().c_str());
        return 1;
    }
    std::fprintf(stderr, "usage: bench_xapian build DATA_DIR INDEX_DIR | query INDEX_DIR ROUNDS "
                         "| found INDEX_DIR\n");
    return 2;
}
