#ifndef MODELPRESS_CLIBPQ_SHIM_H
#define MODELPRESS_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client library (Debian's libpq-dev: /usr/include/postgresql, found through
// pkg-config). Only ServingPostgres' `PostgresConnection` calls it.
#include <libpq-fe.h>
#endif
