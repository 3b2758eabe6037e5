// Command ferretdb runs FerretDB v1.24.2 (SQLite backend) as the bot's embedded database.
//
// It wraps FerretDB's embeddable package instead of building its cmd/ferretdb: a binary whose
// main module is FerretDB itself panics at start-up on v1.24.2 (missing generated version.txt),
// and `go build` of a dependency's command records FerretDB as the main module too.
//
// On stdout it prints one line, "LISTENING <mongodb uri>", once clients can connect. It exits on
// SIGINT/SIGTERM and, with -exit-on-stdin-eof, when its parent goes away (even after kill -9),
// so an embedded database never outlives the bot.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("sqlite-dir", "data/db", "directory holding the SQLite files (created if missing)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on; port 0 picks a free port; empty: none")
	unix := flag.String("unix", "", "Unix socket path to listen on as well (its URI is the one printed)")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	stdinEOF := flag.Bool("exit-on-stdin-eof", false, "exit when standard input is closed")
	flag.Parse()

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fail("bad -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail("bad -sqlite-dir: %v", err)
	}
	if err = os.MkdirAll(abs, 0o700); err != nil {
		fail("cannot create %s: %v", abs, err)
	}

	if *unix != "" {
		// A socket in the data directory (0700) reaches only this user, and costs less per command
		// than loopback TCP. One left by a killed process would make the listen fail.
		if err = os.Remove(*unix); err != nil && !os.IsNotExist(err) {
			fail("cannot remove the old socket %s: %v", *unix, err)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen, Unix: *unix},
		Logger:   logger,
		Handler:  "sqlite",
		// WAL with synchronous=NORMAL: a commit survives the bot or this process being killed (the
		// WAL is in the OS's hands), only a power loss may drop the last commits; it made writes
		// 3-4x faster than the default FULL, which fsyncs every commit.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *stdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	go indexIDs(ctx, abs, logger)

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	uri := f.MongoDBURI() // returns once the listeners are up
	if *unix != "" {
		// MongoDB clients want the socket's path percent-encoded as the host.
		uri = "mongodb://" + url.PathEscape(*unix) + "/"
	}
	fmt.Printf("LISTENING %s\n", uri)
	<-done
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
