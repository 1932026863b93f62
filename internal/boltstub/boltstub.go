// Package boltstub is a test-only Bolt routing stub: it makes one real
// Neo4j look like a cluster, so that casegraph's neo4j:// routing can be
// proved without one (Neo4j Enterprise is not on Maven Central).
//
// The stub listens on loopback addresses, one per named server ("writer",
// "reader1", "reader2" …). A driver that connects to any of them gets the
// stub's routing table in answer to its ROUTE request, naming those
// addresses in the roles the test chose; every other message is forwarded
// to the one real Neo4j behind. The stub counts, per server, the
// transactions begun in read and in write mode, so a test can check where
// the driver sent them; it can close a server (a reader that died) or answer
// a server's next write with a cluster error (a leader that stepped down)
// and switch the table (the new leader), as a cluster would.
//
// The idea comes from the Neo4j drivers' test kit ("boltstub"), which plays
// scripted conversations; this one forwards to a real server instead, so
// tests run real queries. It speaks Bolt 5.0–5.4 to both sides.
package boltstub

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

// Bolt message tags this stub looks at.
const (
	msgReset    = 0x0F
	msgRun      = 0x10
	msgBegin    = 0x11
	msgCommit   = 0x12
	msgRollback = 0x13
	msgGoodbye  = 0x02
	msgRoute    = 0x66
	msgSuccess  = 0x70
	msgRecord   = 0x71
	msgIgnored  = 0x7E
	msgFailure  = 0x7F
)

// Table is a routing table by server name.
type Table struct {
	Writers, Readers, Routers []string
}

// Counts is what one server received.
type Counts struct {
	Connections int // accepted
	Routes      int // ROUTE requests answered with the stub's table
	ReadTx      int // transactions begun (BEGIN) in read mode
	WriteTx     int // … in write mode
	Failed      int // write transactions answered with an injected failure
	// Bookmarked counts the transactions begun from bookmarks (a cluster
	// member waits until it has applied them).
	Bookmarked int
	// AutoCommit counts statements run outside a transaction (casegraph's
	// health probe), kept apart so that a probe fired by a slow machine
	// does not change the counts above.
	AutoCommit int
}

// Stub is a running stub. Its methods are safe for concurrent use.
type Stub struct {
	upstream string

	mu      sync.Mutex
	servers map[string]*server
	table   Table
	wg      sync.WaitGroup
}

type server struct {
	name   string
	ln     net.Listener
	counts Counts
	// failWrite, when set, answers the next write transaction with this
	// Neo4j error code, then the table becomes switchTo.
	failWrite string
	switchTo  Table
	conns     map[net.Conn]struct{}
	closed    bool
}

// Start listens on a loopback port for each name and forwards to the Neo4j
// at upstream (host:port). The table starts as Table{Writers: names[:1],
// Readers: names[1:], Routers: names}.
func Start(upstream string, names ...string) (*Stub, error) {
	if len(names) == 0 {
		return nil, errors.New("boltstub: name at least one server")
	}
	s := &Stub{upstream: upstream, servers: map[string]*server{},
		table: Table{Writers: names[:1], Readers: names[1:], Routers: names}}
	for _, name := range names {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			s.Close()
			return nil, err
		}
		srv := &server{name: name, ln: ln, conns: map[net.Conn]struct{}{}}
		s.servers[name] = srv
		s.wg.Add(1)
		go s.accept(srv)
	}
	return s, nil
}

// Addr is the host:port of the named server.
func (s *Stub) Addr(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.servers[name].ln.Addr().String()
}

// SetTable changes the table the next ROUTE requests get.
func (s *Stub) SetTable(t Table) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.table = t
}

// Counts is what the named server has received so far.
func (s *Stub) Counts(name string) Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.servers[name].counts
}

// FailNextWrite answers the next write transaction begun on the named
// server with a FAILURE of the given Neo4j code (such as
// "Neo.ClientError.Cluster.NotALeader") and, at that moment, switches the
// table to then: the leader stepped down and another took over.
func (s *Stub) FailNextWrite(name, code string, then Table) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.servers[name].failWrite, s.servers[name].switchTo = code, then
}

// CloseServer stops the named server: it no longer accepts connections and
// the ones it has are cut, as when a cluster member dies. The table still
// names it until SetTable says otherwise, as a cluster's would for a while.
func (s *Stub) CloseServer(name string) {
	s.mu.Lock()
	srv := s.servers[name]
	srv.closed = true
	conns := make([]net.Conn, 0, len(srv.conns))
	for c := range srv.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	srv.ln.Close()
	for _, c := range conns {
		c.Close()
	}
}

// Close stops every server and waits for their connections to end.
func (s *Stub) Close() {
	s.mu.Lock()
	names := make([]string, 0, len(s.servers))
	for name := range s.servers {
		names = append(names, name)
	}
	s.mu.Unlock()
	for _, name := range names {
		s.CloseServer(name)
	}
	s.wg.Wait()
}

func (s *Stub) accept(srv *server) {
	defer s.wg.Done()
	for {
		c, err := srv.ln.Accept()
		if err != nil {
			return // closed
		}
		s.mu.Lock()
		if srv.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		srv.counts.Connections++
		srv.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(srv, c)
			s.mu.Lock()
			delete(srv.conns, c)
			s.mu.Unlock()
		}()
	}
}

// reply is one answer owed to the client, in order: either forwarded from
// Neo4j (the request's tag says which, so a ROUTE answer can be replaced)
// or made up here (made).
type reply struct {
	tag  byte
	made []byte
}

// serve relays one client connection. One goroutine reads the client's
// messages and forwards them (or decides to answer them itself); another
// writes the answers back in the order the requests came, reading Neo4j's
// answers as their turn comes. Bolt pipelines, so that order is the only
// thing that ties an answer to its request.
func (s *Stub) serve(srv *server, client net.Conn) {
	defer client.Close()
	up, err := net.Dial("tcp", s.upstream)
	if err != nil {
		return
	}
	defer up.Close()
	s.mu.Lock()
	srv.conns[up] = struct{}{} // cut with the server
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(srv.conns, up)
		s.mu.Unlock()
	}()
	if err := handshake(client, up); err != nil {
		return
	}

	replies := make(chan reply, 1024)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer client.Close() // unblocks the reader below on an error here
		for r := range replies {
			if r.made != nil {
				if err := writeMessage(client, r.made); err != nil {
					return
				}
				continue
			}
			if err := s.relayAnswer(srv, up, client, r.tag); err != nil {
				return
			}
		}
	}()
	defer func() { <-done }()
	defer close(replies)

	inTx, failing := false, false
	for {
		msg, err := readMessage(client)
		if err != nil {
			return
		}
		m, err := decodeMessage(msg)
		if err != nil {
			return
		}
		if failing { // after a FAILURE, Bolt ignores everything until RESET
			if m.tag != msgReset {
				replies <- reply{made: encode(nil, structure{tag: msgIgnored})}
				continue
			}
			failing, inTx = false, false
		}
		switch m.tag {
		case msgRun:
			if !inTx {
				s.mu.Lock()
				srv.counts.AutoCommit++
				s.mu.Unlock()
			}
		case msgBegin:
			if code := s.begin(srv, mode(m) == "r", len(bookmarks(m)) > 0); code != "" {
				failing = true
				replies <- reply{made: encode(nil, structure{tag: msgFailure, fields: []any{map[string]any{
					"code": code, "message": "boltstub: " + srv.name + " is no longer the leader"}}})}
				continue
			}
			inTx = true
		case msgCommit, msgRollback, msgReset:
			inTx = false
		}
		if err := writeMessage(up, msg); err != nil {
			return
		}
		if m.tag == msgGoodbye { // no answer
			return
		}
		replies <- reply{tag: m.tag}
	}
}

// begin notes a transaction begun on srv and returns the failure to answer
// it with ("" for none).
func (s *Stub) begin(srv *server, read, bookmarked bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bookmarked {
		srv.counts.Bookmarked++
	}
	if read {
		srv.counts.ReadTx++
		return ""
	}
	srv.counts.WriteTx++
	code := srv.failWrite
	if code != "" {
		srv.counts.Failed++
		srv.failWrite = ""
		s.table = srv.switchTo
	}
	return code
}

// mode is the access mode a BEGIN asks for: "r" for read, "" (or
// "w") for write. It is in the message's last field, the extra map.
func mode(m structure) string {
	v, _ := extra(m)["mode"].(string)
	return v
}

// bookmarks is the list of bookmarks a BEGIN starts from.
func bookmarks(m structure) []any {
	v, _ := extra(m)["bookmarks"].([]any)
	return v
}

func extra(m structure) map[string]any {
	if len(m.fields) == 0 {
		return nil
	}
	v, _ := m.fields[len(m.fields)-1].(map[string]any)
	return v
}

// relayAnswer copies Neo4j's answer to one request to the client: records,
// then the summary. A successful ROUTE answer is replaced by the stub's
// table, for the database Neo4j named.
func (s *Stub) relayAnswer(srv *server, up, client net.Conn, tag byte) error {
	for {
		msg, err := readMessage(up)
		if err != nil {
			return err
		}
		m, err := decodeMessage(msg)
		if err != nil {
			return err
		}
		if tag == msgRoute && m.tag == msgSuccess {
			msg = s.routeAnswer(srv, m)
		}
		if err := writeMessage(client, msg); err != nil {
			return err
		}
		if m.tag != msgRecord {
			return nil
		}
	}
}

func (s *Stub) routeAnswer(srv *server, neo4jAnswer structure) []byte {
	db := "neo4j"
	if len(neo4jAnswer.fields) > 0 {
		meta, _ := neo4jAnswer.fields[0].(map[string]any)
		rt, _ := meta["rt"].(map[string]any)
		if name, ok := rt["db"].(string); ok {
			db = name
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	srv.counts.Routes++
	addrs := func(names []string) []string {
		out := make([]string, 0, len(names))
		for _, n := range names {
			out = append(out, s.servers[n].ln.Addr().String())
		}
		return out
	}
	servers := []any{
		map[string]any{"role": "WRITE", "addresses": addrs(s.table.Writers)},
		map[string]any{"role": "READ", "addresses": addrs(s.table.Readers)},
		map[string]any{"role": "ROUTE", "addresses": addrs(s.table.Routers)},
	}
	return encode(nil, structure{tag: msgSuccess, fields: []any{map[string]any{
		"rt": map[string]any{"ttl": 300, "db": db, "servers": servers}}}})
}

// The stub speaks Bolt 5.0 to 5.4 (FAILURE still has "code" and "message",
// as the driver reads them before 5.7).
var boltMagic = []byte{0x60, 0x60, 0xB0, 0x17}

const (
	maxMinor  = 4
	boltMajor = 5
)

// handshake reads the client's proposal and asks Neo4j for a version from
// 5.0 to 5.4, then gives the client the version Neo4j chose if the client
// proposed it too.
func handshake(client, up net.Conn) error {
	var hello [20]byte
	if _, err := io.ReadFull(client, hello[:]); err != nil {
		return err
	}
	if string(hello[:4]) != string(boltMagic) {
		return errors.New("boltstub: not a Bolt client")
	}
	ask := append(append([]byte(nil), boltMagic...),
		0, maxMinor, maxMinor, boltMajor, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	if _, err := up.Write(ask); err != nil {
		return err
	}
	var chosen [4]byte
	if _, err := io.ReadFull(up, chosen[:]); err != nil {
		return err
	}
	major, minor := chosen[3], chosen[2]
	if major != boltMajor || !proposed(hello[4:], major, minor) {
		client.Write([]byte{0, 0, 0, 0}) // none agreed
		return fmt.Errorf("boltstub: Neo4j chose Bolt %d.%d, which the client did not propose", major, minor)
	}
	_, err := client.Write(chosen[:])
	return err
}

// proposed reports whether major.minor is in one of the client's four
// proposals (each 0, back, minor, major: minor down to minor-back).
func proposed(props []byte, major, minor byte) bool {
	for i := 0; i+4 <= len(props); i += 4 {
		p := props[i : i+4]
		if p[3] == major && minor <= p[2] && int(minor) >= int(p[2])-int(p[1]) {
			return true
		}
	}
	return false
}

// readMessage reads one chunked message; NOOP chunks between messages
// (keep-alives) are skipped.
func readMessage(r io.Reader) ([]byte, error) {
	var msg []byte
	var size [2]byte
	for {
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return nil, err
		}
		n := int(binary.BigEndian.Uint16(size[:]))
		if n == 0 {
			if len(msg) == 0 {
				continue
			}
			return msg, nil
		}
		start := len(msg)
		msg = append(msg, make([]byte, n)...)
		if _, err := io.ReadFull(r, msg[start:]); err != nil {
			return nil, err
		}
	}
}

// writeMessage writes msg in chunks and the end marker.
func writeMessage(w io.Writer, msg []byte) error {
	out := make([]byte, 0, len(msg)+len(msg)/0xFFFF*2+4)
	for len(msg) > 0 {
		n := min(len(msg), 0xFFFF)
		out = binary.BigEndian.AppendUint16(out, uint16(n))
		out = append(out, msg[:n]...)
		msg = msg[n:]
	}
	out = append(out, 0, 0)
	_, err := w.Write(out)
	return err
}
