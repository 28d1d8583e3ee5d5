"""Checks .github/workflows/site.yml, which cannot run here: it parses the YAML (PyYAML) and
checks that its steps are this repository's commands — every `make TARGET` is a target of the
Makefile and every `modelpress COMMAND` a subcommand of the CLI — in the order the deployment
needs them, and that it deploys site/public to GitHub Pages and summarises pull requests.

  check_workflow.py WORKFLOW MAKEFILE MODELPRESS
"""

import re
import shlex
import subprocess
import sys

import yaml


def makefile_targets(path):
    with open(path, encoding="utf-8") as file:
        return {m.group(1) for m in re.finditer(r"^([a-z][a-z0-9-]*):", file.read(), re.M)}


def cli_commands(modelpress):
    text = subprocess.run([modelpress, "--help"], capture_output=True, text=True, check=True).stdout
    section = text.split("SUBCOMMANDS:", 1)[1]
    return {line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()}


def commands(run):
    """Each shell command of a `run:` script, as tokens (continuation lines joined)."""
    for line in run.replace("\\\n", " ").splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            try:
                tokens = shlex.split(part, comments=True)
            except ValueError:
                continue
            if tokens:
                yield tokens


def main():
    workflow_path, makefile_path, modelpress = sys.argv[1:4]
    with open(workflow_path, encoding="utf-8") as file:
        workflow = yaml.safe_load(file)
    targets = makefile_targets(makefile_path)
    subcommands = cli_commands(modelpress)
    problems = []

    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True)) or {}
    if "main" not in ((triggers.get("push") or {}).get("branches") or []):
        problems.append("it does not run on pushes to main")
    if "pull_request" not in triggers:
        problems.append("it does not run on pull requests")

    jobs = workflow.get("jobs") or {}
    sequence = []  # (job, what) in order
    for job_name, job in jobs.items():
        for step in job.get("steps") or []:
            if "uses" in step:
                sequence.append((job_name, "uses " + step["uses"].split("@")[0], step))
            for tokens in commands(step.get("run") or ""):
                program = tokens[0].rsplit("/", 1)[-1]
                if program == "make":
                    named = [t for t in tokens[1:] if not t.startswith("-") and "=" not in t]
                    for target in named:
                        if target not in targets:
                            problems.append(f"step '{step.get('name')}' runs 'make {target}', not a Makefile target")
                        sequence.append((job_name, f"make {target}", step))
                elif program == "modelpress":
                    if len(tokens) < 2 or tokens[1] not in subcommands:
                        problems.append(f"step '{step.get('name')}' runs '{' '.join(tokens[:2])}', not a modelpress command")
                    else:
                        sequence.append((job_name, f"modelpress {tokens[1]}", step))

    order = [what for _, what, _ in sequence]

    def position(what):
        return order.index(what) if what in order else None

    required = ["make setup", "make build", "make test", "modelpress verify", "modelpress publish",
                "uses actions/upload-pages-artifact", "uses actions/deploy-pages", "modelpress diff"]
    for what in required:
        if position(what) is None:
            problems.append(f"no step does '{what}'")
    chain = [position(w) for w in required[:6]]
    if None not in chain and chain != sorted(chain):
        problems.append("setup, build, test, verify, publish and upload do not run in that order")

    for job_name, what, step in sequence:
        if what == "uses actions/upload-pages-artifact" and (step.get("with") or {}).get("path") != "site/public":
            problems.append("the Pages artifact is not site/public")
        if what == "uses actions/cache" and ".build" not in str((step.get("with") or {}).get("path")):
            problems.append("the cache does not keep .build")
        if what == "uses actions/deploy-pages":
            permissions = jobs[job_name].get("permissions") or {}
            if permissions.get("pages") != "write" or permissions.get("id-token") != "write":
                problems.append(f"job '{job_name}' deploys Pages without pages: write and id-token: write")
        if what == "modelpress diff":
            if "GITHUB_STEP_SUMMARY" not in step.get("run", ""):
                problems.append("the diff step does not write the job summary")
            if "pull_request" not in str(step.get("if")):
                problems.append("the diff step does not run on pull requests only")
    if "uses actions/cache" not in order:
        problems.append("nothing caches .build")

    for problem in problems:
        print(f"check_workflow: {workflow_path}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check_workflow: {workflow_path}: {len(order)} steps, all Makefile targets or modelpress commands: "
          + ", ".join(order))


if __name__ == "__main__":
    main()
