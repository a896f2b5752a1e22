// Command train rebuilds the language core's models from the English
// Universal Dependencies treebanks, prints the standard scores on their
// test files, and writes the model files that graph embeds:
//
//	go run ./scripts/train [-ud ../shared/corpora/ud] [-out loaders/nlp/english/models]
//
// The same treebanks give the same model bytes. It takes about five
// minutes on one core.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/newsgraph/graph/loaders/nlp/english"
)

func main() {
	ud := flag.String("ud", "../shared/corpora/ud", "folder of the UD English treebanks")
	out := flag.String("out", "loaders/nlp/english/models", "folder to write the models to")
	flag.Parse()
	opt := english.DefaultTrainOptions(*ud)
	opt.Log = os.Stderr
	p, scores, err := english.Train(opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, s := range scores {
		fmt.Println(s)
	}
	if err := p.WriteModels(*out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "models written to", *out)
}
