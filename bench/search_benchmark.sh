#!/usr/bin/env bash
# The search benchmark of docs/search.md: on 10,000 MNIST training images, the full grid of 36
# configurations (lr x batch_size x epochs up to 8) for two zoo models, then random search with
# ASHA pruning (and Sobol with ASHA) over the same region, 36 trials per model, for search seeds
# 1..5. For each search: the best test accuracy found (gap to the grid's best, pp) and the epochs
# it trained as a share of the grid's.
#
#   bench/search_benchmark.sh [DB] [METHODS]    # default /work/sweep/search-bench.db, "random sobol"
#
# Resumable: each experiment is its own `mnistbench run` on one database, so a killed benchmark
# goes on where it stopped. Prints one CSV row per search seed and a summary per method.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
db="${1:-/work/sweep/search-bench.db}"
methods="${2:-random sobol}"
work="$(dirname "$db")/search-bench-experiments"
mkdir -p "$work"
# MNISTBENCH_BIN: a copy of the binaries (mnistbench and mnistbench-torch side by side), so a
# rebuild during a long benchmark does not change the code under measurement.
mnistbench="${MNISTBENCH_BIN:-$root/build/mnistbench}"

header='[dataset]
name = "mnist"
limit_train = 10000
val_size = 2000
'
models='[[model]]
name = "lenet5"
[[model]]
name = "fcnn-seed004"
'
cat > "$work/grid.toml" <<TOML
name = "bench-grid"
$header
[grid]
lr = [3e-4, 1e-3, 3e-3, 1e-2]
batch_size = [32, 64, 128]
epochs = [2, 4, 8]
$models
TOML
for method in $methods; do
  for seed in 1 2 3 4 5; do
    cat > "$work/$method-asha-$seed.toml" <<TOML
name = "bench-$method-asha-$seed"
$header
[search]
method = "$method"
trials = 36
seed = $seed
prune = "asha"
[grid]
lr = { log_uniform = [3e-4, 1e-2] }
batch_size = [32, 64, 128]
epochs = [2, 4, 8]
$models
TOML
  done
done

start=$(date +%s)
"$mnistbench" run "$work/grid.toml" --db "$db"
for method in $methods; do
  for seed in 1 2 3 4 5; do "$mnistbench" run "$work/$method-asha-$seed.toml" --db "$db"; done
done
echo "wall time: $(( $(date +%s) - start )) s" >&2

# Per experiment: the best final test accuracy of a completed run, and every epoch trained.
"$mnistbench" query --db "$db" --format csv "
WITH best AS (
  SELECT e.name AS experiment, MAX(s.test_accuracy) AS best_test_accuracy,
         (SELECT COUNT(*) FROM epochs p JOIN runs q ON q.id = p.run_id
          WHERE q.experiment_id = e.id) AS epochs_trained,
         SUM(r.status = 'pruned') AS pruned, COUNT(*) AS runs
  FROM experiments e JOIN runs r ON r.experiment_id = e.id
  LEFT JOIN run_summary s ON s.run_id = r.id AND s.status = 'completed'
  WHERE e.name LIKE 'bench-%' GROUP BY e.id)
SELECT b.experiment, b.runs, b.pruned, b.epochs_trained,
       ROUND(100.0 * b.epochs_trained / g.epochs_trained, 1) AS epochs_pct_of_grid,
       ROUND(100 * b.best_test_accuracy, 2) AS best_test_pct,
       ROUND(100 * (b.best_test_accuracy - g.best_test_accuracy), 2) AS gap_pp
FROM best b, best g WHERE g.experiment = 'bench-grid' ORDER BY b.experiment"
