package api

import (
	"context"

	"github.com/casegraph/casegraph"
)

type linksArgs struct {
	Types *[]string
	First int32
	After *string
}

// Links is the paginated `links` field of every entity type.
func (r *entityResolver) Links(ctx context.Context, args linksArgs) (*linkConnection, error) {
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	types, err := relTypes(args.Types)
	if err != nil {
		return nil, err
	}
	l := loadersOf(ctx)
	if l == nil {
		return nil, casegraph.Errorf(casegraph.EINTERNAL, "no loaders in the request")
	}
	links, err := l.links.load(ctx, r.e.ID, types, skip, first)
	if err != nil {
		return nil, err
	}
	conn := page(edgeResolvers(links.Edges), skip, len(links.Edges))
	conn.page.hasNext = int64(skip+len(links.Edges)) < links.Total
	return &linkConnection{connection: conn, total: links.Total}, nil
}

type linkConnection struct {
	*connection[*edgeResolver]
	total int64
}

func (c *linkConnection) TotalCount() int32 { return int32(c.total) }
