package ingest

import (
	"fmt"
	"net/url"
	"strings"
)

// urlProps are the properties that hold a web address, which the explorer
// shows as a link: a source's url, FtM's sourceUrl.
var urlProps = map[string]bool{"url": true, "sourceUrl": true}

// checkWebURL accepts an absolute http or https address with a host and
// refuses anything else (javascript:, data:, file:, a bare path…): a
// source's address becomes a link a reader clicks.
func checkWebURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("only an http or https address (such as https://example.org/article) is kept, not %q", s)
	}
	return nil
}

// checkURLValues checks every value of a url property (v a string or a
// list of them).
func checkURLValues(prop string, v any) error {
	if !urlProps[prop] {
		return nil
	}
	for _, s := range asStrings(v) {
		if err := checkWebURL(strings.TrimSpace(s)); err != nil {
			return fmt.Errorf("property %s: %w", prop, err)
		}
	}
	return nil
}
