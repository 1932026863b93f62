package api

// operation says what a GraphQL request asks for, for the audit log and the
// metrics, without executing or fully parsing it: a small scan over the
// document's tokens. graphql-go, which does parse it, stays the authority
// on what runs and on who may run it (resolvers call RequireRole).
type operation struct {
	Type string // query, mutation or subscription; "" if the document is not understood
	Name string // operationName, else the operation's declared name, else its first field; "" if none
	// Field is the first field of the operation's selection (past an
	// alias); "" if it starts with a fragment or is not understood.
	Field string
}

// describeOperation finds the operation a request selects: the one named
// operationName, or the first one.
func describeOperation(doc, operationName string) operation {
	want := ""
	if isName(operationName) {
		want = operationName
	}
	l := &lexer{s: doc}
	var first *operation
	pick := func() operation {
		var op operation
		if first != nil {
			op = *first
		}
		if want != "" {
			op.Name = want
		}
		return op
	}
	for {
		tok := l.next()
		var op operation
		var declared string
		switch tok {
		case "{": // the query shorthand
			op.Type, op.Field = "query", l.selectionSet()
			op.Name = op.Field
		case "query", "mutation", "subscription":
			op.Type = tok
			t := l.next()
			if isName(t) {
				declared, t = t, l.next()
			}
			if !l.skipTo(t) { // variables and directives
				return pick()
			}
			op.Field = l.selectionSet()
			op.Name = op.Field
			if declared != "" {
				op.Name = declared
			}
		case "fragment":
			if !l.skipTo(l.next()) {
				return pick()
			}
			l.selectionSet()
			continue
		default: // the end, or something this scan does not understand
			return pick()
		}
		if first == nil {
			first = &op
		}
		if want == "" || declared == want {
			first = &op
			return pick()
		}
	}
}

// lexer yields a GraphQL document's tokens: names, punctuators, and a
// placeholder for each string or number. Whitespace, commas and comments
// are skipped; "" is the end.
type lexer struct {
	s string
	i int
}

func (l *lexer) next() string {
	for l.i < len(l.s) {
		ch := l.s[l.i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',':
			l.i++
		case ch == '#':
			for l.i < len(l.s) && l.s[l.i] != '\n' && l.s[l.i] != '\r' {
				l.i++
			}
		case ch == '"':
			l.skipString()
			return `""`
		case ch == '.' && len(l.s) >= l.i+3 && l.s[l.i:l.i+3] == "...":
			l.i += 3
			return "..."
		case isNameStart(ch):
			start := l.i
			for l.i < len(l.s) && (isNameStart(l.s[l.i]) || (l.s[l.i] >= '0' && l.s[l.i] <= '9')) {
				l.i++
			}
			return l.s[start:l.i]
		case ch == '-' || (ch >= '0' && ch <= '9'):
			for l.i < len(l.s) && (l.s[l.i] == '-' || l.s[l.i] == '+' || l.s[l.i] == '.' ||
				l.s[l.i] == 'e' || l.s[l.i] == 'E' || (l.s[l.i] >= '0' && l.s[l.i] <= '9')) {
				l.i++
			}
			return "0"
		case ch < 0x80:
			l.i++
			return string(ch)
		default: // a byte outside GraphQL's source characters (or a BOM): skip it
			l.i++
		}
	}
	return ""
}

// skipString moves past a string or block string starting at l.i.
func (l *lexer) skipString() {
	if len(l.s) >= l.i+3 && l.s[l.i:l.i+3] == `"""` {
		l.i += 3
		for l.i < len(l.s) {
			switch {
			case len(l.s) >= l.i+4 && l.s[l.i:l.i+4] == `\"""`:
				l.i += 4
			case len(l.s) >= l.i+3 && l.s[l.i:l.i+3] == `"""`:
				l.i += 3
				return
			default:
				l.i++
			}
		}
		return
	}
	l.i++
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case '\\':
			l.i += 2
		case '"', '\n', '\r':
			l.i++
			return
		default:
			l.i++
		}
	}
}

// skipTo moves past tokens, starting with tok, up to and including the "{"
// that opens a selection set (brackets inside arguments and default values
// are skipped whole). It reports whether there was one.
func (l *lexer) skipTo(tok string) bool {
	depth := 0
	for ; tok != ""; tok = l.next() {
		switch tok {
		case "{":
			if depth == 0 {
				return true
			}
			depth++
		case "(", "[":
			depth++
		case "}", ")", "]":
			depth--
		}
	}
	return false
}

// selectionSet moves past a selection set whose "{" was just read, and
// returns its first field's name ("" when it starts with a fragment).
func (l *lexer) selectionSet() string {
	field := ""
	tok := l.next()
	if isName(tok) {
		field = tok
		tok = l.next()
		if tok == ":" { // an alias: the field follows
			field = ""
			if tok = l.next(); isName(tok) {
				field = tok
				tok = l.next()
			}
		}
	}
	for depth := 1; tok != ""; tok = l.next() {
		switch tok {
		case "{", "(", "[":
			depth++
		case "}", ")", "]":
			depth--
		}
		if depth == 0 {
			break
		}
	}
	return field
}

func isNameStart(ch byte) bool {
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}

// isName reports whether s is a GraphQL name.
func isName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameStart(s[i]) && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
