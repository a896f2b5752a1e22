package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "show the Neo4j server's version and the size of the graph",
		Description: "Connects with --uri/--username/--password/--database and prints the server's version\n" +
			"and how many nodes and relationships the database holds, and whether a load is\n" +
			"running or the last one did not finish. Exits 3 when the server\n" +
			"cannot be reached and 4 when it refuses the credentials.",
		Action: func(c *cli.Context) error {
			s, err := openStore(c)
			if err != nil {
				return err
			}
			defer s.Close(c.Context)
			st, err := s.Status(c.Context)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "Neo4j %s %s at %s, database %q: %d nodes, %d relationships\n",
				st.Version, st.Edition, st.URI, st.Database, st.Nodes, st.Relationships)
			holder, err := s.Loading(c.Context)
			if err != nil {
				return err
			}
			if holder != nil {
				fmt.Fprintf(c.App.Writer, "loading now: %s\n", holder)
			} else if ls, err := s.LoadState(c.Context); err != nil {
				return err
			} else if ls.Pending {
				fmt.Fprintln(c.App.Writer, "the last load did not finish: the next graph load finishes it")
			}
			return nil
		},
	}
}
