// The time window: payments, events, relationship periods, cases and charge
// outcomes outside it disappear from the canvas and the table together.
import { useEffect, useRef, useState } from "react";
import { monthEnd, monthStart, timeDomain } from "../model/time";
import { store, useStore } from "../store";

export function TimeSlider() {
  const { window: w, version } = useStore();
  const [domain, setDomain] = useState<string[]>([]);
  const [playing, setPlaying] = useState(false);
  const timer = useRef<number>(undefined);

  useEffect(() => {
    const d = timeDomain(store.graph);
    if (d.join() !== domain.join()) setDomain(d);
  }, [version, domain]);

  const since = w.since?.slice(0, 7) ?? "";
  const until = w.until?.slice(0, 7) ?? "";
  // slider positions: the months nearest the window's bounds, inside the domain
  const lo = since ? Math.max(0, domain.findIndex((m) => m >= since)) : 0;
  const hi = until ? Math.max(0, domain.findLastIndex((m) => m <= until)) : domain.length - 1;

  const set = (s: string, u: string) =>
    store.setWindow({ since: s ? monthStart(s) : null, until: u ? monthEnd(u) : null });

  useEffect(() => {
    if (!playing) return;
    timer.current = window.setInterval(() => {
      const s = store.state.window;
      const cur = s.until ? domain.indexOf(s.until.slice(0, 7)) : -1;
      const next = cur < 0 ? 0 : cur + Math.max(1, Math.round(domain.length / 40));
      if (next >= domain.length) {
        setPlaying(false);
        set(since, "");
        return;
      }
      set(since, domain[next]);
    }, 400);
    return () => window.clearInterval(timer.current);
  }, [playing, domain, since]);

  const hidden = store.graph.filterNodes((_, a) => !!a.timeHidden).length + store.graph.filterEdges((_, a) => !!a.timeHidden).length;
  return (
    <section className="time-slider" aria-label="Time window" data-testid="time-slider">
      <strong>Time</strong>
      {domain.length === 0 ? (
        <span className="muted"> no dated items on the canvas</span>
      ) : (
        <>
          <input
            type="range"
            aria-label="Window start"
            min={0}
            max={domain.length - 1}
            value={lo}
            onChange={(e) => set(+e.target.value <= 0 ? "" : domain[Math.min(+e.target.value, hi)], until)}
          />
          <input
            type="range"
            aria-label="Window end"
            min={0}
            max={domain.length - 1}
            value={hi}
            onChange={(e) => set(since, +e.target.value >= domain.length - 1 ? "" : domain[Math.max(+e.target.value, lo)])}
          />
          <span className="muted">
            {domain[0]} … {domain[domain.length - 1]}
          </span>
        </>
      )}
      <label>
        from <input type="month" aria-label="From month" value={since} onChange={(e) => set(e.target.value, until)} />
      </label>
      <label>
        to <input type="month" aria-label="Until month" value={until} onChange={(e) => set(since, e.target.value)} />
      </label>
      <button onClick={() => setPlaying(!playing)} disabled={domain.length === 0} aria-pressed={playing}>
        {playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <button onClick={() => store.setWindow({})} disabled={!since && !until}>
        All time
      </button>
      <span data-testid="time-status" aria-live="polite">
        {since || until ? `Showing ${since || "start"} to ${until || "end"}; ${hidden} items outside the window hidden.` : "All time."}
      </span>
    </section>
  );
}
