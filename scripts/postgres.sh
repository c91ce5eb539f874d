# Sourced by scripts/test.sh: makes sure a PostgreSQL server answers on 127.0.0.1 and exports
# STYR_TEST_DATABASE_URL. Uses $STYR_TEST_DATABASE_URL as given, or starts a throw-away cluster.
if [ -z "${STYR_TEST_DATABASE_URL:-}" ]; then
  PGPORT=${STYR_PGPORT:-54329}
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA=${STYR_PGDATA:-/tmp/styr-pg-$PGPORT}
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    echo "== starting PostgreSQL on 127.0.0.1:$PGPORT ($PGDATA)"
    # initdb refuses to run as root, so the cluster belongs to the postgres user.
    RUN=()
    [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
      "${RUN[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-h 127.0.0.1 -p $PGPORT -k /tmp -F -c fsync=off -c full_page_writes=off -c random_page_cost=1.1" start >/dev/null
  fi
  STYR_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/styr"
fi
export STYR_TEST_DATABASE_URL
