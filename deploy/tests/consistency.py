#!/usr/bin/env python3
"""The image, the pipeline and the local scripts build BandUp the same way, so they cannot drift:

- the Dockerfile's build stage installs exactly the build packages of scripts/lib/packages.sh;
- its run stage installs the run-time library of each of them (as Debian's -dev packages depend
  on it, asked of apt-cache) and the packages BandUp reads at run time;
- it builds with the release flags scripts/run uses (BANDUP_RELEASE_BUILD);
- buildspec.yml runs the tests in the Dockerfile's build image with .ci/run, whose test command
  is scripts/test (the README's), and builds the image from the Dockerfile;
- the RDS certificate bundle DATABASE_URL names (sslrootcert) in deploy/app.yaml is put in the image.

Usage: consistency.py [ROOT]    (exit 0 when everything agrees; the repository by default)
"""
import re
import shlex
import subprocess
import sys
from pathlib import Path

from checks import check, failures

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]


def shell_array(name):
    script = f'source scripts/lib/packages.sh >/dev/null; printf "%s\\n" "${{{name}[@]}}"'
    return subprocess.run(["bash", "-c", script], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()


def stages(dockerfile):
    """The Dockerfile's stages: name (or index) -> (base image, the text of its instructions, continuation lines joined)."""
    text = re.sub(r"\\\n", " ", dockerfile)
    result, current = {}, None
    for line in text.splitlines():
        match = re.match(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.I)
        if match:
            current = match.group(2) or str(len(result))
            result[current] = [match.group(1), ""]
        elif current is not None:
            result[current][1] += line + "\n"
    return result


def installed(stage_text):
    packages = set()
    for match in re.finditer(r"apt-get\s+(?:-\S+\s+)*install\s+([^&;\n]+)", stage_text):
        packages |= {word for word in shlex.split(match.group(1)) if not word.startswith("-")}
    return packages


def runtime_library(dev_package):
    """The library a -dev package depends on (libhiredis-dev -> libhiredis0.14), from apt-cache."""
    output = subprocess.run(["apt-cache", "depends", "--no-recommends", "--no-suggests", dev_package], capture_output=True, text=True).stdout
    stem = re.sub(r"(-dev|1g-dev)$", "", dev_package).replace("1g", "")
    for line in output.splitlines():
        match = re.match(r"\s*Depends:\s*(\S+)", line)
        if match and match.group(1).startswith(stem[:5]) and not match.group(1).endswith("-dev"):
            return match.group(1)
    return None


def main():
    dockerfile = (ROOT / "Dockerfile").read_text()
    built = stages(dockerfile)
    build_image, build_text = built["build"]
    run_image, run_text = list(built.values())[-1]
    build_packages, runtime_packages = shell_array("BANDUP_BUILD_PACKAGES"), shell_array("BANDUP_RUNTIME_PACKAGES")
    check(installed(build_text) == set(build_packages),
          f"the image's build stage installs the build packages of scripts/lib/packages.sh ({' '.join(sorted(build_packages))})")
    libraries = {package: runtime_library(package) for package in build_packages if package.endswith("-dev")}
    check(all(libraries.values()), f"apt-cache names the run-time library of every -dev package ({libraries})")
    check(set(libraries.values()) | set(runtime_packages) <= installed(run_text),
          f"the run stage installs those libraries and the run-time packages ({' '.join(sorted(set(libraries.values()) | set(runtime_packages)))})")
    flags = shell_array("BANDUP_RELEASE_BUILD")
    builds = [shlex.split(match.group(1)) for match in re.finditer(r"(?<!\$\()swift build ([^&\n]+?)(?:\s*&&|\n)", build_text)]
    check(any(command == flags for command in builds), f"the image builds with scripts/run's release flags ({' '.join(flags)})")
    check("BANDUP_RELEASE_BUILD" in (ROOT / "scripts/run").read_text(), "scripts/run builds a release with BANDUP_RELEASE_BUILD")

    buildspec = (ROOT / "buildspec.yml").read_text()
    image = re.search(r"SWIFT_IMAGE:\s*(\S+)", buildspec)
    check(image is not None and image.group(1) == build_image, f"buildspec.yml tests in the image's build stage image ({build_image})")
    check('"$SWIFT_IMAGE" bash .ci/run' in buildspec and "exec scripts/test" in (ROOT / ".ci/run").read_text()
          and "scripts/test" in (ROOT / "README.md").read_text(), "buildspec.yml runs .ci/run, whose test command is the README's scripts/test")
    check(re.search(r"docker build [^\n]*\s\.\s*$", buildspec, re.M) is not None, "buildspec.yml builds the image from the Dockerfile")
    check(run_image.startswith("debian:bookworm") and build_image.endswith("-bookworm"), "build and run stages are both Debian 12 (bookworm)")

    app = (ROOT / "deploy/app.yaml").read_text()
    roots = set(re.findall(r"sslrootcert=([^\s&\"']+)", app))
    added = set(re.findall(r"^ADD\s+(?:--\S+\s+)*https://\S+\s+(\S+)\s*$", run_text, re.M))
    check(bool(roots) and roots <= added, f"the certificate authorities DATABASE_URL names in deploy/app.yaml are in the image ({' '.join(sorted(roots))})")

    print(f"{len(failures)} failed" if failures else "everything agrees")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
