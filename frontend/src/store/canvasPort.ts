// The canvas as the store sees it. GraphCanvas (sigma.js) attaches one with
// store.attachCanvas when it mounts and detaches it when it unmounts; the
// store moves the camera, lays out and takes pictures only through it. No
// global, no ordering between components: with no canvas attached, layout
// and fit do nothing and a camera to restore waits for the next canvas.

export interface Camera {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}

export interface CanvasPort {
  /** Places the nodes just added (all of them: a full re-layout), holding the others still. */
  layout(fresh: string[]): void;
  /** Fits the whole graph in view. */
  fit(): void;
  camera(): Camera;
  setCamera(c: Camera): void;
  /** The canvas as a PNG. */
  image(): Promise<Blob>;
  /** Resolves after the canvas next draws (benchmarks ask before a change, to time its drawing). */
  nextRender(): Promise<void>;
}

/** Where a restored view without a saved camera looks: the whole graph. */
export const HOME_CAMERA: Camera = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
