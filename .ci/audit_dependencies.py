"""pip-audit over the installed dependencies, honest about what it could not check.

pip-audit counts a package it cannot look up as "skipped", still prints "No known
vulnerabilities found" and exits 0: a database it cannot reach looks like a pass. Here a
known vulnerability fails the run; a dependency that could not be checked is reported as
COULD NOT CHECK, loudly, and the run goes on (exit 0), because the lookup failing says
nothing about our code. Run as `make audit`.

Where pip-audit's per-release lookup (pypi.org/pypi/NAME/VERSION/json) is not served, as
behind some package mirrors, a skipped dependency is looked up in the project's own JSON
(pypi.org/pypi/NAME/json), whose "vulnerabilities" are those of the latest release: that
answers for every dependency installed at its latest release, which is what `pip install`
gives. Only an older release stays unchecked.
"""

import json

# Bandit: runs pip-audit from this environment with an argument list, never a shell.
import subprocess  # nosec B404
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
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


def latest_release_vulnerabilities(name, version):
    """The known vulnerabilities of `version`, if it is the latest release; else None."""
    url = f"https://pypi.org/pypi/{urllib.parse.quote(name)}/json"
    try:
        # A fixed https URL on PyPI, not user input.
        with urllib.request.urlopen(url, timeout=30) as response:  # nosec B310
            project = json.load(response)
    except (OSError, ValueError):
        return None
    if project.get("info", {}).get("version") != version:
        return None
    return [
        {"id": vuln["id"], "fix_versions": vuln.get("fixed_in") or []}
        for vuln in project.get("vulnerabilities") or []
        if not vuln.get("withdrawn")
    ]


def check_skipped(dependencies):
    """Fill in `vulns` of skipped dependencies from the project JSON where it can tell."""
    skipped = [d for d in dependencies if "skip_reason" in d]
    for dependency in skipped:
        # pip-audit leaves the version out of what it skipped; this is the same environment.
        dependency.setdefault("version", metadata.version(dependency["name"]))
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = pool.map(lambda d: latest_release_vulnerabilities(d["name"], d["version"]), skipped)
        for dependency, vulns in zip(skipped, found, strict=True):
            if vulns is not None:
                del dependency["skip_reason"]
                dependency["vulns"] = vulns


def main():
    attempts = []
    for service in SERVICES:
        dependencies, error = audit(service)
        if dependencies is None:
            attempts.append(f"{service}: {error}")
            continue
        check_skipped(dependencies)
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
        names = ", ".join(f"{d['name']} {d['version']}" for d in skipped)
        attempts.append(
            f"{service}: {len(skipped)} of {len(dependencies)} dependencies not checked "
            f"({names}), e.g. {skipped[0]['skip_reason']}"
        )
    print("=" * 78)
    print("COULD NOT CHECK every dependency: nothing is known about the vulnerabilities")
    print("of those named below (the others were checked and none is known vulnerable).")
    for attempt in attempts:
        print(f"  {attempt}")
    print("This is not a pass. Run `make audit` where PyPI's JSON API or OSV is reachable.")
    print("=" * 78)
    return 0


if __name__ == "__main__":
    sys.exit(main())
