package graph

import "context"

// ProbeGDS asks for the function fn instead of gds.version, so that a test
// sees what a Neo4j without the Graph Data Science library answers.
func (s *Store) ProbeGDS(ctx context.Context, fn string) (string, error) {
	return s.gdsVersion(ctx, fn)
}
