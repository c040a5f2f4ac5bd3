"""pip-audit over the installed dependencies, honest about what it could not check.

pip-audit counts a package it cannot look up as "skipped", still prints "No known
vulnerabilities found" and exits 0: a database it cannot reach looks like a pass. Here a
known vulnerability fails the run; a dependency that could not be checked is reported as
COULD NOT CHECK, loudly, and the run goes on (exit 0), because the lookup failing says
nothing about our code. Run as `make audit`.
"""

import json

# Bandit: runs pip-audit from this environment with an argument list, never a shell.
import subprocess  # nosec B404
import sys
from pathlib import Path

SERVICES = ["pypi", "osv"]  # pip-audit's vulnerability databases, tried in this order
OURS = {"newsroom"}  # this project itself is not on PyPI


def audit(service):
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--format", "json", "--progress-spinner", "off", "-s", service]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # nosec B603
    try:
        dependencies = json.loads(result.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"pip-audit failed ({last_line})"
    return [d for d in dependencies if d["name"] not in OURS], None


def main():
    attempts = []
    for service in SERVICES:
        dependencies, error = audit(service)
        if dependencies is None:
            attempts.append(f"{service}: {error}")
            continue
        vulnerable = [d for d in dependencies if d.get("vulns")]
        if vulnerable:
            print(f"pip-audit ({service}): known vulnerabilities:")
            for dependency in vulnerable:
                for vuln in dependency["vulns"]:
                    fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                    print(f"  {dependency['name']} {dependency['version']}: {vuln['id']} ({fixes})")
            return 1
        skipped = [d for d in dependencies if "skip_reason" in d]
        if not skipped:
            print(
                f"pip-audit ({service}): {len(dependencies)} dependencies checked, none known vulnerable."
            )
            return 0
        attempts.append(
            f"{service}: {len(skipped)} of {len(dependencies)} dependencies not checked, "
            f"e.g. {skipped[0]['skip_reason']}"
        )
    print("=" * 78)
    print("COULD NOT CHECK: pip-audit could not look the dependencies up in any")
    print("vulnerability database, so nothing is known about their vulnerabilities.")
    for attempt in attempts:
        print(f"  {attempt}")
    print("This is not a pass. Run `make audit` where PyPI's JSON API or OSV is reachable.")
    print("=" * 78)
    return 0


if __name__ == "__main__":
    sys.exit(main())
