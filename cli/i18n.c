/*
 * i18n.c - the program's language: the locale of the environment (LANG, LC_ALL,
 * LC_MESSAGES), messages from the "tracuu" gettext catalogue (po/vi.po), and the display
 * names of the slugs the index stores (sections, kinds of report).
 *
 * Where the catalogue is: $TRACUU_LOCALEDIR when set; the build tree's po/ when this is the
 * program built there (tests, a developer's checkout), so no install is needed to try a
 * translation; else the installed $localedir.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef TRACUU_LOCALEDIR
#define TRACUU_LOCALEDIR "/usr/local/share/locale"
#endif

void
cli_i18n_init(void)
{
    setlocale(LC_ALL, "");
    /* Numbers stay C: options like --timeout 0.5 and the numbers of JSON and text output
     * must not turn into "0,5" under a Vietnamese locale. */
    setlocale(LC_NUMERIC, "C");
    const char *dir = getenv("TRACUU_LOCALEDIR");
#if defined(TRACUU_BUILD_EXE) && defined(TRACUU_BUILD_LOCALEDIR)
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if ((!dir || !*dir) && n > 0) {
        self[n] = '\0';
        if (!strcmp(self, TRACUU_BUILD_EXE))
            dir = TRACUU_BUILD_LOCALEDIR;
    }
#endif
    if (!dir || !*dir)
        dir = TRACUU_LOCALEDIR;
    bindtextdomain("tracuu", dir);
    bind_textdomain_codeset("tracuu", "UTF-8");
    textdomain("tracuu");
}

/* The slugs of text/section.c and schema.h's REPORT_KINDS with the names a reader uses, in
 * Vietnamese and English: the one table the terminal (cli_display_name) and the web page
 * (label_section, label_kind) show. */
static const struct {
    const char *slug, *vi, *en;
} display[] = {
    {"achievement", "Kết quả đạt được", "Achievements"},
    {"limitation", "Hạn chế", "Limitations"},
    {"direction", "Phương hướng", "Directions"},
    {"other", "Khác", "Other"},
    {"bao-cao", "Báo cáo", "Report"},
    {"so-ket", "Sơ kết", "Interim review"},
    {"tong-ket", "Tổng kết", "Final review"},
    {"ke-hoach", "Kế hoạch", "Plan"},
    {"khao-sat", "Khảo sát", "Survey"},
    {"tin", "Tin", "News"},
};

const char *
cli_slug_label(const char *slug, int vi)
{
    for (size_t i = 0; slug && i < sizeof display / sizeof *display; i++)
        if (!strcmp(display[i].slug, slug))
            return vi ? display[i].vi : display[i].en;
    return slug ? slug : "";
}

int
cli_speaks_vi(void)
{
    /* TRANSLATORS: the code of the language you translate into ("vi"): it picks the
     * Vietnamese display names of sections and kinds. */
    return !strcmp(_("en"), "vi");
}

const char *
cli_display_date(const char *iso, char out[11])
{
    size_t n = iso ? strlen(iso) : 0;
    if (!cli_speaks_vi() || (n != 7 && n != 10) || iso[4] != '-')
        return iso;
    /* day first, as Vietnamese documents write dates: 19/12/2014, 12/2014 */
    if (n == 10)
        snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else
        snprintf(out, 11, "%.2s/%.4s", iso + 5, iso);
    return out;
}

const char *
cli_display_name(const char *slug)
{
    return slug ? cli_slug_label(slug, cli_speaks_vi()) : NULL;
}
