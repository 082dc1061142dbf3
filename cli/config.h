/*
 * config.h - the settings of the tracuu program and where each came from: built-in
 * default < system file (/etc/tracuu/tracuu.conf) < user file
 * ($XDG_CONFIG_HOME/tracuu/tracuu.conf) < environment < command-line option.
 *
 * Plain data and parsing only (no cli_ctx, no printing) so the unit tests drive it with
 * files of their own; cmd_config.c applies it to the program and prints it.
 *
 * File format, one setting a line ('#' starts a comment line):
 *   index = /var/lib/tracuu/index
 *   registry = /usr/share/tracuu/registry.ini
 *   limit = 20
 *   listen = 127.0.0.1:8080
 *   [root /srv/vanban]
 *   base = /srv
 *   convention = province/district/commune
 * Paths are absolute or start with "~/" (the user's $HOME).
 */
#ifndef TRACUU_CLI_CONFIG_H
#define TRACUU_CLI_CONFIG_H

#include <stddef.h>

/* Where a value came from, lowest precedence first. */
typedef enum {
    CONF_FROM_NONE,    /* no value at all (e.g. no index: no $HOME) */
    CONF_FROM_DEFAULT,
    CONF_FROM_SYSTEM,
    CONF_FROM_USER,
    CONF_FROM_ENV,
    CONF_FROM_OPTION
} conf_from;

/* The settings, in the order `tracuu config` prints them. */
enum { CONF_INDEX, CONF_REGISTRY, CONF_LIMIT, CONF_LISTEN, CONF_NKEYS };

typedef struct conf_value {
    char *value; /* owned; NULL when from == CONF_FROM_NONE */
    conf_from from;
    char *where; /* owned: "FILE:LINE", "$TRACUU_INDEX", "--index", "built-in" */
} conf_value;

/* A [root PATH] section: a folder of documents and its folder convention, passed on as
 * strings (the indexer decides what a convention means). */
typedef struct conf_root {
    char *path, *base, *convention; /* owned; base and convention may be NULL */
    conf_from from;
    char *where; /* "FILE:LINE" of the section header */
} conf_root;

typedef struct conf_file {
    char *path; /* owned */
    conf_from scope; /* CONF_FROM_SYSTEM or CONF_FROM_USER */
    int read;   /* 1 when it existed and was read */
} conf_file;

typedef struct cli_config {
    conf_value v[CONF_NKEYS];
    conf_root *roots;
    size_t nroots;
    conf_file files[2];
    size_t nfiles;
} cli_config;

#define CLI_CONFIG_INIT {{{NULL, CONF_FROM_NONE, NULL}}, NULL, 0, {{NULL, 0, 0}}, 0}

/* "index", "registry", "limit", "listen"; config_key: the key of a name, or -1. */
const char *config_key_name(int key);
int config_key(const char *name);
/* "none", "default", "system", "user", "environment", "option". */
const char *config_from_name(conf_from from);

/* Set `key` to `value` (checked: a path absolute or "~/...", limit 1 to 10000, listen
 * ADDR:PORT) if `from` ranks at least as high as the value in place. 0 on success, -1 on
 * a bad value or no memory with err[0..errsz) saying why (without the place: the caller
 * prefixes it). */
int config_set(cli_config *c, int key, const char *value, conf_from from, const char *where,
               char *err, size_t errsz);

/* Read the configuration file `path` at precedence `from` (system or user): each setting
 * overrides lower ones; a root overrides the same path's root from a lower file. A file
 * that does not exist is fine (0, listed as not read). Any other failure, and every bad
 * line, is -1 with err "PATH:LINE: what is wrong" (the first error only; nothing of the
 * file is applied then). */
int config_load_file(cli_config *c, const char *path, conf_from from, char *err, size_t errsz);

/* The user's file: $XDG_CONFIG_HOME/tracuu/tracuu.conf, else ~/.config/tracuu/tracuu.conf;
 * NULL (owned otherwise) when neither variable is set or out of memory. */
char *config_user_path(void);

void config_free(cli_config *c);

#endif
