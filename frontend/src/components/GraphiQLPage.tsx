// GraphiQL, loaded lazily (its own chunk) on /graphiql.
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { authHeaders } from "../api";

async function fetcher(params: unknown) {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...authHeaders() },
    body: JSON.stringify(params),
  });
  return res.json();
}

export default function GraphiQLPage() {
  return (
    <div className="graphiql-page" data-testid="graphiql">
      <GraphiQL fetcher={fetcher} defaultQuery={"# casegraph GraphQL API\n{\n  stats { nodes relationships bySchema { key count } }\n}\n"} />
    </div>
  );
}
