package main

import (
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "run Cypher scripts statement by statement, as cypher-shell -f does",
		ArgsUsage: "SCRIPT.cypher ...",
		Description: "Runs the scripts graph writes where cypher-shell is not at hand:\n" +
			"  graph extract ARTICLES --format cypher -o graph.cypher && graph run graph.cypher\n" +
			"  graph run DIR/after-import.cypher   (after neo4j-admin imported a --format csv export)\n\n" +
			"A statement ends with \";\" at the end of a line; lines starting with // are comments. Each\n" +
			"statement runs in a transaction of its own; the first that fails stops the run, with its\n" +
			"file and number (the statements before it stay written).",
		Action: func(c *cli.Context) error {
			if !c.Args().Present() {
				return usagef("name the Cypher script(s) to run")
			}
			scripts := map[string][]string{}
			for _, path := range c.Args().Slice() {
				data, err := os.ReadFile(path)
				if err != nil {
					return fmt.Errorf("run: %w", err)
				}
				if scripts[path] = neo4jstore.SplitScript(string(data)); len(scripts[path]) == 0 {
					return fmt.Errorf("run: %s holds no statement", path)
				}
			}
			store, err := openStore(c)
			if err != nil {
				return err
			}
			defer store.Close(c.Context)
			for _, path := range c.Args().Slice() {
				started := time.Now()
				if err := store.RunScript(c.Context, scripts[path]); err != nil {
					return fmt.Errorf("run: %s, %w", path, err)
				}
				fmt.Fprintf(c.App.ErrWriter, "%s: ran %d statements in %s\n", path, len(scripts[path]), time.Since(started).Round(time.Millisecond))
			}
			return nil
		},
	}
}
