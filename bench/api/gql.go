package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// gqlClient posts GraphQL requests over keep-alive connections.
type gqlClient struct {
	url string
	hc  *http.Client
}

func newGQL(url string) *gqlClient {
	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second}
	return &gqlClient{url: url, hc: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
}

// request encodes a GraphQL request body once, outside any timing.
func request(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

// post sends body and returns the whole response. A status other than 200 or
// a response with errors is an error.
func (c *gqlClient) post(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(out, []byte(`"errors":`)) {
		return out, fmt.Errorf("HTTP %d: %s", resp.StatusCode, gqlErrorText(out))
	}
	return out, nil
}

func gqlErrorText(body []byte) string {
	var r struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &r) == nil && len(r.Errors) > 0 {
		return r.Errors[0].Message
	}
	if len(body) > 300 {
		body = body[:300]
	}
	return string(body)
}
