// Light or dark, as the system says (prefers-color-scheme): the page follows it
// through CSS (realsize.css); the canvas's labels are drawn by sigma, so they
// take their colours from here, and change when the system's scheme does.
import { useSyncExternalStore } from "react";
import type { Settings } from "sigma/settings";

const query = () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null);

export function prefersDark(): boolean {
  return !!query()?.matches;
}

function subscribe(fn: () => void): () => void {
  const q = query();
  q?.addEventListener("change", fn);
  return () => q?.removeEventListener("change", fn);
}

/** True while the system asks for dark colours; re-renders when it changes. */
export function useDark(): boolean {
  return useSyncExternalStore(subscribe, prefersDark, () => false);
}

export interface CanvasTheme {
  label: string;
  box: string;
  shadow: string;
  /** The picture's background in exports. */
  background: string;
}

export function canvasTheme(dark: boolean): CanvasTheme {
  return dark
    ? { label: "#e5e7eb", box: "#1f2937", shadow: "#000", background: "#0b1220" }
    : { label: "#111827", box: "#ffffff", shadow: "#000", background: "#ffffff" };
}

type HoverData = { x: number; y: number; size: number; label?: string | null };

/** A hovered node's label in a box of the theme's colour (sigma's own box is always white). */
export function hoverDrawer(t: CanvasTheme) {
  return (context: CanvasRenderingContext2D, data: HoverData, settings: Settings) => {
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    context.fillStyle = t.box;
    context.shadowBlur = 8;
    context.shadowColor = t.shadow;
    const pad = 2;
    context.beginPath();
    context.arc(data.x, data.y, data.size + pad, 0, Math.PI * 2);
    if (data.label) {
      const w = context.measureText(data.label).width + 6;
      context.rect(data.x + data.size, data.y - size / 2 - pad, w + pad, size + 2 * pad);
    }
    context.fill();
    context.shadowBlur = 0;
    if (data.label) {
      context.fillStyle = t.label;
      context.fillText(data.label, data.x + data.size + 3, data.y + size / 3);
    }
  };
}

/** The sigma settings that follow the theme. */
export function sigmaThemeSettings(dark: boolean): Partial<Settings> {
  const t = canvasTheme(dark);
  return { labelColor: { color: t.label }, defaultDrawNodeHover: hoverDrawer(t) as unknown as Settings["defaultDrawNodeHover"] };
}
