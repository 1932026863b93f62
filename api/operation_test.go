package api

import "testing"

func TestDescribeOperation(t *testing.T) {
	cases := []struct {
		name, doc, opName string
		want              operation
	}{
		{"shorthand", `{ stats { nodes } }`, "", operation{"query", "stats", "stats"}},
		{"named query", `query Find($q: String!) { search(query: $q) { edges { cursor } } }`, "", operation{"query", "Find", "search"}},
		{"anonymous mutation", `mutation($m: String!) { ingestRows(mapping: $m, rows: []) { status } }`, "",
			operation{"mutation", "ingestRows", "ingestRows"}},
		{"alias", `query { hits: search(query: "x") { edges { cursor } } }`, "", operation{"query", "search", "search"}},
		{"operationName wins", `query A { stats { nodes } } mutation B { ingestRows(mapping: "", rows: []) { status } }`, "B",
			operation{"mutation", "B", "ingestRows"}},
		{"first of several", `query A { stats { nodes } } query B { entity(id: "x") { id } }`, "", operation{"query", "A", "stats"}},
		{"fragment first", `fragment F on Entity { id name } query { entity(id: "1") { ...F } }`, "",
			operation{"query", "entity", "entity"}},
		{"braces in strings and comments", "# { mutation }\nquery { search(query: \"}{ mutation\") { edges { cursor } } }", "",
			operation{"query", "search", "search"}},
		{"block string", `{ search(query: """ } \""" { """) { edges { cursor } } }`, "", operation{"query", "search", "search"}},
		{"default object value", `query Q($f: In = {a: {b: 1}}) @dir(x: [1, {y: 2}]) { stats { nodes } }`, "",
			operation{"query", "Q", "stats"}},
		{"unknown operationName", `{ stats { nodes } }`, "Nope", operation{"query", "Nope", "stats"}},
		{"operationName that is not a name", `{ stats { nodes } }`, "a b{", operation{"query", "stats", "stats"}},
		{"fragment spread first", `{ ...F }`, "", operation{"query", "", ""}},
		{"garbage", `!!!`, "", operation{}},
		{"empty", ``, "", operation{}},
		{"unterminated", `query Q($a: Int`, "", operation{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := describeOperation(c.doc, c.opName); got != c.want {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
