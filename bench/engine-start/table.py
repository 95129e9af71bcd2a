"""hyperfine's JSON as a Markdown table: median wall time (robust on a loaded machine) and the
CPU time (user + system, mean), which other processes on the machine disturb far less."""
import json
import statistics
import sys

results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"])
print("| variant | median wall [ms] | min [ms] | CPU user+sys [ms] | median vs first row |")
print("|:---|---:|---:|---:|---:|")
for r in results:
    median = statistics.median(r["times"])
    print(f"| {r['command']} | {median * 1000:.0f} | {min(r['times']) * 1000:.0f} "
          f"| {(r['user'] + r['system']) * 1000:.0f} | {median / base:.2f} |")
