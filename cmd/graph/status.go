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
			"and how many nodes and relationships the database holds. Exits 3 when the server\n" +
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
			return nil
		},
	}
}
