package loaders

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/newsgraph/graph/graph"
)

// parseFeed reads an RSS or Atom feed, one article per item. The feed's
// title is the publisher unless an item names its own.
func parseFeed(name, text string, opts Options) ([]*graph.Article, []error) {
	feed, err := gofeed.NewParser().ParseString(text)
	if err != nil {
		return nil, []error{inputErr(name, fmt.Errorf("malformed feed: %v", err))}
	}
	if len(feed.Items) == 0 {
		return nil, []error{inputErr(name, ErrNoItems)}
	}
	var arts []*graph.Article
	var errs []error
	for i, it := range feed.Items {
		src := fmt.Sprintf("%s#%d", name, i+1)
		if it.Link != "" {
			src = it.Link
		}
		body := it.Content
		if strings.TrimSpace(body) == "" {
			body = it.Description
		}
		if strings.TrimSpace(body) == "" {
			errs = append(errs, inputErr(src, errors.New("feed item has no text")))
			continue
		}
		d := draft{format: strings.ToLower(feed.FeedType), title: it.Title, publisher: feed.Title}
		if looksLikeHTML(body) {
			d.units = parseHTMLFragment(body)
		} else {
			d.units = strings.Split(body, "\n")
		}
		if it.PublishedParsed != nil {
			d.published = it.PublishedParsed.UTC().Format("2006-01-02")
		} else if it.UpdatedParsed != nil {
			d.published = it.UpdatedParsed.UTC().Format("2006-01-02")
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			d.author = it.Authors[0].Name
		}
		a, err := finish(src, d)
		if err != nil {
			errs = append(errs, inputErr(src, err))
			continue
		}
		arts = append(arts, a)
	}
	return arts, errs
}
