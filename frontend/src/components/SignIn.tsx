// Shown when the server answers 401: paste an API token (casegraph token create).
import { useState } from "react";
import { store, useStore } from "../store";

export function SignIn() {
  const { needToken } = useStore();
  const [value, setValue] = useState("");
  if (!needToken) return null;
  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="signin-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          store.signIn(value.trim());
        }}
      >
        <h2 id="signin-title">Sign in</h2>
        <p>
          This server needs an API token. Ask an admin, or create one with <code>casegraph token create --name you --role viewer</code>.
        </p>
        <label>
          Token <input type="password" autoFocus value={value} onChange={(e) => setValue(e.target.value)} placeholder="cg_…" />
        </label>
        <button type="submit" disabled={!value.trim()}>
          Sign in
        </button>
        <button type="button" onClick={() => store.cancelSignIn()}>
          Cancel
        </button>
      </form>
    </div>
  );
}
