package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses, registered as "sqlite"
)

// FerretDB v1.24 pushes a plain {_id: value} filter down to SQLite as
// `_ferretdb_sjson->'$._id' = ?`, but indexes _id as `_ferretdb_sjson->"_id"`: SQLite matches index
// expressions textually, so every lookup by _id scans the whole table. indexIDs adds an index on
// the exact expression the queries use to every collection table, as tables appear. FerretDB does
// not track it (listIndexes is unchanged) and dropping the collection drops it with the table.
func indexIDs(ctx context.Context, dir string, logger *slog.Logger) {
	dbs := map[string]*sql.DB{}
	done := map[string]bool{}
	defer func() {
		for _, db := range dbs {
			_ = db.Close()
		}
	}()

	tick := time.NewTicker(time.Second)
	defer tick.Stop()

	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			db := dbs[f]
			if db == nil {
				var err error
				if db, err = sql.Open("sqlite", "file:"+f+"?_pragma=busy_timeout(10000)"); err != nil {
					logger.Warn("idindex: open", "file", f, "err", err)
					continue
				}
				db.SetMaxOpenConns(1)
				dbs[f] = db
			}
			indexTables(ctx, db, f, done, logger)
		}

		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func indexTables(ctx context.Context, db *sql.DB, file string, done map[string]bool, logger *slog.Logger) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return // no collection yet in this database
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			tables = append(tables, t)
		}
	}
	_ = rows.Close()

	for _, t := range tables {
		key := file + "/" + t
		if done[key] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_qpal_id_expr", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			logger.Warn("idindex: create", "table", t, "err", err)
			continue
		}
		done[key] = true
	}
}
