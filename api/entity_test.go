package api

import "testing"

// The Date scalar accepts calendar dates only, by the domain's rule
// (casegraph.ValidDate): 2011-02-31 is refused, as the regex it had did not.
func TestDateScalar(t *testing.T) {
	tests := []struct {
		in any
		ok bool
	}{
		{"2011", true},
		{"2011-02", true},
		{"2012-02-29", true},
		{"2011-02-31", false},
		{"2011-02-29", false},
		{"2011-13", false},
		{"2011-3-1", false},
		{"", false},
		{int32(2011), false},
	}
	for _, tc := range tests {
		var d Date
		err := d.UnmarshalGraphQL(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("Date %v: got error %v, want ok=%v", tc.in, err, tc.ok)
		}
		if tc.ok && string(d) != tc.in {
			t.Errorf("Date %v read as %q", tc.in, d)
		}
	}
}
