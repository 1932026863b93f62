// GraphiQL, loaded lazily (its own chunk) on /graphiql. Its requests go
// through the store like every other call, answered as they come.
import { GraphiQL, type GraphiQLProps } from "graphiql";
import "graphiql/style.css";
import { store } from "../store";

type Fetcher = GraphiQLProps["fetcher"];
const fetcher: Fetcher = (params) => store.graphiql(params) as ReturnType<Fetcher>;

export default function GraphiQLPage() {
  return (
    <div className="graphiql-page" data-testid="graphiql">
      <GraphiQL fetcher={fetcher} defaultQuery={"# casegraph GraphQL API\n{\n  stats { nodes relationships bySchema { key count } }\n}\n"} />
    </div>
  );
}
