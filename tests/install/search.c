/*
 * search.c - a program of someone else's, built by the install test against the installed
 * libtracuu through `pkg-config tracuu` only: it opens an index and searches it.
 *   search INDEX QUERY   prints "total N" and one "path#passage" line per hit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <tracuu.h>

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: search INDEX QUERY\n");
        return 2;
    }
    tracuu_index *ix = NULL;
    tracuu_results *res = NULL;
    char *msg = NULL;
    int rc = 1;
    tracuu_status st = tracuu_index_open(&ix, argv[1], TRACUU_MODE_READ, &msg);
    if (st != TRACUU_OK) {
        fprintf(stderr, "search: %s\n", msg ? msg : tracuu_status_str(st));
        goto done;
    }
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    o.docs = 1;
    o.exact_total = 1;
    st = tracuu_index_search(&res, ix, argv[2], &o);
    if (st != TRACUU_OK) {
        fprintf(stderr, "search: %s\n", tracuu_index_errmsg(ix));
        goto done;
    }
    printf("total %llu\n", (unsigned long long)tracuu_results_total(res));
    const tracuu_hit *h;
    while ((st = tracuu_results_next(&h, res)) == TRACUU_OK)
        printf("%s#%u\n", h->path, h->passage);
    rc = st == TRACUU_ITEROVER ? 0 : 1;
done:
    tracuu_results_free(res);
    tracuu_index_close(ix);
    free(msg);
    return rc;
}
