// The explorer's one store, talking to the server over HTTP, and the hook
// components read its view state with. See store.ts for what it holds.
import { useSyncExternalStore } from "react";
import { httpServer } from "./server";
import { Store } from "./store";
import type { State } from "./state";

export { Store, type ExpandOptions } from "./store";
export type { Selection, State } from "./state";
export type { CanvasPort, Camera } from "./canvasPort";

export const store = new Store(httpServer);

export function useStore(): State {
  return useSyncExternalStore(store.subscribe, store.getState);
}
