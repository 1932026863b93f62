package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/casegraph/casegraph/neo4jlocal"
)

// The peer comparison asks both servers the same two questions about a
// person or company, restricted to what the peer models (bench/peer: the
// Person, Company, Payment and BankAccount schemata and the payment and
// account links):
//
//   - the neighbourhood at depth 1: the entity, its links (payments made and
//     received, accounts held) with their properties and the entity at the
//     other end, and how many links it has;
//   - a 2-hop payment traversal: the payments the entity made and received,
//     and the party at the other end of each.
//
// casegraph answers with `neighborhood`, restricted to those relationship
// types; the peer with nested connection fields. At depth 1 casegraph is
// asked not to collapse payments (collapsePayments: false): the peer's
// answer has the payment nodes at the other end of the links, and by
// default casegraph would follow each payment one step further to the
// counterparty and draw it as a PAYMENT edge, which is a second statement
// and another question.
var peerRelTypes = []string{"PAID", "PAID_TO", "HOLDS_ACCOUNT", "FROM_ACCOUNT", "TO_ACCOUNT"}

const cgHood1Query = `query Hood1($ids: [ID!]!, $rels: [String!]) {
  neighborhood(ids: $ids, depth: 1, relationships: $rels, collapsePayments: false) {
    nodes { id schema name ... on Payment { amount currency date } ... on BankAccount { iban } }
    edges { id type source target role startDate endDate sourceIds }
    degrees { id degree hidden }
    truncated
  }
}`

const cgPay2Query = `query Pay2($ids: [ID!]!) {
  neighborhood(ids: $ids, depth: 2, relationships: ["PAID", "PAID_TO"]) {
    nodes { id schema name }
    edges { id type source target paymentId amount currency date }
    truncated
  }
}`

// The peer's queries, for people ("people") or companies ("companies").
const peerLink = `properties { id role startDate endDate sourceIds }`

func peerHood1Query(root string) string {
	return `query Hood1($id: ID!) {
  ` + root + `(where: { id: { eq: $id } }) {
    id schema name
    paidConnection(first: 50) { totalCount edges { ` + peerLink + ` node { id schema name amount currency date } } }
    receivedConnection(first: 50) { totalCount edges { ` + peerLink + ` node { id schema name amount currency date } } }
    accountsConnection(first: 50) { totalCount edges { ` + peerLink + ` node { id schema name iban } } }
  }
}`
}

func peerPay2Query(root string) string {
	party := `node { ... on Person { id schema name } ... on Company { id schema name } }`
	return `query Pay2($id: ID!) {
  ` + root + `(where: { id: { eq: $id } }) {
    id schema name
    paidConnection(first: 50) { edges { properties { id } node { id amount currency date
      beneficiaryConnection { edges { properties { id } ` + party + ` } } } } }
    receivedConnection(first: 50) { edges { properties { id } node { id amount currency date
      payerConnection { edges { properties { id } ` + party + ` } } } } }
  }
}`
}

func peerRoot(s seed) string {
	if s.schema == "Company" {
		return "companies"
	}
	return "people"
}

// peerTask is one logical question, as each server is asked it.
type peerTask struct {
	name     string
	cg, peer func(s seed) []byte
	// count reads how many links (depth 1) or payments (2 hops) an answer has.
	cgCount, peerCount func(body []byte) int
}

func peerTasks() []peerTask {
	return []peerTask{
		{
			name: "neighbourhood depth 1 (payments made and received, accounts held)",
			cg: func(s seed) []byte {
				return request(cgHood1Query, map[string]any{"ids": []string{s.id}, "rels": peerRelTypes})
			},
			peer: func(s seed) []byte { return request(peerHood1Query(peerRoot(s)), map[string]any{"id": s.id}) },
			cgCount: func(body []byte) int {
				var r struct {
					Data struct {
						Neighborhood struct{ Edges []json.RawMessage }
					}
				}
				_ = json.Unmarshal(body, &r)
				return len(r.Data.Neighborhood.Edges)
			},
			peerCount: func(body []byte) int {
				n := 0
				for _, e := range peerEntities(body) {
					n += len(e.PaidConnection.Edges) + len(e.ReceivedConnection.Edges) + len(e.AccountsConnection.Edges)
				}
				return n
			},
		},
		{
			name: "2-hop payments (entity → payment → counterparty)",
			cg:   func(s seed) []byte { return request(cgPay2Query, map[string]any{"ids": []string{s.id}}) },
			peer: func(s seed) []byte { return request(peerPay2Query(peerRoot(s)), map[string]any{"id": s.id}) },
			cgCount: func(body []byte) int {
				var r struct {
					Data struct {
						Neighborhood struct {
							Edges []struct{ PaymentID *string }
						}
					}
				}
				_ = json.Unmarshal(body, &r)
				n := 0
				for _, e := range r.Data.Neighborhood.Edges {
					if e.PaymentID != nil {
						n++
					}
				}
				return n
			},
			peerCount: func(body []byte) int {
				n := 0
				for _, e := range peerEntities(body) {
					n += len(e.PaidConnection.Edges) + len(e.ReceivedConnection.Edges)
				}
				return n
			},
		},
	}
}

type peerEntity struct {
	PaidConnection, ReceivedConnection, AccountsConnection struct{ Edges []json.RawMessage }
}

func peerEntities(body []byte) []peerEntity {
	var r struct {
		Data struct{ People, Companies []peerEntity }
	}
	_ = json.Unmarshal(body, &r)
	return append(r.Data.People, r.Data.Companies...)
}

// peerBench starts the peer server against the same Neo4j, twice (with
// TCP_NODELAY on its Bolt connections, and as npm ships it) when
// -peer-stock, and compares requests/s at a fixed concurrency: each server
// runs for half the duration, twice, in the order casegraph, peer, stock
// peer, stock peer, peer, casegraph, after a warm-up of every query on
// every server.
func peerBench(ctx context.Context, o *options, srv *neo4jlocal.Server, cg *child, seeds []seed, m marker, env string) error {
	uri := srv.URI()
	neo4jPID := readPID(srv.PIDFile())
	peer, err := startPeer(ctx, o, uri, true)
	if err != nil {
		return err
	}
	defer peer.stop()
	var stock *child
	if o.peerStock {
		if stock, err = startPeer(ctx, o, uri, false); err != nil {
			return err
		}
		defer stock.stop()
	}

	var rows []peerRow
	for _, t := range peerTasks() {
		r := peerRow{task: t.name,
			cg:   &loadSide{name: "casegraph", client: newGQL(cg.url + "/graphql"), count: t.cgCount, pid: cg.pid()},
			peer: &loadSide{name: "peer", client: newGQL(peer.url), count: t.peerCount, pid: peer.pid()}}
		if stock != nil {
			r.stock = &loadSide{name: "peer as shipped", client: newGQL(stock.url), count: t.peerCount, pid: stock.pid()}
		}
		for _, s := range seeds {
			r.cg.bodies = append(r.cg.bodies, t.cg(s))
			r.peer.bodies = append(r.peer.bodies, t.peer(s))
		}
		if r.stock != nil {
			r.stock.bodies = r.peer.bodies
		}
		// What each answers, on the first seeds: both must answer, and the
		// answers should be of the same size.
		r.sampleSize = min(40, len(seeds))
		for _, sd := range r.sides() {
			var links, bytes int
			for i := range r.sampleSize {
				body, err := sd.client.post(ctx, sd.bodies[i])
				if err != nil {
					return fmt.Errorf("%s, %s, seed %s: %w", t.name, sd.name, seeds[i].id, err)
				}
				links += sd.count(body)
				bytes += len(body)
			}
			sd.links, sd.bytes = float64(links)/float64(r.sampleSize), float64(bytes)/float64(r.sampleSize)
		}
		rows = append(rows, r)
	}
	// Every query on every server is warmed up (Neo4j plans and compiles,
	// Node optimises) before any is measured.
	warm := min(o.warmLoad, o.duration/2)
	fmt.Printf("warming up: %s per query and server at concurrency %d\n", warm, o.concurrency)
	for _, r := range rows {
		for _, sd := range r.sides() {
			runLoad(ctx, sd.client, sd.bodies, o.concurrency, warm)
		}
	}
	for _, r := range rows {
		order := r.sides()
		for i := len(order) - 1; i >= 0; i-- {
			order = append(order, order[i])
		}
		var names []string
		for _, sd := range order {
			names = append(names, sd.name)
		}
		fmt.Printf("%s: %s per server, in halves in the order %s, at concurrency %d\n",
			r.task, o.duration, strings.Join(names, ", "), o.concurrency)
		for _, sd := range order {
			neo4j0, server0 := procCPU(neo4jPID), procCPU(sd.pid)
			tp := runLoad(ctx, sd.client, sd.bodies, o.concurrency, o.duration/2)
			tp.neo4jCPU, tp.serverCPU = procCPU(neo4jPID)-neo4j0, procCPU(sd.pid)-server0
			sd.tp.add(tp)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}

	fmt.Printf("\nThroughput: casegraph (GraphQL, casegraph serve --no-auth) vs @neo4j/graphql 7.6.3 on Apollo Server 5 "+
		"(bench/peer, Node %s; \"peer\" with TCP_NODELAY on its Bolt socket, \"peer as shipped\" without), same Neo4j, "+
		"same seeds, concurrency %d, %s per server; %s\n\n", nodeVersion(), o.concurrency, o.duration, env)
	head := "| query | casegraph req/s | casegraph p50 / p95 ms | peer req/s | peer p50 / p95 ms | ratio casegraph/peer |"
	rule := "| --- | ---: | ---: | ---: | ---: | ---: |"
	if o.peerStock {
		head += " peer as shipped req/s | as shipped p50 / p95 ms | ratio casegraph/as shipped |"
		rule += " ---: | ---: | ---: |"
	}
	fmt.Println(head + " CPU ms per request, Neo4j + server: casegraph / peer | answer size casegraph / peer | errors |")
	fmt.Println(rule + " --- | --- | ---: |")
	for _, r := range rows {
		unit := "links"
		if strings.HasPrefix(r.task, "2-hop") {
			unit = "payments"
		}
		errs := []string{}
		line := fmt.Sprintf("| %s | %.1f | %.1f / %.1f | %.1f | %.1f / %.1f | %.2f |",
			r.task, r.cg.tp.rate(), ms(pct(r.cg.tp.lat, 50)), ms(pct(r.cg.tp.lat, 95)),
			r.peer.tp.rate(), ms(pct(r.peer.tp.lat, 50)), ms(pct(r.peer.tp.lat, 95)), r.cg.tp.rate()/r.peer.tp.rate())
		if r.stock != nil {
			line += fmt.Sprintf(" %.1f | %.1f / %.1f | %.2f |", r.stock.tp.rate(), ms(pct(r.stock.tp.lat, 50)),
				ms(pct(r.stock.tp.lat, 95)), r.cg.tp.rate()/r.stock.tp.rate())
		}
		for _, sd := range r.sides() {
			errs = append(errs, fmt.Sprint(sd.tp.errs))
			if sd.tp.firstErr != "" {
				fmt.Fprintf(os.Stderr, "  %s, %s: first error %q\n", r.task, sd.name, sd.tp.firstErr)
			}
		}
		line += fmt.Sprintf(" %s / %s |", r.cg.tp.cpu(), r.peer.tp.cpu())
		line += fmt.Sprintf(" %.1f / %.1f %s, %.1f / %.1f KB | %s |", r.cg.links, r.peer.links, unit,
			r.cg.bytes/1024, r.peer.bytes/1024, strings.Join(errs, " / "))
		fmt.Println(line)
	}
	fmt.Printf("\nratio = casegraph req/s / peer req/s; the target is ≥ 2. Answer sizes are means over the first %d seeds. "+
		"CPU per request is the CPU time Neo4j and the server process (casegraph serve, or the peer's Node) used during "+
		"the measured runs, divided by the requests answered (from /proc, in 10 ms ticks).\n", rows[0].sampleSize)
	return nil
}

// loadSide is one server asked one question in the throughput runs.
type loadSide struct {
	name   string
	client *gqlClient
	pid    int // the server's process
	bodies [][]byte
	count  func([]byte) int
	tp     throughput
	links  float64
	bytes  float64
}

// peerRow is one question asked of every server.
type peerRow struct {
	task            string
	cg, peer, stock *loadSide
	sampleSize      int
}

func (r peerRow) sides() []*loadSide {
	if r.stock == nil {
		return []*loadSide{r.cg, r.peer}
	}
	return []*loadSide{r.cg, r.peer, r.stock}
}

// throughput adds up load runs.
type throughput struct {
	done     int
	errs     int
	elapsed  time.Duration
	lat      []time.Duration
	firstErr string
	// CPU time used meanwhile by Neo4j and by the server asked.
	neo4jCPU, serverCPU time.Duration
}

func (t *throughput) add(r throughput) {
	t.done += r.done
	t.neo4jCPU += r.neo4jCPU
	t.serverCPU += r.serverCPU
	t.errs += r.errs
	t.elapsed += r.elapsed
	t.lat = append(t.lat, r.lat...)
	if t.firstErr == "" {
		t.firstErr = r.firstErr
	}
}

func (t throughput) rate() float64 { return float64(t.done) / t.elapsed.Seconds() }

// cpu is the CPU Neo4j and the server used per request answered, in ms.
func (t throughput) cpu() string {
	if t.done == 0 {
		return "–"
	}
	per := func(d time.Duration) float64 { return ms(d) / float64(t.done) }
	return fmt.Sprintf("%.2f + %.2f", per(t.neo4jCPU), per(t.serverCPU))
}

// procCPU is the CPU time (user and system) process pid has used so far,
// from /proc/<pid>/stat; 0 when it cannot be read.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if pid <= 0 || err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th of them.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// readPID reads a PID file; 0 when it cannot.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// runLoad keeps conc requests in flight for d, each worker going through
// the bodies from its own offset, and counts the answers without errors.
func runLoad(ctx context.Context, c *gqlClient, bodies [][]byte, conc int, d time.Duration) throughput {
	var mu sync.Mutex
	var out throughput
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			done, errs, first := 0, 0, ""
			for i := w * len(bodies) / conc; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				t0 := time.Now()
				_, err := c.post(ctx, bodies[i%len(bodies)])
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				lat = append(lat, time.Since(t0))
				done++
			}
			mu.Lock()
			out.done += done
			out.errs += errs
			out.lat = append(out.lat, lat...)
			if out.firstErr == "" {
				out.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

// startPeer runs bench/peer/server.js against uri on a free loopback port
// and waits until it answers a GraphQL request.
func startPeer(ctx context.Context, o *options, uri string, noDelay bool) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	name, env := "peer.log", "PEER_NODELAY=1"
	if !noDelay {
		name, env = "peer-as-shipped.log", "PEER_NODELAY=0"
	}
	logFile, err := os.Create(filepath.Join(o.dir, name))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", "server.js")
	cmd.Dir = o.peerDir
	cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "PORT="+port, "NODE_ENV=production", env)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	c, err := startChild("the peer server (node bench/peer/server.js)", cmd, "http://"+addr+"/", logFile)
	if err != nil {
		return nil, err
	}
	probe := request(`{ __typename }`, nil)
	gc := newGQL(c.url)
	if err := c.waitReady(ctx, func(*http.Client) bool {
		_, err := gc.post(ctx, probe)
		return err == nil
	}, logFile.Name()); err != nil {
		c.stop()
		return nil, err
	}
	fmt.Printf("peer (@neo4j/graphql on Apollo Server, %s) on %s (log: %s)\n", env, c.url, logFile.Name())
	return c, nil
}

func nodeVersion() string {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
