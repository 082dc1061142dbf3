/*
 * intl.h - messages of the library that reach a user (a query's mistakes, a document not
 * found) looked up in the "tracuu" gettext catalogue. The library never sets a locale or
 * binds the domain: a program that does (the tracuu CLI) gets them translated, any other
 * gets the English text unchanged.
 */
#ifndef TRACUU_TEXT_INTL_H
#define TRACUU_TEXT_INTL_H

#include <libintl.h>

#define L_(s) dgettext("tracuu", s)

#endif
