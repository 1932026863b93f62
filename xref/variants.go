package xref

import (
	"sort"
	"sync"
)

// maxVariants bounds the other spellings Variants gives for one word: a
// short nickname such as "al" belongs to many names.
const maxVariants = 8

// groupNames lists each nickname group's names, sorted.
var groupNames = sync.OnceValue(func() map[int32][]string {
	out := map[int32][]string{}
	for name, gs := range nicknames() {
		for _, g := range gs {
			out[g] = append(out[g], name)
		}
	}
	for _, names := range out {
		sort.Strings(names)
	}
	return out
})

// Variants are other ways of writing a word of a name that a search should
// also find: the formal name and nicknames of a given name ("mike" →
// "michael", "jim" → "james"), the long form of an abbreviation ("dept" →
// "department"). The word itself is not among them; word is lower case,
// Latin script.
func Variants(word string) []string {
	var out []string
	seen := map[string]bool{word: true}
	add := func(v string) {
		if !seen[v] && len(out) < maxVariants {
			seen[v] = true
			out = append(out, v)
		}
	}
	if long, ok := orgAbbreviations[word]; ok {
		add(long)
	}
	for _, g := range nicknames()[word] {
		for _, name := range groupNames()[g] {
			add(name)
		}
	}
	return out
}
