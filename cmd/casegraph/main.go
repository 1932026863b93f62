// Command casegraph serves the investigation graph explorer, runs ingest
// jobs, and can run a local Neo4j. All the work happens in run.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "casegraph:", err)
		stop()
		os.Exit(exitCode(err))
	}
}
