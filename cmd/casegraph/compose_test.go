package main

import (
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// compose is the part of docker-compose.yml casegraph depends on.
type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		DependsOn map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
	} `yaml:"services"`
}

// TestComposeFileAgreesWithConfig checks docker-compose.yml without Docker:
// the Neo4j service is the 5.26 Community image with a healthcheck, and the
// casegraph service reaches it with settings casegraph actually reads.
func TestComposeFileAgreesWithConfig(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	neo, ok := c.Services["neo4j"]
	if !ok {
		t.Fatal("no neo4j service")
	}
	if !strings.HasPrefix(neo.Image, "neo4j:5.26") || !strings.Contains(neo.Image, "community") {
		t.Errorf("neo4j image is %q, want neo4j:5.26-community", neo.Image)
	}
	if neo.Healthcheck == nil || len(neo.Healthcheck.Test) == 0 {
		t.Error("neo4j service has no healthcheck")
	}
	for _, k := range []string{"NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"} {
		if neo.Environment[k] == "" {
			t.Errorf("neo4j service does not set %s", k)
		}
	}

	cg, ok := c.Services["casegraph"]
	if !ok {
		t.Fatal("no casegraph service")
	}
	if cg.Build == nil {
		t.Error("casegraph service is not built from the repository's Dockerfile")
	}
	if _, err := os.Stat("../../Dockerfile"); err != nil {
		t.Errorf("no Dockerfile: %v", err)
	}
	if cg.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Error("casegraph does not wait for a healthy neo4j")
	}
	env := cg.Environment
	for k := range env {
		if _, known := envVars[k]; !known {
			t.Errorf("casegraph service sets %s, which casegraph does not read", k)
		}
	}
	// The Bolt URI names the neo4j service and a port it serves Bolt on.
	u, err := url.Parse(env["NEO4J_URI"])
	if err != nil || (u.Scheme != "bolt" && u.Scheme != "neo4j") || u.Hostname() != "neo4j" {
		t.Errorf("NEO4J_URI %q does not point at the neo4j service", env["NEO4J_URI"])
	} else if !exposes(neo.Ports, u.Port()) {
		t.Errorf("NEO4J_URI port %s is not a port of the neo4j service %v", u.Port(), neo.Ports)
	}
	// Credentials agree with NEO4J_AUTH.
	wantAuth := env["NEO4J_USER"] + "/" + env["NEO4J_PASSWORD"]
	if neo.Environment["NEO4J_AUTH"] != wantAuth {
		t.Errorf("NEO4J_AUTH is %q but casegraph logs in as %q", neo.Environment["NEO4J_AUTH"], wantAuth)
	}
	// The configuration parses, and the HTTP port is published.
	cfg, err := parseConfig("serve", nil, envOf(env), io.Discard)
	if err != nil {
		t.Fatalf("casegraph rejects the compose environment: %v", err)
	}
	_, port, err := net.SplitHostPort(cfg.Serve.HTTPAddr)
	if err != nil || !exposes(cg.Ports, port) {
		t.Errorf("casegraph listens on %q but publishes %v", cfg.Serve.HTTPAddr, cg.Ports)
	}
	if host, _, _ := net.SplitHostPort(cfg.Serve.HTTPAddr); host != "0.0.0.0" && host != "" {
		t.Errorf("inside a container casegraph must listen on all interfaces, not %q", host)
	}
}

// exposes reports whether a compose ports list publishes the container port.
func exposes(ports []string, port string) bool {
	for _, p := range ports {
		parts := strings.Split(p, ":")
		if parts[len(parts)-1] == port {
			return true
		}
	}
	return false
}
