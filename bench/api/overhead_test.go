package main

// What the HTTP and GraphQL layer costs on its own, without Neo4j: the
// handler `casegraph serve` runs (gin, request id, access and audit log,
// metrics, graphql-go, JSON), given a graph that answers from memory with a
// subgraph of the size a depth-2 neighbourhood has on the benchmark graph
// (68 nodes, 68 edges). Run with
//
//	go test ./bench/api -run '^$' -bench Overhead -benchmem [-cpuprofile cpu.out]
//
// and compare ns/op with the gap between the two sides of bench-api.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/api"
)

// memGraph answers Neighborhood from memory; every other method of
// api.Graph is left nil and would panic if called.
type memGraph struct {
	api.Graph
	sg casegraph.Subgraph
}

func (m memGraph) Ready(context.Context) error { return nil }
func (m memGraph) Neighborhood(context.Context, casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	sg := m.sg
	sg.Nodes = append([]casegraph.Node(nil), m.sg.Nodes...)
	sg.Edges = append([]casegraph.Edge(nil), m.sg.Edges...)
	return sg, nil
}

// depth2Subgraph is shaped like the synthetic case's depth-2
// neighbourhoods: people and companies with their properties, payments
// drawn as PAYMENT edges.
func depth2Subgraph(n int) casegraph.Subgraph {
	var sg casegraph.Subgraph
	for i := range n {
		id := fmt.Sprintf("synth-p%06d", i)
		e := casegraph.Entity{ID: id, Schema: casegraph.Person, Name: fmt.Sprintf("Person %d Example", i),
			Aliases: []string{fmt.Sprintf("P. Example %d", i)}, SourceIDs: []string{"synth-source"}, JobIDs: []string{"job-1234567890abcdef"},
			Properties: map[string]any{"name": fmt.Sprintf("Person %d Example", i), "birthDate": "1971-03-04",
				"nationality": []any{"gb", "fr"}, "position": "Director", "aliases": []any{fmt.Sprintf("P. Example %d", i)}}}
		if i%3 == 0 {
			e.Schema = casegraph.Company
			e.Properties = map[string]any{"name": e.Name, "jurisdiction": "cy", "registrationNumber": "HE123456"}
		}
		sg.Nodes = append(sg.Nodes, casegraph.Node{Entity: e, Degree: 40})
		amount := 12345.67
		sg.Edges = append(sg.Edges, casegraph.Edge{ID: fmt.Sprintf("synth-t%07d", i), Type: casegraph.PaymentEdge,
			Source: "synth-p000000", Target: id, SourceIDs: []string{"synth-source"}, PaymentID: fmt.Sprintf("synth-t%07d", i),
			Amount: &amount, Currency: "EUR", Date: "2016-05-04"})
	}
	return sg
}

func benchHandler(b *testing.B, query string) { benchHandlerWith(b, query, depth2Subgraph(68)) }

func benchHandlerWith(b *testing.B, query string, sg casegraph.Subgraph) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := api.NewHandler(api.Options{Graph: memGraph{sg: sg}, Log: log, NoAuth: true,
		AuditLog: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	body := request(query, map[string]any{"ids": []string{"synth-p000000"}, "depth": 2})
	var size int
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors":`)) {
			b.Fatalf("HTTP %d: %s", rec.Code, rec.Body.String())
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/answer")
}

func BenchmarkOverheadNeighborhoodFull(b *testing.B) { benchHandler(b, neighborhoodQuery) }
func BenchmarkOverheadNeighborhoodLean(b *testing.B) { benchHandler(b, leanNeighborhoodQuery) }

// The fixed cost of a request: a query that touches no data, and a
// neighbourhood query whose answer is empty (parsing and validating the
// full query text, the middleware, one resolver call).
func BenchmarkOverheadTypename(b *testing.B) { benchHandler(b, `{ __typename }`) }
func BenchmarkOverheadEmptyAnswer(b *testing.B) {
	benchHandlerWith(b, neighborhoodQuery, casegraph.Subgraph{})
}
