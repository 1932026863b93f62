package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/graph"
)

// metricValue reads one sample from /metrics; a series not yet there is 0.
func metricValue(t *testing.T, h http.Handler, series string) float64 {
	t.Helper()
	rec, _ := send(h, request{method: "GET", path: "/metrics"})
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return 0
}

func TestMetricsCountRequests(t *testing.T) {
	h, _ := authHandler(t, Options{})
	series := []struct {
		name   string
		series string
		req    func() request
	}{
		{"graphql request", `casegraph_graphql_requests_total{operation="stats",status="ok"}`,
			func() request { return gql(viewerSecret, statsQuery, nil) }},
		{"graphql duration", `casegraph_graphql_request_duration_seconds_count{operation="stats"}`,
			func() request { return gql(viewerSecret, statsQuery, nil) }},
		{"http request", `casegraph_http_requests_total{code="200",route="/graphql"}`,
			func() request { return gql(viewerSecret, statsQuery, nil) }},
		{"refused GraphQL request", `casegraph_graphql_requests_total{operation="anonymous",status="unauthenticated"}`,
			func() request { return gql("", statsQuery, nil) }},
		{"unauthenticated error", `casegraph_errors_total{code="unauthenticated"}`,
			func() request { return gql("", statsQuery, nil) }},
		{"forbidden mutation", `casegraph_graphql_requests_total{operation="ingestRows",status="forbidden"}`,
			func() request { return ingestRows(viewerSecret) }},
		{"forbidden error", `casegraph_errors_total{code="forbidden"}`,
			func() request { return upload(t, viewerSecret) }},
		{"upload", `casegraph_http_requests_total{code="200",route="/api/ingest"}`,
			func() request { return upload(t, analystSecret) }},
		{"invalid query", `casegraph_errors_total{code="invalid"}`,
			func() request { return gql(viewerSecret, `{ nosuchfield }`, nil) }},
		{"unknown route", `casegraph_http_requests_total{code="404",route="unmatched"}`,
			func() request { return request{method: "GET", path: "/nope"} }},
	}
	for _, s := range series {
		t.Run(s.name, func(t *testing.T) {
			before := metricValue(t, h, s.series)
			send(h, s.req())
			if after := metricValue(t, h, s.series); after != before+1 {
				t.Fatalf("%s went from %v to %v, want +1", s.series, before, after)
			}
		})
	}
}

func TestMetricsOperationLabelIsBounded(t *testing.T) {
	m := newMetrics()
	if got := m.opLabel(""); got != "anonymous" {
		t.Errorf("empty name: %q", got)
	}
	if got := m.opLabel(strings.Repeat("a", 200)); len(got) != maxOpLabel {
		t.Errorf("long name kept %d bytes, want %d", len(got), maxOpLabel)
	}
	for i := 0; len(m.ops) < maxOpLabels; i++ {
		m.opLabel(fmt.Sprintf("op%d", i))
	}
	if got := m.opLabel("oneMore"); got != "other" {
		t.Errorf("past %d names: %q, want other", maxOpLabels, got)
	}
	if got := m.opLabel("op1"); got != "op1" {
		t.Errorf("a known name: %q", got)
	}
}

func TestForbiddenAndUnauthenticatedMapToHTTP(t *testing.T) {
	for code, want := range map[string]int{graph.EUNAUTHENTICATED: 401, graph.EFORBIDDEN: 403,
		graph.EUNAVAILABLE: 503, graph.EINVALID: 400, graph.EINTERNAL: 500} {
		if got := httpStatus(code); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
		if code != graph.EINTERNAL && codeForStatus(want) != code {
			t.Errorf("%d maps back to %s, want %s", want, codeForStatus(want), code)
		}
	}
}
