package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/schema"
)

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the constraints and indexes graph needs; 'graph schema apply' creates them",
		Description: "The statements follow from the ontology in schema/: a uniqueness constraint on id for\n" +
			"every node kind, indexes on entity names and aliases, a full-text index over both.\n" +
			"All are IF NOT EXISTS; 'graph load' applies them itself before writing.",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("no schema subcommand %q (try graph schema apply)", c.Args().First())
			}
			o, err := schema.Default()
			if err != nil {
				return err
			}
			for _, st := range o.Statements() {
				fmt.Fprintln(c.App.Writer, st+";")
			}
			return nil
		},
		Subcommands: []*cli.Command{{
			Name:  "apply",
			Usage: "create the constraints and indexes in Neo4j (if they do not exist)",
			Action: func(c *cli.Context) error {
				o, err := schema.Default()
				if err != nil {
					return err
				}
				store, err := openStore(c)
				if err != nil {
					return err
				}
				defer store.Close(c.Context)
				for _, st := range o.Statements() {
					if err := store.Apply(c.Context, st); err != nil {
						return fmt.Errorf("schema: %s: %w", st, err)
					}
				}
				fmt.Fprintf(c.App.Writer, "applied %d schema statements\n", len(o.Statements()))
				return nil
			},
		}},
	}
}
