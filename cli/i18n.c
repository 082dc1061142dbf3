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

/* The slugs of text/section.c and schema.h's REPORT_KINDS with the names a reader uses. */
static const struct {
    const char *slug, *name;
} display[] = {
    {"achievement", N_("achievements")},
    {"limitation", N_("shortcomings")},
    {"direction", N_("directions")},
    {"other", N_("other")},
    {"bao-cao", N_("report")},
    {"so-ket", N_("interim review")},
    {"tong-ket", N_("final review")},
    {"ke-hoach", N_("plan")},
    {"khao-sat", N_("survey")},
    {"tin", N_("news item")},
};

const char *
cli_display_name(const char *slug)
{
    if (!slug)
        return NULL;
    for (size_t i = 0; i < sizeof display / sizeof *display; i++)
        if (!strcmp(display[i].slug, slug))
            return _(display[i].name);
    return slug;
}
