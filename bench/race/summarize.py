#!/usr/bin/env python3
"""Summarises bench/race/run.sh's database as CSV on stdout (BENCHMARKS.md "Racing").

usage: bench/race/summarize.py DB LEADERBOARD_CSV [WALL_TXT]
DB is the benchmark's database; LEADERBOARD_CSV is `mnistbench report --db DB --experiment
race-fixed --format csv` 's leaderboard.csv, whose vs_best column says which variants the fixed
design cannot separate from its best. One row per design: runs trained, seeds per variant, CPU
seconds of training (sum of epoch seconds), the winner (race: the last round's best on validation
accuracy; fixed: rank 1 on test accuracy) and whether the winner agrees with the fixed design's.
WALL_TXT (run.sh's mnb-race-bench-files/wall.txt) adds each design's wall seconds, summed over the
invocations that ran it (a resumed design appears more than once).
"""
import csv
import json
import sqlite3
import sys


def variant(config_json):
    c = json.loads(config_json)
    return "%s lr=%g" % (c.get("model_options", {}).get("activation", "relu"), c["lr"])


def main():
    db, leaderboard = sys.argv[1], sys.argv[2]
    wall = {}
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            for line in f:
                design, seconds = line.split()
                wall[design] = wall.get(design, 0) + int(seconds)
    con = sqlite3.connect(db)
    fixed_best, fixed_same = None, set()
    with open(leaderboard, newline="") as f:
        for row in csv.DictReader(f):
            if row["experiment"] != "race-fixed":
                continue
            name = variant(row["variant_config"])
            if row["vs_best"] == "best":
                fixed_best = name
            if row["vs_best"] in ("best", "indistinguishable", "undecided"):
                fixed_same.add(name)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["design", "runs", "seeds_per_variant", "train_seconds"] +
                 (["wall_seconds"] if wall else []) +
                 ["winner", "winner_verdict", "agrees_with_fixed"])
    for (name, eid) in con.execute("SELECT name, id FROM experiments ORDER BY id"):
        runs = con.execute("SELECT id, config_json, status FROM runs WHERE experiment_id = ?",
                           (eid,)).fetchall()
        seeds = {}
        for _, cfg, _ in runs:
            seeds[variant(cfg)] = seeds.get(variant(cfg), 0) + 1
        seconds = con.execute("SELECT COALESCE(SUM(e.seconds), 0) FROM epochs e JOIN runs r ON "
                              "r.id = e.run_id WHERE r.experiment_id = ?", (eid,)).fetchone()[0]
        if name == "race-fixed":
            winner, verdict = fixed_best, "rank 1 (test)"
        else:
            last = con.execute(
                "SELECT r.config_json, g.verdict, g.mean FROM race_rounds g JOIN runs r ON "
                "r.id = g.run_id WHERE r.experiment_id = ? AND g.round = (SELECT MAX(round) FROM "
                "race_rounds h JOIN runs s ON s.id = h.run_id WHERE s.experiment_id = ?) AND "
                "g.verdict IN ('best', 'tied', 'max_seeds') ORDER BY g.mean DESC", (eid, eid)).fetchall()
            winner = variant(last[0][0]) if last else ""
            verdict = last[0][1] if last else "unfinished"
        seeds_text = " ".join("%s:%d" % (k, v) for k, v in sorted(seeds.items()))
        out.writerow([name, len(runs), seeds_text, "%.0f" % seconds] +
                     (["%d" % wall.get(name, 0)] if wall else []) +
                     [winner, verdict, "yes" if winner in fixed_same else "no"])


if __name__ == "__main__":
    main()
