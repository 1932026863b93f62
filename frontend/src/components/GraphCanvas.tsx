// The canvas: sigma.js drawing the graphology model. On mount it attaches
// its CanvasPort to the store (layout, camera, picture), which is the only
// way the rest of the explorer reaches it.
import { useEffect, useRef, useState } from "react";
import Sigma from "sigma";
import { createNodeImageProgram } from "@sigma/node-image";
import { EdgeCurvedArrowProgram } from "@sigma/edge-curve";
import { toBlob } from "@sigma/export-image";
import { EdgeArrowProgram } from "sigma/rendering";
import { store, useStore } from "../store";
import { isNodeVisible, nodeLabel, recordCount } from "../model/graph";
import { schemaStyle } from "../model/schema";
import { edgeLook, isEdgeDrawn } from "../model/aggregate";
import { isCoveredByFlow } from "../model/flowCover";
import { LARGE_CANVAS, nodeLook } from "../model/style";
import type { EdgeAttrs, NodeAttrs } from "../model/types";
import { exposeSigma } from "../testHooks";
import { ContextMenu } from "./ContextMenu";
import { LinkGroupPanel } from "./LinkGroupPanel";
import { sigmaThemeSettings, useDark } from "./theme";
import { WorkerLayout } from "./layout";

const NodeProgram = createNodeImageProgram({
  keepWithinCircle: false,
  drawingMode: "background",
  padding: 0,
  size: { mode: "force", value: 64 },
  objectFit: "contain",
});

export function GraphCanvas() {
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const state = useStore();
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const selection = useRef(state.selection);
  selection.current = state.selection;
  // light or dark labels, as the system's colour scheme says (theme.ts)
  const dark = useDark();
  const darkRef = useRef(dark);
  darkRef.current = dark;

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
      ...sigmaThemeSettings(darkRef.current),
      nodeReducer: (n, a) => {
        const sel = selection.current;
        const isSel = sel?.kind === "node" && sel.id === n;
        // size and picture by the node style (model/style.ts), else by type
        const look = nodeLook(a as NodeAttrs);
        return {
          ...a,
          type: "image",
          color: "rgba(255,255,255,0)",
          image: look.image,
          // a merged node says "×N records"; its picture has the ring and badge (schemaIcon)
          label: nodeLabel(a as NodeAttrs),
          hidden: !isNodeVisible(g, n),
          highlighted: isSel || !!a.highlighted,
          // a merged node is drawn a little larger, so its ring and badge read
          size: (isSel ? look.size * 1.3 : look.size) + (recordCount(a as NodeAttrs) > 1 ? 4 : 0),
          zIndex: isSel || a.highlighted ? 2 : 1,
        };
      },
      edgeReducer: (e, a) => {
        const sel = selection.current;
        const isSel = sel?.kind === "edge" && sel.id === e;
        // a group of parallel links is drawn by its representative (model/aggregate.ts)
        const look = edgeLook(a as EdgeAttrs);
        return {
          ...a,
          label: look.label,
          // a payment a drawn money flow sums is not drawn beside it (flowCover.ts)
          hidden: !isEdgeDrawn(g, e) || isCoveredByFlow(g, a as EdgeAttrs),
          color: isSel ? (darkRef.current ? "#f8fafc" : "#111827") : look.highlighted ? "#f59e0b" : a.color,
          // widths scaled down where thousands of links cross (graphData.ts: edgeScale)
          size: Math.max(1, look.size * ((g.getAttribute("edgeScale") as number | undefined) ?? 1)) + (look.highlighted || isSel ? 2 : 0),
          zIndex: look.highlighted ? 2 : 1,
        };
      },
    });
    sigmaRef.current = sigma;
    exposeSigma(sigma);

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
      endDrag();
      store.select({ kind: "node", id: e.node });
      setMenu({ id: e.node, x: e.event.x, y: e.event.y });
    });

    // drag a node with the primary button: it stays where it is dropped (pinned).
    // Any other button (a right-click opens the menu) drags nothing.
    let dragged: string | null = null;
    sigma.on("downNode", (e) => {
      const down = e.event.original;
      if ("button" in down && down.button !== 0) return;
      dragged = e.node;
      sigma.getCamera().disable();
    });
    sigma.getMouseCaptor().on("mousemovebody", (e) => {
      if (!dragged) return;
      const p = sigma.viewportToGraph(e);
      store.moveNode(dragged, p.x, p.y);
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    function endDrag() {
      if (dragged) store.finishMove();
      dragged = null;
      sigma.getCamera().enable();
    }
    sigma.getMouseCaptor().on("mouseup", endDrag);
    // sigma reports no mouseup for a press it did not start (another button, or a
    // release outside the canvas): the document's ends a drag and frees the camera too
    document.addEventListener("mouseup", endDrag);

    // the port: the store lays out, moves the camera and takes pictures through it
    const camera = sigma.getCamera();
    const layout = new WorkerLayout(
      g,
      () => {
        camera.animatedReset();
        store.positionsChanged();
      },
      () => sigma.getDimensions(),
    );
    const detach = store.attachCanvas({
      layout: (fresh) => {
        if (g.order < 2) void camera.animatedReset();
        else layout.run(fresh);
      },
      fit: () => void camera.animatedReset(),
      camera: () => camera.getState(),
      setCamera: (c) => camera.setState(c),
      image: () => toBlob(sigma, { format: "png", backgroundColor: "#ffffff" }),
      nextRender: () => new Promise<void>((r) => sigma.once("afterRender", () => r())),
    });

    const el = container.current!;
    const preventMenu = (e: MouseEvent) => e.preventDefault();
    el.addEventListener("contextmenu", preventMenu);
    // panels folding and unfolding resize the canvas, not the window: redraw at the new size
    const resized = new ResizeObserver(() => sigma.scheduleRender());
    resized.observe(el);
    return () => {
      resized.disconnect();
      detach();
      layout.kill();
      el.removeEventListener("contextmenu", preventMenu);
      document.removeEventListener("mouseup", endDrag);
      sigma.kill();
      sigmaRef.current = null;
      exposeSigma(undefined);
    };
  }, []);

  useEffect(() => {
    sigmaRef.current?.setSettings(sigmaThemeSettings(dark));
  }, [dark]);

  // selection and attribute changes: refresh the picture
  useEffect(() => {
    const sigma = sigmaRef.current;
    // a large canvas hides its links and labels while the view moves, so panning and zooming keep up
    const large = store.data.drawn.nodes + store.data.drawn.links > LARGE_CANVAS;
    if (sigma && sigma.getSetting("hideEdgesOnMove") !== large) sigma.setSettings({ hideEdgesOnMove: large, hideLabelsOnMove: large });
    sigma?.refresh();
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
      <LinkGroupPanel />
    </div>
  );
}
