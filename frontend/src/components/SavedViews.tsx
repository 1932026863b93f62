// Saved views: "Save view" (a name, then POST /api/views), "Copy link", and
// the "Views" list to reopen one. /?view=<id> opens a view when the page loads.
// A view is private to the token that saved it unless shared; the list shows
// one's own views and shared ones, with their owner, and lets one share,
// make private or delete one's own.
import { useEffect, useState } from "react";
import { store, useStore } from "../store";

let openedFromUrl = false;

/** Opens /?view=<id> once per page load (StrictMode mounts effects twice). */
export function useViewFromUrl() {
  useEffect(() => {
    if (openedFromUrl) return;
    const id = new URLSearchParams(window.location.search).get("view");
    if (!id) return;
    openedFromUrl = true;
    // the saved camera reaches the canvas whenever it attaches (store.attachCanvas)
    void store.openView(id);
  }, []);
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function SavedViews() {
  const { currentView, views, busy } = useStore();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [listOpen, setListOpen] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const empty = store.graph.order === 0;

  const open = (id: string) => {
    window.history.pushState(null, "", `/?view=${encodeURIComponent(id)}`);
    setListOpen(false);
    void store.openView(id);
  };

  return (
    <div className="saved-views" data-testid="saved-views">
      <button onClick={() => setNaming(!naming)} disabled={empty} aria-expanded={naming}>
        Save view…
      </button>
      <button
        onClick={() => {
          if (!listOpen) void store.loadViews();
          setListOpen(!listOpen);
        }}
        aria-expanded={listOpen}
      >
        Views
      </button>
      {currentView && (
        <>
          <input
            readOnly
            aria-label="Link to this view"
            data-testid="view-link"
            value={currentView.link}
            size={28}
            onFocus={(e) => e.target.select()}
          />
          <button
            data-testid="copy-link"
            onClick={async () => setCopied((await copy(currentView.link)) ? "Link copied." : "Copy failed: select the link and copy it.")}
          >
            Copy link
          </button>
          <span aria-live="polite" className="muted">
            {copied}
          </span>
        </>
      )}
      {naming && (
        <form
          className="popover"
          aria-label="Save view"
          onSubmit={async (e) => {
            e.preventDefault();
            const saved = await store.saveView(name.trim(), shared);
            if (saved) {
              setNaming(false);
              setName("");
              setShared(false);
              setCopied(null);
            }
          }}
        >
          <label>
            View name <input autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </label>
          <label>
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Shared with every user
          </label>
          <button type="submit" disabled={!name.trim() || !!busy}>
            Save
          </button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      )}
      {listOpen && (
        <div className="popover" role="region" aria-label="Saved views">
          {views === null ? (
            <p>Loading…</p>
          ) : views.length === 0 ? (
            <p className="muted">No saved views yet.</p>
          ) : (
            <ul data-testid="views-list">
              {views.map((v) => (
                <li key={v.id} data-id={v.id} data-shared={v.shared ? "true" : "false"} data-mine={v.mine ? "true" : "false"}>
                  <a
                    href={`/?view=${encodeURIComponent(v.id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      open(v.id);
                    }}
                  >
                    {v.name}
                  </a>{" "}
                  <span className="muted">
                    {v.mine ? "yours" : `by ${v.owner ?? "?"}`}, {new Date(v.createdAt).toLocaleString()},{" "}
                    <span data-testid="view-sharing">{v.shared ? "shared" : "private"}</span>
                  </span>
                  {v.mine &&
                    (deleting === v.id ? (
                      <span role="group" aria-label={`Delete ${v.name}?`}>
                        {" "}
                        Delete it for good?{" "}
                        <button
                          disabled={!!busy}
                          onClick={async () => {
                            await store.deleteView(v.id);
                            setDeleting(null);
                          }}
                        >
                          Yes, delete
                        </button>
                        <button onClick={() => setDeleting(null)}>Keep</button>
                      </span>
                    ) : (
                      <>
                        {" "}
                        <button
                          disabled={!!busy}
                          title={v.shared ? "Every user can open it; make it yours only" : "Let every user open it"}
                          onClick={() => void store.shareView(v.id, !v.shared)}
                        >
                          {v.shared ? "Make private" : "Share"}
                        </button>
                        <button disabled={!!busy} onClick={() => setDeleting(v.id)}>
                          Delete
                        </button>
                      </>
                    ))}
                </li>
              ))}
            </ul>
          )}
          <button onClick={() => setListOpen(false)}>Close</button>
        </div>
      )}
    </div>
  );
}
