// The explorer's pages: the graph explorer (/), the ingest page (/ingest),
// the review queue of candidate matches (/review, or #/review) and GraphiQL
// (/graphiql, its own lazily loaded chunk).
import { lazy, Suspense, useEffect, useState } from "react";
import { GraphCanvas } from "./components/GraphCanvas";
import { IngestPage } from "./components/IngestPage";
import { MoneyFlowView } from "./components/MoneyFlowView";
import { PathFinder } from "./components/PathFinder";
import { ReviewPage } from "./components/ReviewPage";
import { SearchBox } from "./components/SearchBox";
import { SidePanel } from "./components/SidePanel";
import { SignIn } from "./components/SignIn";
import { useViewFromUrl } from "./components/SavedViews";
import { TableView } from "./components/TableView";
import { TimeSlider } from "./components/TimeSlider";
import { Toolbar } from "./components/Toolbar";
import { SCHEMA_STYLES, schemaIcon } from "./model/schema";
import { SchemaIcon } from "./components/SearchBox";
import { currentPage, navigate } from "./nav";

const GraphiQLPage = lazy(() => import("./components/GraphiQLPage"));

function usePath(): [string, (p: string) => void] {
  const [path, setPath] = useState(() => currentPage());
  useEffect(() => {
    const on = () => setPath(currentPage());
    window.addEventListener("popstate", on);
    window.addEventListener("hashchange", on);
    return () => {
      window.removeEventListener("popstate", on);
      window.removeEventListener("hashchange", on);
    };
  }, []);
  return [path, navigate];
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
      <li>
        <img src={schemaIcon("Person", undefined, 2)} width={18} height={18} alt="" /> records judged the same, drawn as one (×N records)
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
          {link("/review", "Review matches")}
          {link("/graphiql", "GraphiQL")}
        </nav>
        {path === "/" && <SearchBox label="Search entities" />}
      </header>
      {path === "/ingest" ? (
        <IngestPage />
      ) : path === "/review" ? (
        <ReviewPage />
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
