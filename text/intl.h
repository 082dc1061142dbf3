/*
 * intl.h - messages of the library that reach a user (a query's mistakes, a document not
 * found) looked up in the "tracuu" gettext catalogue. The library never sets a locale or
 * binds the domain; the program does (the tracuu CLI: cli/i18n.c). A program that sets no
 * locale gets the English text; one that does, the installed catalogue's language.
 */
#ifndef TRACUU_TEXT_INTL_H
#define TRACUU_TEXT_INTL_H

#include <libintl.h>

#define L_(s) dgettext("tracuu", s)

#endif
