#!/bin/sh
# Runs once, on an empty data volume (postgres image /docker-entrypoint-initdb.d).
set -eu
: "${PETITIONS_DB_PASSWORD:?PETITIONS_DB_PASSWORD is required}"
: "${CASE_MANAGEMENT_DB_PASSWORD:?CASE_MANAGEMENT_DB_PASSWORD is required}"
: "${SUPERVISION_DB_PASSWORD:?SUPERVISION_DB_PASSWORD is required}"
: "${REVIEW_DB_PASSWORD:?REVIEW_DB_PASSWORD is required}"
: "${ANALYTICS_DB_PASSWORD:?ANALYTICS_DB_PASSWORD is required}"
: "${PUBLICITY_DB_PASSWORD:?PUBLICITY_DB_PASSWORD is required}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db_name="${JIANDU_DB_NAME:-jiandu}" \
  -v petitions_password="$PETITIONS_DB_PASSWORD" \
  -v case_management_password="$CASE_MANAGEMENT_DB_PASSWORD" \
  -v supervision_password="$SUPERVISION_DB_PASSWORD" \
  -v review_password="$REVIEW_DB_PASSWORD" \
  -v analytics_password="$ANALYTICS_DB_PASSWORD" \
  -v publicity_password="$PUBLICITY_DB_PASSWORD" \
  -f /jiandu/roles.sql
