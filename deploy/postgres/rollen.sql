-- The two database roles of doorbraak, made once by a superuser (or a role with CREATEROLE) with psql:
--
--   psql -v ON_ERROR_STOP=1 -d doorbraak -v database=doorbraak \
--        -v eigenaar=doorbraak_eigenaar -v eigenaar_wachtwoord=... \
--        -v app=doorbraak_app -v app_wachtwoord=... -f rollen.sql
--
-- The owner creates the stores' schemas, their events and chain tables and triggers, and grants the
-- application its rights: `doorbraak database inrichten` with DOORBRAAK_EIGENAAR_DATABASE_URL. The application
-- (DOORBRAAK_DATABASE_URL) may only connect here; in each store's schema the owner lets it append events and
-- read them, and create the tables it derives from them (read models, positions).
-- Neither role is a superuser or may create roles; only the owner may create schemas.
-- A store in another database of the same cluster: run the GRANT lines there too.

CREATE ROLE :"eigenaar" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'eigenaar_wachtwoord';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_wachtwoord';

GRANT CONNECT, CREATE ON DATABASE :"database" TO :"eigenaar";
GRANT CONNECT ON DATABASE :"database" TO :"app";

-- from PostgreSQL 15 on this is already so: nobody but the database's owner creates in the schema public
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
