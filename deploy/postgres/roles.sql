-- Jiandu database and per-service login roles. Run once per cluster as a superuser, with psql:
--   psql -v ON_ERROR_STOP=1 -v db_name=jiandu \
--        -v petitions_password="$PETITIONS_DB_PASSWORD" \
--        -v case_management_password="$CASE_MANAGEMENT_DB_PASSWORD" \
--        -v supervision_password="$SUPERVISION_DB_PASSWORD" \
--        -v review_password="$REVIEW_DB_PASSWORD" \
--        -v analytics_password="$ANALYTICS_DB_PASSWORD" \
--        -v publicity_password="$PUBLICITY_DB_PASSWORD" -f deploy/postgres/roles.sql
-- docker-compose runs it through initdb/01-jiandu.sh on an empty data volume. Idempotent: run it by
-- hand on an existing cluster to add a new service's roles (e.g. supervision).
--
-- Each service logs in as its own role and applies its own migrations at start (under an advisory
-- lock): it creates its schema (petitions, case_management, supervision, review, analytics, publicity), its tables, and grants its
-- runtime role <schema>_app (no UPDATE/DELETE/TRUNCATE on event tables) that its pool switches to with
-- `-c role=<schema>_app`. The runtime roles are created here, NOLOGIN, and granted to the login
-- roles, so that the login roles need neither CREATEROLE nor superuser.
--
-- jiandu_analyst (NOLOGIN): BI tools read the analytics_views schema through it and nothing else
-- (docs/analytics.md, "SQL"). The analytics migration grants it the views; it is created here,
-- with CONNECT on the database, because the analytics role may create neither (a restore into a
-- fresh cluster needs it too: the dump grants the views to it). An analyst logs in as a role of
-- its own: CREATE ROLE bi_tool LOGIN PASSWORD '…' IN ROLE jiandu_analyst;
\set ON_ERROR_STOP on

SELECT format('CREATE DATABASE %I', :'db_name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db_name') \gexec

-- Login roles (owners of their schema) and runtime roles.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L', r, p)
FROM (VALUES ('petitions', :'petitions_password'), ('case_management', :'case_management_password'),
             ('supervision', :'supervision_password'), ('review', :'review_password'),
             ('analytics', :'analytics_password'), ('publicity', :'publicity_password')) AS v(r, p)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec

SELECT format('ALTER ROLE %I PASSWORD %L', r, p)
FROM (VALUES ('petitions', :'petitions_password'), ('case_management', :'case_management_password'),
             ('supervision', :'supervision_password'), ('review', :'review_password'),
             ('analytics', :'analytics_password'), ('publicity', :'publicity_password')) AS v(r, p) \gexec

SELECT format('CREATE ROLE %I NOLOGIN', r)
FROM (VALUES ('petitions_app'), ('case_management_app'), ('supervision_app'), ('review_app'), ('analytics_app'),
             ('publicity_app'), ('jiandu_analyst')) AS v(r)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec

GRANT petitions_app TO petitions;
GRANT case_management_app TO case_management;
GRANT supervision_app TO supervision;
GRANT review_app TO review;
GRANT analytics_app TO analytics;
GRANT publicity_app TO publicity;

-- Only the service roles connect; each may create its own schema in the database.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db_name') \gexec
SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO petitions, case_management, supervision, review, analytics, publicity', :'db_name') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO jiandu_analyst', :'db_name') \gexec

\connect :db_name
-- PostgreSQL 15 already keeps PUBLIC from creating in schema public; make it explicit.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
