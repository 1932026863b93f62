"""The anchors of casegraph's cross-referencing benchmark.

Scores the labelled pairs that `go run ./bench/xref prep` wrote (pairs.jsonl)
with the tools casegraph is measured against, each at its default threshold:

* Aleph's scorer: followthemoney.compare.compare (the glm-bernoulli model
  Aleph's xref ranks with). It is a logistic model, so 0.5 is its even odds;
  Aleph itself keeps every candidate above 0.05 for review, reported as a
  second row.
* nomenklatura's logic-v2 and logic-v1 matchers (nomenklatura.matching
  .get_algorithm), threshold 0.7 (nomenklatura's name bench and yente use it).
* Splink 4 (DuckDB): per set and family, the set's left and right records
  linked (link_only) by a Fellegi-Sunter model over the name (Jaro-Winkler
  levels, and its words sorted), its first and last word, birth date (exact
  or same year), identifier and country. Trained the way Splink's tutorials
  do, on the records themselves, labels unused: the prior from deterministic
  rules (same sorted name, same identifier; recall 0.8), u by random
  sampling, m by EM on blocks of the same first word, last word, birth year
  and identifier. The labelled pairs are then predicted (blocking on the
  pair id) and match probability >= 0.5 is a match.

Writes anchors.json ({"tools": [...]} in the shape bench/xref's report
reads) and the nomenklatura side of the resolver-file interop check.

    python bench/xref/anchors.py --out .casegraph/bench-xref
"""

import argparse
import json
import logging
import math
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

from followthemoney import ValueEntity, model
from followthemoney.compare import compare as ftm_compare
from nomenklatura.matching import ScoringConfig, get_algorithm

SETS = ["name_bench", "entity_bench", "donations", "generated"]


def load_pairs(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh]


def make_entity(data):
    """An FtM entity from the pair file; properties the schema lacks are
    left out (FtM would refuse them)."""
    schema = model.get(data["schema"])
    entity = ValueEntity(schema, {"id": data["id"]})
    for prop, values in data["properties"].items():
        if schema.get(prop) is None:
            continue
        entity.add(prop, values, cleaned=False, quiet=True)
    return entity


def tally(pairs, predicted, ms):
    """Precision, recall and F1 per set and per set and schema."""
    rows = {}
    for p, pred in zip(pairs, predicted):
        for key in ((p["set"], "*"), (p["set"], p["schema"])):
            r = rows.setdefault(key, dict(set=key[0], schema=key[1], n=0, tp=0, fp=0, fn=0, tn=0))
            r["n"] += 1
            if p["match"] and pred:
                r["tp"] += 1
            elif p["match"]:
                r["fn"] += 1
            elif pred:
                r["fp"] += 1
            else:
                r["tn"] += 1
    out = []
    for key, r in rows.items():
        prec = r["tp"] / (r["tp"] + r["fp"]) if r["tp"] + r["fp"] else 0.0
        rec = r["tp"] / (r["tp"] + r["fn"]) if r["tp"] + r["fn"] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        r.update(precision=prec, recall=rec, f1=f1, ms_per_pair=ms.get(key, 0.0))
        out.append(r)
    return out


def group_keys(pairs):
    groups = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[(p["set"], p["schema"])].append(i)
    return groups


def score_pairwise(pairs, fn, runs):
    """Scores every pair with fn(left, right) -> float, from the parsed JSON
    (entities built inside the timing, as casegraph's rows prepare theirs);
    ms per pair is the median over runs, per set and schema."""
    scores = [0.0] * len(pairs)
    ms = {}
    set_total, set_n = defaultdict(float), defaultdict(int)
    errors = []
    first = pairs[0]
    try:  # warm up: the first call loads a tool's word lists and models
        fn(make_entity(first["left"]), make_entity(first["right"]))
    except Exception:
        pass
    for key, idx in group_keys(pairs).items():
        times = []
        for run in range(runs):
            start = time.perf_counter()
            for i in idx:
                p = pairs[i]
                try:
                    s = fn(make_entity(p["left"]), make_entity(p["right"]))
                except Exception as exc:  # a tool failing on a pair scores 0 and is reported
                    if run == 0 and len(errors) < 10:
                        errors.append("%s %s: %r" % (p["left"]["id"], p["right"]["id"], exc))
                    s = 0.0
                scores[i] = s
            times.append(time.perf_counter() - start)
        med = statistics.median(times)
        ms[key] = med * 1000 / len(idx)
        set_total[key[0]] += med
        set_n[key[0]] += len(idx)
    for s in set_total:
        ms[(s, "*")] = set_total[s] * 1000 / set_n[s]
    return scores, ms, errors


# ---- Splink ----


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


ID_PROPS = ["iban", "accountNumber", "registrationNumber", "leiCode", "taxNumber",
            "passportNumber", "idNumber", "innCode", "ogrnCode", "vatCode"]
COUNTRY_PROPS = ["nationality", "jurisdiction", "country", "citizenship"]


def splink_row(uid, pair_id, side, data):
    props = data["properties"]
    names = props.get("name", []) + props.get("alias", [])
    name = fold(names[0]) if names else None
    words = name.split() if name else []
    birth = (props.get("birthDate") or [None])[0]
    ident = None
    for p in ID_PROPS:
        if props.get(p):
            ident = re.sub(r"[^0-9A-Z]", "", props[p][0].upper()) or None
            break
    country = None
    for p in COUNTRY_PROPS:
        if props.get(p):
            country = props[p][0].lower()
            break
    return dict(
        unique_id=uid, pair_id=pair_id, source_dataset=side,
        name=name or None, name_sorted=" ".join(sorted(words)) or None,
        first_word=words[0] if words else None, last_word=words[-1] if words else None,
        birth_date=birth, birth_year=birth[:4] if birth else None,
        identifier=ident, country=country,
    )


def family(schema):
    if schema == "Person":
        return "person"
    if schema == "BankAccount":
        return "account"
    return "organization"


def splink_scores(pairs, log):
    """Per set and family: train on the set's records and pairs, predict
    exactly the labelled pairs (blocking on pair_id)."""
    import pandas as pd
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.disable(logging.WARNING)  # Splink narrates every training step
    warnings.filterwarnings("ignore")
    scores = [0.0] * len(pairs)
    ms = {}
    train_seconds = 0.0
    notes = []
    groups = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[(p["set"], family(p["schema"]))].append(i)
    set_pred = defaultdict(float)
    set_n = defaultdict(int)
    for (set_name, fam), idx in sorted(groups.items()):
        left = pd.DataFrame([splink_row("L%d" % i, i, "left", pairs[i]["left"]) for i in idx])
        right = pd.DataFrame([splink_row("R%d" % i, i, "right", pairs[i]["right"]) for i in idx])
        both = pd.concat([left, right])

        def usable(col):
            return left[col].notna().any() and right[col].notna().any() and both[col].nunique() > 1

        comparisons = []
        if usable("name"):
            comparisons.append(cl.JaroWinklerAtThresholds("name", [0.97, 0.9, 0.8]))
        if usable("name_sorted"):
            comparisons.append(cl.ExactMatch("name_sorted"))
        if usable("first_word"):
            comparisons.append(cl.JaroWinklerAtThresholds("first_word", [0.92]))
        if usable("last_word"):
            comparisons.append(cl.JaroWinklerAtThresholds("last_word", [0.92]))
        if usable("birth_date"):
            comparisons.append(cl.CustomComparison(output_column_name="birth", comparison_levels=[
                cll.NullLevel("birth_date"), cll.ExactMatchLevel("birth_date"),
                cll.ExactMatchLevel("birth_year"), cll.ElseLevel()]))
        if usable("identifier"):
            comparisons.append(cl.ExactMatch("identifier"))
        if usable("country"):
            comparisons.append(cl.ExactMatch("country"))
        settings = SettingsCreator(
            link_type="link_only",
            comparisons=comparisons,
            blocking_rules_to_generate_predictions=[block_on("pair_id")],
            retain_intermediate_calculation_columns=False,
        )
        start = time.perf_counter()
        try:
            linker = Linker([left, right], settings, db_api=DuckDBAPI())
            deterministic = [block_on("name_sorted")]
            if usable("identifier"):
                deterministic.append(block_on("identifier"))
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
            linker.training.estimate_u_using_random_sampling(max_pairs=2e5, seed=1)
            trained_on = []
            for col in ["first_word", "last_word", "birth_year", "identifier"]:
                if not usable(col):
                    continue
                try:
                    linker.training.estimate_parameters_using_expectation_maximisation(block_on(col))
                    trained_on.append(col)
                except Exception as exc:  # too few pairs in the block to learn from
                    log("splink %s/%s: EM on %s skipped: %r" % (set_name, fam, col, exc))
            trained = time.perf_counter()
            df = linker.inference.predict().as_pandas_dataframe()
            done = time.perf_counter()
        except Exception as exc:
            notes.append("%s/%s: %r" % (set_name, fam, exc))
            log("splink %s/%s failed: %r" % (set_name, fam, exc))
            continue
        train_seconds += trained - start
        by_uid = {}
        for l_uid, r_uid, p in zip(df["unique_id_l"], df["unique_id_r"], df["match_probability"]):
            by_uid[(l_uid, r_uid)] = p
        for i in idx:
            scores[i] = by_uid.get(("L%d" % i, "R%d" % i), by_uid.get(("R%d" % i, "L%d" % i), 0.0))
        per_pair = (done - trained) * 1000 / len(idx)
        for i in idx:
            key = (set_name, pairs[i]["schema"])
            ms[key] = per_pair  # the family's predict time, per pair
        set_pred[set_name] += done - trained
        set_n[set_name] += len(idx)
        log("splink %s/%s: %d pairs, m by EM on %s, train %.1fs predict %.2fs"
            % (set_name, fam, len(idx), trained_on, trained - start, done - trained))
    for s in set_pred:
        ms[(s, "*")] = set_pred[s] * 1000 / set_n[s]
    logging.disable(logging.NOTSET)
    return scores, ms, notes, train_seconds


# ---- interop with nomenklatura's resolver ----


def interop(out, log):
    """Loads casegraph's decisions into nomenklatura's Resolver and dumps
    them back; writes decisions nomenklatura made itself (positive ones
    through its canonical NK- ids) and how nomenklatura reads them."""
    from nomenklatura.db import make_session
    from nomenklatura.judgement import Judgement
    from nomenklatura.resolver import Edge, Resolver

    # nomenklatura's resolver table requires a user on every edge (its own
    # decide() fills in the login name); edges without one are refused and
    # counted, the rest loaded.
    session = make_session("sqlite:///:memory:")
    resolver = Resolver(session, create=True)
    loadable, refused = [], []
    with open(out / "decisions_casegraph.jsonl") as fh:
        for line in fh:
            edge = Edge.from_line(line)
            (loadable if edge.user else refused).append(edge)
    resolver.load_edges(loadable)
    resolver.dump(out / "decisions_nomenklatura_roundtrip.jsonl")
    session.close()
    with open(out / "interop_roundtrip.json", "w") as fh:
        json.dump(dict(loaded=len(loadable), refused=len(refused),
                       refused_reason="resolver.user is NOT NULL in nomenklatura's table; the file had null"), fh)
    log("interop: nomenklatura loaded %d of casegraph's edges, refused %d without a user" % (len(loadable), len(refused)))

    session = make_session("sqlite:///:memory:")
    resolver = Resolver(session, create=True, table_name="native")
    resolver.decide("synth-p000001", "register-rp000001", Judgement.POSITIVE, user="nk-user")
    resolver.decide("synth-p000002", "register-rp000009", Judgement.NEGATIVE, user="nk-user")
    resolver.decide("synth-c000001", "register-rc000001", Judgement.UNSURE)
    resolver.decide("synth-a000001", "register-ra000003", Judgement.POSITIVE, user="nk-user")
    resolver.decide("Q7747", "synth-p000003", Judgement.POSITIVE, user="nk-user")
    resolver.suggest("synth-p000004", "register-rp000011", 0.77)
    resolver.dump(out / "decisions_nomenklatura_native.jsonl")
    session.close()
    edges = []
    skipped = 0
    with open(out / "decisions_nomenklatura_native.jsonl") as fh:
        for line in fh:
            e = Edge.from_line(line)
            if e.judgement == Judgement.NO_JUDGEMENT:
                skipped += 1  # a suggestion, not a judgement: casegraph keeps none
                continue
            edges.append(dict(Target=e.target.id, Source=e.source.id, Judgement=e.judgement.value,
                              Score=e.score, User=e.user or "", CreatedAt=e.created_at or ""))
    with open(out / "interop_native.json", "w") as fh:
        json.dump(edges, fh, indent=1)
    log("interop: nomenklatura wrote %d edges (%d suggestions left out)" % (len(edges) + skipped, skipped))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=".casegraph/bench-xref")
    ap.add_argument("--runs", type=int, default=3, help="timing runs (median)")
    ap.add_argument("--skip-splink", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    pairs = load_pairs(out / "pairs.jsonl")
    log("anchors: %d pairs" % len(pairs))
    tools = []

    scores, ms, errors = score_pairwise(pairs, ftm_compare, args.runs)
    tools.append(dict(tool="aleph compare (FtM)", threshold=0.5, rows=tally(pairs, [s >= 0.5 for s in scores], ms),
                      errors=errors, note="followthemoney %s compare(); 0.5 = even odds" % version("followthemoney")))
    tools.append(dict(tool="aleph compare >= 0.05", threshold=0.05, rows=tally(pairs, [s >= 0.05 for s in scores], ms),
                      note="Aleph's xref keeps candidates above 0.05 for review"))
    log("aleph compare done")

    config = ScoringConfig.defaults()
    for name in ["logic-v2", "logic-v1"]:
        algo = get_algorithm(name)
        scores, ms, errors = score_pairwise(pairs, lambda a, b: algo.compare(a, b, config).score, args.runs)
        tools.append(dict(tool="nomenklatura " + name, threshold=0.7, rows=tally(pairs, [s >= 0.7 for s in scores], ms),
                          errors=errors, note="nomenklatura %s, ScoringConfig.defaults()" % version("nomenklatura")))
        log(name + " done")

    if not args.skip_splink:
        scores, ms, notes, train = splink_scores(pairs, log)
        tools.append(dict(tool="splink (EM, duckdb)", threshold=0.5, rows=tally(pairs, [s >= 0.5 for s in scores], ms),
                          errors=notes, note="splink %s; ms/pair is prediction only, training took %.1f s in all"
                          % (version("splink"), train)))

    interop(out, log)
    with open(out / "anchors.json", "w") as fh:
        json.dump(dict(tools=tools, versions={p: version(p) for p in
                                              ["followthemoney", "nomenklatura", "splink", "duckdb"]}), fh, indent=1)
    log("wrote %s" % (out / "anchors.json"))


if __name__ == "__main__":
    main()
