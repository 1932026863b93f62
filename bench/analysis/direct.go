package main

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
)

// directProperty is the node property the write-mode anchor writes (and
// removeDirect removes at the end): GDS's own way to persist results.
const directProperty = "benchDirectValue"

// projectionParams are the parameters of the projection statement for p,
// as a job passes them.
func projectionParams(ctx context.Context, driver neo4j.DriverWithContext, name string, p casegraph.Projection) (map[string]any, error) {
	params := map[string]any{"graph": name, "jobs": nil, "since": nil, "until": nil}
	if p.Dataset != "" {
		res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (j:IngestJob {dataset: $d}) RETURN collect(j.id) AS jobs`,
			map[string]any{"d": p.Dataset}, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		params["jobs"], _ = res.Records[0].Get("jobs")
	}
	return params, nil
}

// direct runs the same projection and the same GDS algorithm straight
// through the driver, GDS without casegraph, then drops the projection:
// in write mode (results written as a property of each projected node) or
// in stream mode (every row read by the client, nothing kept). It returns
// the whole time and the projection's part of it.
func direct(ctx context.Context, driver neo4j.DriverWithContext, p casegraph.AnalysisParams, cfg map[string]any, write bool) (took, projected time.Duration, err error) {
	stmt, err := graph.ProjectionStatement(p.Projection)
	if err != nil {
		return 0, 0, err
	}
	name := "bench-direct"
	params, err := projectionParams(ctx, driver, name, p.Projection)
	if err != nil {
		return 0, 0, err
	}
	proc, column := graph.GDSProcedure(p.Algorithm)
	config := map[string]any{}
	for k, v := range cfg {
		config[k] = v
	}
	call := fmt.Sprintf(`CALL %s($g, $config) YIELD nodeId, %s AS value
RETURN gds.util.asNode(nodeId).id AS entity, value`, proc, column)
	if write {
		config["writeProperty"] = directProperty
		call = fmt.Sprintf(`CALL %s($g, $config) YIELD nodePropertiesWritten RETURN nodePropertiesWritten`,
			graph.GDSWriteProcedure(p.Algorithm))
	}
	start := time.Now()
	if _, err := neo4j.ExecuteQuery(ctx, driver, stmt, params, neo4j.EagerResultTransformer); err != nil {
		return 0, 0, err
	}
	projected = time.Since(start)
	defer neo4j.ExecuteQuery(context.WithoutCancel(ctx), driver, `CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName`,
		map[string]any{"g": name}, neo4j.EagerResultTransformer)
	res, err := neo4j.ExecuteQuery(ctx, driver, call, map[string]any{"g": name, "config": config}, neo4j.EagerResultTransformer)
	if err != nil {
		return 0, 0, err
	}
	if len(res.Records) == 0 {
		return 0, 0, fmt.Errorf("no rows")
	}
	if _, err := neo4j.ExecuteQuery(ctx, driver, `CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName`,
		map[string]any{"g": name}, neo4j.EagerResultTransformer); err != nil {
		return 0, 0, err
	}
	return time.Since(start), projected, nil
}

// removeDirect removes the write-mode anchor's property from every node.
func removeDirect(ctx context.Context, driver neo4j.DriverWithContext) {
	_ = autoCommit(ctx, driver, `MATCH (n:Entity) WHERE n[$p] IS NOT NULL
CALL { WITH n REMOVE n.`+directProperty+` } IN TRANSACTIONS OF 50000 ROWS`, map[string]any{"p": directProperty})
}

// autoCommit runs a statement in an implicit transaction (CALL … IN
// TRANSACTIONS wants one).
func autoCommit(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) error {
	sess := driver.NewSession(ctx, neo4j.SessionConfig{})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}
