"""deploy/: the Zero-to-JupyterHub values parse, and every version they name agrees with the pins."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from packaging.requirements import Requirement

from cbec.hublink import link
from tests.test_environment import conda_pins, pip_pins

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
# The JupyterHub each chart release runs (the chart's changelog): the single-user image's
# jupyterhub-singleuser must be the same version as the hub's.
CHART_JUPYTERHUB = {"4.3.3": "5.4.4"}
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}  # as JupyterHub reads memory sizes


def config() -> dict:
    return yaml.safe_load((DEPLOY / "config.yaml").read_text(encoding="utf-8"))


def hub_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-hub.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"{req.name} must be pinned exactly"
            pins[req.name.lower()] = spec.version
    return pins


def size(text: str) -> int:
    number, unit = re.fullmatch(r"([\d.]+)([KMG]?)", str(text)).groups()
    return int(float(number) * UNITS[unit])


def test_the_config_parses_and_names_the_parts_a_course_needs():
    values = config()
    assert set(values) >= {"hub", "singleuser", "cull", "prePuller", "scheduling"}
    assert values["singleuser"]["image"]["name"] and values["singleuser"]["image"]["tag"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0


def test_memory_and_cpu_guarantees_sit_below_their_limits():
    single = config()["singleuser"]
    assert 0 < size(single["memory"]["guarantee"]) < size(single["memory"]["limit"])
    assert 0 < single["cpu"]["guarantee"] < single["cpu"]["limit"]


def test_the_chart_the_hub_image_and_requirements_hub_name_one_jupyterhub():
    chart = config()["hub"]["image"]["tag"]
    assert hub_pins()["jupyterhub"] == CHART_JUPYTERHUB[chart]
    mentioned = set(re.findall(r"--version (\S+)", (DEPLOY / "README.md").read_text(encoding="utf-8")))
    mentioned |= set(re.findall(r"--version (\S+)", (DEPLOY / "config.yaml").read_text(encoding="utf-8")))
    assert mentioned == {chart}
    assert "nbgitpuller" in hub_pins()


def test_requirements_hub_never_repins_the_course_environment_differently():
    for python in ("3.10", "3.11", "3.12", "3.13"):
        course = pip_pins(python)
        assert {n: v for n, v in hub_pins().items() if n in course} == {
            n: course[n] for n in hub_pins() if n in course
        }


def test_the_image_is_built_from_environment_yml_with_the_sealed_package():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^ARG BASE=\S+:python-(\d+\.\d+)$", dockerfile, re.MULTILINE)
    assert base and base.group(1) == conda_pins()["python"]
    assert "environment.yml" in dockerfile and "requirements-hub.txt" in dockerfile
    assert "cbec release" in dockerfile
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    assert "COPY --from=release" in final_stage and "COPY --chown=${NB_UID}:${NB_GID} . " not in final_stage


def test_logging_in_opens_the_course_through_the_link_cbec_link_makes():
    default = config()["singleuser"]["defaultUrl"]
    query = dict(p.split("=", 1) for p in urlsplit(default).query.split("&"))

    made = link("https://hub.example.edu", unquote(query["repo"]), query["branch"])
    assert made.split("/hub/user-redirect", 1)[1] == default


def test_the_image_drops_only_the_editable_install_from_environment_yml():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    patterns = [re.compile(p) for p in re.findall(r"-e '/(.+?)/d'", dockerfile)]
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not any(p.search(line) for p in patterns)]
    image_env = yaml.safe_load("\n".join(kept))
    assert all(isinstance(dep, str) for dep in image_env["dependencies"])  # no pip section left
    assert len(lines) - len(kept) == 2
    assert set(image_env["dependencies"]) >= {f"{n}={v}" for n, v in conda_pins().items()}
