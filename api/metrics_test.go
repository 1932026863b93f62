package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
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
		{"refused GraphQL request", `casegraph_graphql_requests_total{operation="other",status="unauthenticated"}`,
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

// /metrics is open to anyone who can reach the server: it must show no name
// a client chose (operation names may name the people investigated), and
// clients must not be able to grow its series.
func TestHostileMetricsShowNoClientChosenNames(t *testing.T) {
	h, _ := authHandler(t, Options{})
	statsSeries := `casegraph_graphql_requests_total{operation="stats",status="ok"}`
	before := metricValue(t, h, statsSeries)
	for i := 0; i < 300; i++ {
		send(h, gql(viewerSecret, fmt.Sprintf(`query Lacey%d { lacey%d: stats { nodes } }`, i, i), nil))
	}
	send(h, gql(viewerSecret, `{ __schema { queryType { name } } }`, nil))
	rec, _ := send(h, request{method: "GET", path: "/metrics"})
	if strings.Contains(rec.Body.String(), "Lacey") || strings.Contains(rec.Body.String(), "lacey") {
		t.Fatal("/metrics shows a client's operation name or alias")
	}
	if after := metricValue(t, h, statsSeries); after != before+300 {
		t.Fatalf("stats requests counted %v, want 300 under the root field's name", after-before)
	}
	if metricValue(t, h, `casegraph_graphql_requests_total{operation="introspection",status="ok"}`) != 1 {
		t.Fatal("an introspection query is not counted as introspection")
	}
	if got := strings.Count(rec.Body.String(), "casegraph_graphql_requests_total{"); got > 3 {
		t.Fatalf("%d request series after 300 differently named operations", got)
	}
}
