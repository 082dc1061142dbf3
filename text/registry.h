/*
 * registry.h - the registry of cited documents (corpus/registry.ini; its header documents
 * the format): canonical ids, numbers, dates, khóa, conferences, titles, aliases, and which
 * document replaced which. Citations (cite.h) use it to resolve informal, conference-keyed
 * and title-keyed mentions and reused numbers; `tracuu refs` shows titles and validity.
 */
#ifndef TRACUU_TEXT_REGISTRY_H
#define TRACUU_TEXT_REGISTRY_H

#include <stddef.h>

#include "tracuu.h"

typedef struct reg_link {
    char *id;
    char date[11]; /* YYYY-MM-DD or "" */
} reg_link;

typedef struct reg_entry {
    char *id;   /* "25-NQ/TW@2013" */
    char *base; /* the id without "@..." */
    char *type, *issuer, *khoa, *organ, *title, *source, *confidence;
    char date[11];     /* YYYY-MM-DD, "" when not established */
    char in_force[11]; /* "" when from the date of signature */
    unsigned number;
    char conf_khoa[8]; /* conference "XI/7": khóa and number; "" when none */
    unsigned conf_n;
    char **aliases;    /* as written */
    char **aliases_f;  /* folded syllables joined by spaces */
    size_t naliases;
    char *title_f;     /* folded title, for telling reused numbers apart by topic */
    reg_link *replaces, *replaced_by;
    size_t nreplaces, nreplaced_by;
} reg_entry;

typedef struct registry registry;

/* Load a registry file. On a format error, err names the file and line. Returns
 * TRACUU_OK, TRACUU_EIO (cannot read), TRACUU_EINVAL (format), TRACUU_ENOMEM. */
tracuu_status registry_load(registry **out, const char *path, char *err, size_t errsz);
/* An empty registry (citations still work, without resolution through it). */
tracuu_status registry_empty(registry **out);
void registry_free(registry *r);

size_t registry_count(const registry *r);
const reg_entry *registry_at(const registry *r, size_t i);
/* The entry with this id, or NULL. */
const reg_entry *registry_find(const registry *r, const char *id);
/* Entries whose base id is `base` (several when a number was reused); returns how many,
 * filling out[0..max). */
size_t registry_by_base(const registry *r, const char *base, const reg_entry **out,
                        size_t max);
/* Entries of this type and number whose issuer starts with `issuer` (UBTVQH matches
 * UBTVQH11). */
size_t registry_by_number(const registry *r, const char *type, unsigned number,
                          const char *issuer, const reg_entry **out, size_t max);
/* Entries of conference (khóa, n); khoa NULL = any khóa. */
size_t registry_by_conference(const registry *r, const char *khoa, unsigned n,
                              const reg_entry **out, size_t max);

/* The registry file used when none is named: $TRACUU_REGISTRY, else the installed
 * $datadir/tracuu/registry.ini (TRACUU_REGISTRY_PATH; static string). */
const char *registry_default_path(void);

/* The process-wide registry the indexer and queries use: the one registry_use() loaded,
 * else registry_default_path() loaded on first use. Never NULL: when that file cannot be
 * read it is an empty registry, so every public entry point that depends on it first asks
 * registry_ready() and fails instead. */
const registry *registry_global(void);
/* TRACUU_OK when the process-wide registry is loaded (loading the default file on first
 * use); else the load's status (TRACUU_EIO, TRACUU_EINVAL, TRACUU_ENOMEM) with err naming
 * the file (and line). A failed default load is tried once per process. */
tracuu_status registry_ready(char *err, size_t errsz);
/* Load `path` as the process-wide registry, replacing any other (call before indexing or
 * searching starts). Errors name the file and line. */
tracuu_status registry_use(const char *path, char *err, size_t errsz);

#endif
