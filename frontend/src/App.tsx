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
import { Legend } from "./components/Legend";
import { StartPage } from "./components/StartPage";
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

/** A panel's open or closed state, remembered in this browser. */
function usePanel(name: string, initial: boolean): [boolean, () => void] {
  const key = `casegraph.panel.${name}`;
  const [open, setOpen] = useState(() => {
    try {
      const v = localStorage.getItem(key);
      return v === null ? initial : v === "1";
    } catch {
      return initial;
    }
  });
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(key, open ? "0" : "1");
    } catch {
      /* private mode: not remembered */
    }
  };
  return [open, toggle];
}

function Explorer() {
  useViewFromUrl();
  const [tool, setTool] = useState<"paths" | "money">("paths");
  // the canvas is the main surface: the side panels and the table fold away
  const [tools, toggleTools] = usePanel("tools", true);
  const [details, toggleDetails] = usePanel("details", true);
  const [table, toggleTable] = usePanel("table", true);
  return (
    <div className={`explorer${tools ? "" : " no-tools"}${details ? "" : " no-details"}`}>
      <div className="topbar">
        <button className="panel-toggle" onClick={toggleTools} aria-expanded={tools} aria-controls="tools-panel" title="Show or hide the tools and the legend">
          {tools ? "◀" : "▶"} Tools
        </button>
        <Toolbar />
        <button className="panel-toggle" onClick={toggleDetails} aria-expanded={details} aria-controls="details-panel" title="Show or hide the details panel">
          Details {details ? "▶" : "◀"}
        </button>
      </div>
      <div className="tools" id="tools-panel" hidden={!tools}>
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
        <div className="canvas-area">
          <GraphCanvas />
          <StartPage />
        </div>
        <TimeSlider />
        <details open={table} className="table-details" onToggle={(e) => (e.currentTarget.open !== table ? toggleTable() : undefined)}>
          <summary>Table view</summary>
          {table && <TableView />}
        </details>
      </div>
      <div className="details" id="details-panel" hidden={!details}>
        <SidePanel />
      </div>
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
