#!/bin/sh
# Run by the postgres image on its first start (docker-entrypoint-initdb.d): the roles of rollen.sql,
# their passwords from the container's environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v database="$POSTGRES_DB" \
    -v eigenaar=doorbraak_eigenaar -v eigenaar_wachtwoord="$POSTGRES_EIGENAAR_WACHTWOORD" \
    -v app=doorbraak_app -v app_wachtwoord="$POSTGRES_APP_WACHTWOORD" \
    -f /doorbraak/rollen.sql
