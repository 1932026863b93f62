package parse

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bool parses true/false, yes/no, y/n, 1/0 and t/f, in any case, with
// surrounding spaces.
func Bool(s string) (bool, error) {
	if !utf8.ValidString(s) {
		return false, errors.New("not a bool: invalid UTF-8")
	}
	switch strings.ToLower(collapse(s)) {
	case "true", "yes", "y", "1", "t":
		return true, nil
	case "false", "no", "n", "0", "f":
		return false, nil
	case "":
		return false, errors.New("not a bool: empty")
	}
	return false, errors.New("not a bool: expected true/false, yes/no, y/n, 1/0 or t/f")
}

// The charge outcomes, as stored.
const (
	outcomePending       = "PENDING"
	outcomeConvicted     = "CONVICTED"
	outcomeAcquitted     = "ACQUITTED"
	outcomeHungJury      = "HUNG_JURY"
	outcomeMistrial      = "MISTRIAL"
	outcomeDismissed     = "DISMISSED"
	outcomePleadedGuilty = "PLEADED_GUILTY"
)

// outcomes maps outcome words, as outcomeKey writes them, to outcomes.
// Whole cells are looked up, never parts of them: "not guilty" cannot be
// taken for "guilty".
var outcomes = func() map[string]string {
	words := map[string][]string{
		outcomePending:       {"pending", "open", "awaiting trial"},
		outcomeConvicted:     {"convicted", "guilty", "found guilty", "conviction"},
		outcomeAcquitted:     {"acquitted", "not guilty", "found not guilty", "acquittal"},
		outcomeHungJury:      {"hung jury", "hung", "deadlocked", "jury deadlocked", "deadlocked jury", "no verdict"},
		outcomeMistrial:      {"mistrial"},
		outcomeDismissed:     {"dismissed", "dropped", "dismissal"},
		outcomePleadedGuilty: {"pleaded guilty", "pled guilty", "plead guilty", "pleads guilty", "guilty plea", "plea"},
	}
	m := make(map[string]string)
	for outcome, list := range words {
		m[outcomeKey(outcome)] = outcome
		for _, w := range list {
			m[outcomeKey(w)] = outcome
		}
	}
	return m
}()

// outcomeKey lower-cases s and drops spaces, underscores and hyphens, so
// "HUNG_JURY", "hung jury" and "Hung-Jury" are the same key.
func outcomeKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || r == '_' || r == '-' || dropped(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Outcome maps a charge outcome to PENDING, CONVICTED, ACQUITTED,
// HUNG_JURY, MISTRIAL, DISMISSED or PLEADED_GUILTY. Those names are
// accepted in any case, with spaces, underscores or hyphens, and so are
// common words for them: "guilty" and "found guilty" (CONVICTED), "not
// guilty" and "acquittal" (ACQUITTED), "hung", "deadlocked" and "no
// verdict" (HUNG_JURY), "dropped" (DISMISSED), "pled guilty", "guilty
// plea" and "plea" (PLEADED_GUILTY), "open" and "awaiting trial"
// (PENDING).
func Outcome(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("not an outcome: invalid UTF-8")
	}
	key := outcomeKey(s)
	if key == "" {
		return "", errors.New("not an outcome: empty")
	}
	if o, ok := outcomes[key]; ok {
		return o, nil
	}
	return "", errors.New("not an outcome: expected one of PENDING, CONVICTED, ACQUITTED, HUNG_JURY, MISTRIAL, DISMISSED, PLEADED_GUILTY")
}
