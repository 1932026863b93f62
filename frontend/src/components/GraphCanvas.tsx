// The canvas: sigma.js drawing the graphology model. Layout runs
// ForceAtlas2 in a web worker, with the nodes already placed held fixed so a
// person's mental map survives an expansion.
import { useEffect, useRef, useState } from "react";
import Sigma from "sigma";
import { createNodeImageProgram } from "@sigma/node-image";
import { EdgeCurvedArrowProgram } from "@sigma/edge-curve";
import { EdgeArrowProgram } from "sigma/rendering";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { store, useStore } from "../store";
import { isEdgeVisible, isNodeVisible } from "../model/graph";
import { schemaStyle } from "../model/schema";
import { ContextMenu } from "./ContextMenu";

const NodeProgram = createNodeImageProgram({
  keepWithinCircle: false,
  drawingMode: "background",
  padding: 0,
  size: { mode: "force", value: 64 },
  objectFit: "contain",
});

const LAYOUT_MS = 1500;

/** ForceAtlas2 settings of the canvas layout (bench/ui-bench.mjs times the same). */
export function layoutSettings(g: Parameters<typeof forceAtlas2.inferSettings>[0]) {
  return { ...forceAtlas2.inferSettings(g), gravity: 0.5, scalingRatio: 10, slowDown: 5, adjustSizes: false };
}

export function GraphCanvas() {
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const state = useStore();
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const selection = useRef(state.selection);
  selection.current = state.selection;

  useEffect(() => {
    const g = store.graph;
    const sigma = new Sigma(g, container.current!, {
      nodeProgramClasses: { image: NodeProgram },
      edgeProgramClasses: { arrow: EdgeArrowProgram, curvedArrow: EdgeCurvedArrowProgram },
      defaultNodeType: "image",
      defaultEdgeType: "arrow",
      renderEdgeLabels: true,
      enableEdgeEvents: true,
      labelRenderedSizeThreshold: 0,
      edgeLabelSize: 11,
      labelSize: 12,
      zIndex: true,
      nodeReducer: (n, a) => {
        const sel = selection.current;
        const isSel = sel?.kind === "node" && sel.id === n;
        const extra = a.hiddenLinks ? ` (+${a.hiddenLinks} hidden links)` : "";
        return {
          ...a,
          type: "image",
          color: "rgba(255,255,255,0)",
          label: `${a.pinned ? "📌 " : ""}${a.label}${extra}`,
          hidden: !isNodeVisible(g, n),
          highlighted: isSel || !!a.highlighted,
          size: isSel ? a.size * 1.3 : a.size,
          zIndex: isSel || a.highlighted ? 2 : 1,
        };
      },
      edgeReducer: (e, a) => {
        const sel = selection.current;
        const isSel = sel?.kind === "edge" && sel.id === e;
        return {
          ...a,
          hidden: !isEdgeVisible(g, e),
          color: isSel ? "#111827" : a.highlighted ? "#f59e0b" : a.color,
          size: a.highlighted || isSel ? a.size + 2 : a.size,
          zIndex: a.highlighted ? 2 : 1,
        };
      },
    });
    sigmaRef.current = sigma;
    window.__casegraph.sigma = sigma;

    // select, expand, context menu
    sigma.on("clickNode", ({ node }) => {
      setMenu(null);
      store.select({ kind: "node", id: node });
    });
    sigma.on("clickEdge", ({ edge }) => {
      setMenu(null);
      store.select({ kind: "edge", id: edge });
    });
    sigma.on("clickStage", () => {
      setMenu(null);
      store.select(null);
    });
    sigma.on("doubleClickNode", (e) => {
      e.preventSigmaDefault();
      void store.expand(e.node);
    });
    sigma.on("rightClickNode", (e) => {
      e.event.original.preventDefault();
      e.preventSigmaDefault();
      store.select({ kind: "node", id: e.node });
      setMenu({ id: e.node, x: e.event.x, y: e.event.y });
    });

    // drag a node: it stays where it is dropped (pinned)
    let dragged: string | null = null;
    sigma.on("downNode", (e) => {
      dragged = e.node;
      sigma.getCamera().disable();
    });
    sigma.getMouseCaptor().on("mousemovebody", (e) => {
      if (!dragged) return;
      const p = sigma.viewportToGraph(e);
      g.mergeNodeAttributes(dragged, { x: p.x, y: p.y, pinned: true, fixed: true });
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const endDrag = () => {
      if (dragged) store.changed();
      dragged = null;
      sigma.getCamera().enable();
    };
    sigma.getMouseCaptor().on("mouseup", endDrag);

    // layout: ForceAtlas2 in a worker, the old nodes held in place
    let layout: FA2Layout | null = null;
    let timer: number | undefined;
    store.setLayouter((fresh) => {
      if (g.order < 2) {
        sigma.getCamera().animatedReset();
        return;
      }
      const freshSet = new Set(fresh);
      const all = fresh.length === g.order;
      g.forEachNode((n, a) => g.setNodeAttribute(n, "fixed", !!a.pinned || (!all && !freshSet.has(n))));
      layout?.kill();
      window.clearTimeout(timer);
      layout = new FA2Layout(g, { settings: layoutSettings(g) });
      layout.start();
      timer = window.setTimeout(() => {
        layout?.stop();
        layout?.kill();
        layout = null;
        g.forEachNode((n, a) => g.setNodeAttribute(n, "fixed", !!a.pinned));
        sigma.getCamera().animatedReset();
        store.set({});
      }, LAYOUT_MS);
    });

    const preventMenu = (e: MouseEvent) => e.preventDefault();
    container.current!.addEventListener("contextmenu", preventMenu);
    return () => {
      layout?.kill();
      window.clearTimeout(timer);
      sigma.kill();
      sigmaRef.current = null;
    };
  }, []);

  // selection and attribute changes: refresh the picture
  useEffect(() => {
    sigmaRef.current?.refresh();
  }, [state.version]);

  const nodes = store.visibleNodes();
  const edges = store.visibleEdges();
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const s = schemaStyle(store.graph.getNodeAttribute(n, "schema")).label;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const summary =
    nodes.length === 0
      ? "Graph canvas: empty. Search for a name to start."
      : `Graph canvas: ${nodes.length} entities (${[...counts].map(([k, v]) => `${v} ${k}`).join(", ")}) and ${edges.length} links. ` +
        `The table view lists them all.`;

  return (
    <div className="canvas-wrap">
      <div
        ref={container}
        className="canvas"
        role="img"
        aria-label={summary}
        data-testid="canvas"
        tabIndex={0}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === "z") store.undo();
          if ((e.ctrlKey || e.metaKey) && e.key === "y") store.redo();
        }}
      />
      <p className="sr-only" aria-live="polite">
        {summary}
      </p>
      {menu && <ContextMenu {...menu} onClose={() => setMenu(null)} />}
    </div>
  );
}
