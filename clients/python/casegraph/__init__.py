"""casegraph from Python: GraphQL queries as pandas DataFrames and networkx graphs.

    import casegraph
    cg = casegraph.Client("http://localhost:8080", token="cg_...")
    cg.charges(defendant="backpage-michael-lacey")[["charge", "outcome"]]
    G = casegraph.to_networkx(cg.neighborhood(["backpage-michael-lacey"], depth=2))
"""

__version__ = "0.1.0"

from .client import Client  # noqa: E402
from .errors import CasegraphError  # noqa: E402
from .graphs import to_networkx  # noqa: E402
from .results import IngestReport, MoneyFlow, Subgraph  # noqa: E402

__all__ = ["Client", "CasegraphError", "IngestReport", "MoneyFlow", "Subgraph", "to_networkx", "__version__"]
