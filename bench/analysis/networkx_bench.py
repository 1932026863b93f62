"""casegraph's analysis jobs vs networkx on the same extract (make bench-analysis).

Starts `casegraph serve` (no authentication, loopback) on a Neo4j that holds
the synthetic case (bench/analysis loaded it), exports the jobs' projection
through the Python client (Client.projection_graph: paged, every page
counted, anything left out reported), then times each algorithm twice on
that extract:

  casegraph  Client.analyze(...) from the request to the finished job, as a
             notebook waits for it (projection, GDS, storing the results);
  networkx   the same algorithm on the exported networkx.Graph, the graph
             already in memory (the export is timed apart).

Sampled betweenness: GDS starts from the job's samplingSize sources;
networkx starts from --nx-sources of them (it would take hours from all) and
its time is scaled by samplingSize / --nx-sources, which the table says.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

import networkx as nx

import casegraph


def wait_ready(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"casegraph serve exited ({proc.returncode}) before it was ready")
        try:
            urllib.request.urlopen(url + "/readyz", timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"casegraph serve was not ready after {timeout} s")


def networkx_time(G: nx.Graph, alg: str, job: dict, nx_sources: int) -> tuple[float, str]:
    params = job.get("parameters") or {}
    start = time.perf_counter()
    note = ""
    if alg == "PAGERANK":
        iterations = int(params.get("maxIterations", 20))
        try:
            nx.pagerank(G, alpha=params.get("dampingFactor", 0.85), max_iter=iterations, tol=1e-7, weight="weight")
        except nx.PowerIterationFailedConvergence:
            # networkx raises after max_iter iterations where GDS stops and answers: the work is the same
            note = f"stopped at {iterations} iterations, as GDS does"
    elif alg == "DEGREE":
        dict(G.degree(weight="weight"))
    elif alg == "WCC":
        list(nx.connected_components(G))
    elif alg == "LOUVAIN":
        nx.community.louvain_communities(G, weight="weight", seed=42)
    elif alg == "BETWEENNESS":
        full = int(params.get("samplingSize") or G.number_of_nodes())
        k = min(nx_sources, full, G.number_of_nodes())
        nx.betweenness_centrality(G, k=k, seed=42)
        took = time.perf_counter() - start
        if k < full:
            note = f"from {k} sources, scaled ×{full / k:.0f} to GDS's {full}"
        return took * full / k, note
    return time.perf_counter() - start, note


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--casegraph", default="bin/casegraph")
    ap.add_argument("--neo4j-uri", required=True)
    ap.add_argument("--http-addr", default="127.0.0.1:17648")
    ap.add_argument("--data-dir", default=".casegraph/analysis-networkx")
    ap.add_argument("--dataset", default="synth")
    ap.add_argument("--algorithms", default="PAGERANK,DEGREE,WCC,LOUVAIN,BETWEENNESS")
    ap.add_argument("--nx-sources", type=int, default=50, help="sources networkx's betweenness starts from")
    ap.add_argument("--out", default="", help="also write the results as JSON here")
    a = ap.parse_args()

    url = "http://" + a.http_addr
    os.makedirs(a.data_dir, exist_ok=True)
    log = open(os.path.join(a.data_dir, "serve.log"), "w")
    proc = subprocess.Popen([a.casegraph, "serve", "--no-auth", "--neo4j-uri", a.neo4j_uri, "--http-addr", a.http_addr,
                             "--data-dir", a.data_dir, "--request-timeout", "30m"], stdout=log, stderr=log)
    try:
        wait_ready(url, proc, 300)
        client = casegraph.Client(url, timeout=1800)
        start = time.perf_counter()
        G = client.projection_graph(dataset=a.dataset, weight="amount", page_size=5000, per_node=10000)
        export = time.perf_counter() - start
        print(f"extract through the Python client: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
              f"({G.graph['links']} links, {G.graph['pages']} pages) in {export:.1f} s; "
              f"truncated: {G.graph['truncated']} (hidden {G.graph['hidden']})")
        rows = []
        print(f"{'algorithm':<12} {'nodes':>8} | {'casegraph':>10} {'networkx':>10} {'ratio':>8} |")
        for alg in a.algorithms.split(","):
            alg = alg.strip().upper()
            start = time.perf_counter()
            job = client.analyze(alg, dataset=a.dataset, weight="amount", timeout=3600, poll=0.25)
            via = time.perf_counter() - start
            if job["nodes"] != G.number_of_nodes():
                print(f"  note: the job projected {job['nodes']} nodes, the extract holds {G.number_of_nodes()}")
            took, note = networkx_time(G, alg, job, a.nx_sources)
            rows.append({"algorithm": alg, "nodes": job["nodes"], "links": job["links"], "casegraph_s": via,
                         "networkx_s": took, "ratio": took / via, "note": note})
            print(f"{alg:<12} {job['nodes']:>8} | {via:>8.2f} s {took:>8.2f} s {took / via:>7.1f}× | {note}", flush=True)
        print("casegraph: Client.analyze from the request to the finished job (projection, GDS, results stored), "
              "polled every 0.25 s;\nnetworkx: the algorithm alone on the exported graph in memory; ratio = networkx / casegraph.")
        if a.out:
            with open(a.out, "w") as f:
                json.dump({"export_s": export, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                           "truncated": G.graph["truncated"], "rows": rows}, f, indent=2)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
