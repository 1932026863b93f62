package graph

import (
	"strings"
	"text/template"
)

// Composed statements. A statement that varies with a query's options
// (relationship types, a date window, depth…) is one text/template written
// whole, next to the Go that runs it, with named parts. Every part comes
// from an allow-list or a validated integer, never from the caller's
// strings: values are parameters. Each variant is rendered to a golden file
// under testdata/ (cypher_golden_test.go), which a reviewer reads and the
// integration tests EXPLAIN.
//
// Lists that a statement returns and Go reads by index name their items
// with {{col "layout.item"}}, which renders nothing: the golden test renders
// the marks and checks that every list is written in the order of the Go
// constants that read it (rowLayouts).

// cypherFuncs are the functions templates may call.
var cypherFuncs = template.FuncMap{
	"col":        func(string) string { return "" },
	"windowRel":  windowRel,  // window.go
	"windowNode": windowNode, // window.go
	"windowDate": windowDate, // window.go
	"undatedOut": func() undated { return undatedOut },
}

// cypherTemplate parses a statement's template; the statements are parsed
// once, when the package is loaded.
func cypherTemplate(name, text string) *template.Template {
	return template.Must(template.New(name).Funcs(cypherFuncs).Parse(text))
}

// render writes the variant of t's statement name that data describes.
func render(t *template.Template, name string, data any) (string, error) {
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// mustRender renders a statement that has one variant only, once, when the
// package is loaded.
func mustRender(t *template.Template, name string, data any) string {
	s, err := render(t, name, data)
	if err != nil {
		panic(err)
	}
	return s
}
