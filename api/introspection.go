package api

// Introspection needs more depth than data queries may have: the standard
// query every GraphQL tool sends (graphql-js getIntrospectionQuery, GraphiQL,
// Insomnia, Apollo, Python gql) nests 13 fields deep, through a chain of
// ofType, while MaxDepth guards data queries at 12. A document that asks
// only for __schema, __type or __typename is served by a clone of the schema
// allowing introspectionDepth, provided its lists nest at most
// introspectionLists deep (types → fields → args is 3): the answer then
// grows with the schema, not exponentially with the document, as
// types { fields { type { fields { type { fields … } } } } } would.

const (
	introspectionDepth = 24
	introspectionLists = 3
)

// The introspection fields that return lists.
var introspectionListFields = map[string]bool{
	"types": true, "fields": true, "args": true, "interfaces": true, "possibleTypes": true,
	"enumValues": true, "inputFields": true, "directives": true, "locations": true,
}

// selection is one field, fragment spread or inline fragment of a parsed
// document, with what it selects.
type selection struct {
	name     string // the field's name (not its alias); "" for an inline fragment
	spread   string // a fragment spread's fragment name
	children []*selection
}

type document struct {
	operations map[string][]*selection // by name; "" for an anonymous one
	order      []string
	fragments  map[string][]*selection
}

// parseDocument reads just enough of a document to see what it selects. It
// reports false for anything it does not understand; the caller then treats
// the document as a data query.
func parseDocument(src string) (*document, bool) {
	d := &document{operations: map[string][]*selection{}, fragments: map[string][]*selection{}}
	l := &lexer{s: src}
	for tok := l.next(); tok != ""; tok = l.next() {
		switch tok {
		case "{":
			set, ok := parseSelections(l, 0)
			if !ok {
				return nil, false
			}
			d.operations[""] = set
			d.order = append(d.order, "")
		case "query", "mutation", "subscription":
			name := ""
			t := l.next()
			if isName(t) {
				name, t = t, l.next()
			}
			if !l.skipTo(t) {
				return nil, false
			}
			set, ok := parseSelections(l, 0)
			if !ok {
				return nil, false
			}
			if tok != "query" {
				set = append(set, &selection{name: tok}) // never introspection only
			}
			d.operations[name] = set
			d.order = append(d.order, name)
		case "fragment":
			name := l.next()
			if !isName(name) || !l.skipTo(l.next()) {
				return nil, false
			}
			set, ok := parseSelections(l, 0)
			if !ok {
				return nil, false
			}
			d.fragments[name] = set
		default:
			return nil, false
		}
	}
	return d, true
}

// maxParseDepth bounds the parser's recursion on hostile documents.
const maxParseDepth = 64

// parseSelections reads a selection set whose "{" was just read.
func parseSelections(l *lexer, depth int) ([]*selection, bool) {
	if depth > maxParseDepth {
		return nil, false
	}
	var out []*selection
	tok := l.next()
	for tok != "}" {
		switch {
		case tok == "":
			return nil, false
		case tok == "...":
			t := l.next()
			if isName(t) && t != "on" {
				out = append(out, &selection{spread: t})
				tok = l.next()
				for tok == "@" { // directives on the spread
					tok = skipDirective(l)
				}
				continue
			}
			if !l.skipTo(t) {
				return nil, false
			}
			children, ok := parseSelections(l, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, &selection{children: children})
			tok = l.next()
		case isName(tok):
			s := &selection{name: tok}
			tok = l.next()
			if tok == ":" {
				if s.name = l.next(); !isName(s.name) {
					return nil, false
				}
				tok = l.next()
			}
			if tok == "(" {
				if !skipBalanced(l, "(", ")") {
					return nil, false
				}
				tok = l.next()
			}
			for tok == "@" {
				tok = skipDirective(l)
			}
			if tok == "{" {
				children, ok := parseSelections(l, depth+1)
				if !ok {
					return nil, false
				}
				s.children = children
				tok = l.next()
			}
			out = append(out, s)
		default:
			return nil, false
		}
	}
	return out, true
}

// skipDirective moves past "@name(args)" whose "@" was just read and
// returns the token after it.
func skipDirective(l *lexer) string {
	l.next() // its name
	tok := l.next()
	if tok == "(" {
		if !skipBalanced(l, "(", ")") {
			return ""
		}
		tok = l.next()
	}
	return tok
}

func skipBalanced(l *lexer, open, close string) bool {
	for depth := 1; depth > 0; {
		switch l.next() {
		case "":
			return false
		case open:
			depth++
		case close:
			depth--
		}
	}
	return true
}

// introspectionOnly reports whether the operation a request runs asks for
// nothing but introspection, and then whether its lists nest no deeper than
// introspectionLists (else it is refused, whatever its depth).
func introspectionOnly(src, operationName string) (only, small bool) {
	d, ok := parseDocument(src)
	if !ok || len(d.order) == 0 {
		return false, false
	}
	name := operationName
	if name == "" {
		if len(d.order) != 1 {
			return false, false
		}
		name = d.order[0]
	}
	root, ok := d.operations[name]
	if !ok {
		return false, false
	}
	rootsOK := true
	var roots func(set []*selection, seen map[string]bool)
	roots = func(set []*selection, seen map[string]bool) {
		for _, s := range set {
			switch {
			case s.spread != "":
				if seen[s.spread] || d.fragments[s.spread] == nil {
					rootsOK = false
					continue
				}
				seen[s.spread] = true
				roots(d.fragments[s.spread], seen)
			case s.name == "":
				roots(s.children, seen)
			case len(s.name) < 2 || s.name[:2] != "__":
				rootsOK = false
			}
		}
	}
	roots(root, map[string]bool{})
	if !rootsOK {
		return false, false
	}
	lists, ok := listNesting(d, root, map[string]bool{}, 0)
	return true, ok && lists <= introspectionLists
}

// listNesting is the deepest nesting of list fields below set, fragments
// expanded (a fragment that spreads itself, which validation refuses
// anyway, is not followed twice on one path).
func listNesting(d *document, set []*selection, path map[string]bool, depth int) (int, bool) {
	if depth > maxParseDepth {
		return 0, false
	}
	deepest := 0
	for _, s := range set {
		var n int
		var ok bool
		switch {
		case s.spread != "":
			frag := d.fragments[s.spread]
			if frag == nil || path[s.spread] {
				return 0, false
			}
			path[s.spread] = true
			n, ok = listNesting(d, frag, path, depth+1)
			delete(path, s.spread)
		default:
			n, ok = listNesting(d, s.children, path, depth+1)
			if introspectionListFields[s.name] && s.children != nil {
				n++
			}
		}
		if !ok {
			return 0, false
		}
		deepest = max(deepest, n)
	}
	return deepest, true
}
