// The explorer's pages: the graph explorer (/), the ingest page (/ingest)
// and GraphiQL (/graphiql, its own lazily loaded chunk).
import { lazy, Suspense, useEffect, useState } from "react";
import { GraphCanvas } from "./components/GraphCanvas";
import { IngestPage } from "./components/IngestPage";
import { MoneyFlowView } from "./components/MoneyFlowView";
import { PathFinder } from "./components/PathFinder";
import { SearchBox } from "./components/SearchBox";
import { SidePanel } from "./components/SidePanel";
import { SignIn } from "./components/SignIn";
import { useViewFromUrl } from "./components/SavedViews";
import { TableView } from "./components/TableView";
import { TimeSlider } from "./components/TimeSlider";
import { Toolbar } from "./components/Toolbar";
import { SCHEMA_STYLES } from "./model/schema";
import { SchemaIcon } from "./components/SearchBox";

const GraphiQLPage = lazy(() => import("./components/GraphiQLPage"));

function usePath(): [string, (p: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener("popstate", on);
    return () => window.removeEventListener("popstate", on);
  }, []);
  return [
    path,
    (p: string) => {
      window.history.pushState(null, "", p);
      setPath(p);
    },
  ];
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      {Object.entries(SCHEMA_STYLES)
        .filter(([k]) => !["Source", "IngestJob", "Payment"].includes(k))
        .map(([k, s]) => (
          <li key={k}>
            <SchemaIcon schema={k} size={14} /> {s.label}
          </li>
        ))}
      <li>
        <span className="swatch-line" aria-hidden="true" /> payment (width = amount)
      </li>
    </ul>
  );
}

function Explorer() {
  useViewFromUrl();
  const [tool, setTool] = useState<"paths" | "money">("paths");
  return (
    <div className="explorer">
      <div className="tools">
        <div role="tablist" aria-label="Tools">
          <button role="tab" aria-selected={tool === "paths"} onClick={() => setTool("paths")}>
            Paths
          </button>
          <button role="tab" aria-selected={tool === "money"} onClick={() => setTool("money")}>
            Money flow
          </button>
        </div>
        <div role="tabpanel">{tool === "paths" ? <PathFinder /> : <MoneyFlowView />}</div>
        <Legend />
      </div>
      <div className="centre">
        <Toolbar />
        <GraphCanvas />
        <TimeSlider />
        <details open className="table-details">
          <summary>Table view</summary>
          <TableView />
        </details>
      </div>
      <SidePanel />
    </div>
  );
}

export function App() {
  const [path, go] = usePath();
  const link = (to: string, text: string) => (
    <a
      href={to}
      aria-current={path === to ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(to);
      }}
    >
      {text}
    </a>
  );
  return (
    <div className="app">
      <header>
        <span className="brand">casegraph</span>
        <nav aria-label="Pages">
          {link("/", "Explorer")}
          {link("/ingest", "Load data")}
          {link("/graphiql", "GraphiQL")}
        </nav>
        {path === "/" && <SearchBox label="Search entities" />}
      </header>
      {path === "/ingest" ? (
        <IngestPage />
      ) : path === "/graphiql" ? (
        <Suspense fallback={<p>Loading GraphiQL…</p>}>
          <GraphiQLPage />
        </Suspense>
      ) : (
        <Explorer />
      )}
      <SignIn />
    </div>
  );
}
