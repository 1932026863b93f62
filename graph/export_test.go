package graph

// LevelByLevel makes Neighborhood run one statement per level: the
// reference the two-level statement is compared with.
func LevelByLevel(p NeighborhoodParams) NeighborhoodParams {
	p.levelByLevel = true
	return p
}
