"""deploy/k8s renders to what the README promises. ``kubectl kustomize`` is not installed here,
so the test renders the kustomization itself: every file of its ``resources`` list, then its
strategic-merge and JSON 6902 ``patches``, its ``namespace``, ``labels`` and ``images``, and
checks the rendered objects."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
SECRET_WORDS = re.compile(r"(KEY|SECRET|TOKEN|PASSWORD)", re.I)
HEALTH = "/dashboard/_stcore/health"


def _documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _merge(base, patch):
    """Strategic merge, the part these manifests use: maps merge key by key, lists of named
    maps merge by name, any other list or value is replaced; ``null`` deletes."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = _merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if (isinstance(base, list) and isinstance(patch, list) and patch
            and all(isinstance(x, dict) and "name" in x for x in base + patch)):
        out = [copy.deepcopy(x) for x in base]
        for item in patch:
            match = next((i for i, x in enumerate(out) if x["name"] == item["name"]), None)
            if match is None:
                out.append(copy.deepcopy(item))
            else:
                out[match] = _merge(out[match], item)
        return out
    return copy.deepcopy(patch)


def _json_patch(doc: dict, operations: list[dict]) -> dict:
    doc = copy.deepcopy(doc)
    for op in operations:
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].lstrip("/").split("/")]
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key = int(last) if isinstance(node, list) and last != "-" else last
        if op["op"] in ("replace", "add"):
            if op["op"] == "replace":
                assert key in node if isinstance(node, dict) else key < len(node), op["path"]
            if isinstance(node, list) and op["op"] == "add":
                node.insert(len(node) if key == "-" else key, op["value"])
            else:
                node[key] = op["value"]
        elif op["op"] == "remove":
            del node[key]
        else:
            raise AssertionError(f"unsupported JSON patch op {op['op']}")
    return doc


def _containers(doc: dict) -> list[dict]:
    spec = doc.get("spec") or {}
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]["containers"] if "template" in spec else []


def render(directory: Path = K8S) -> dict[tuple[str, str], dict]:
    """(kind, name) -> object, as ``kubectl kustomize`` would print it."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    assert kustomization["kind"] == "Kustomization"
    objects: dict[tuple[str, str], dict] = {}
    for name in kustomization["resources"]:
        for doc in _documents(directory / name):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in objects, f"{key} defined twice"
            objects[key] = doc
    for entry in kustomization.get("patches", []):
        if "path" in entry:
            for patch in _documents(directory / entry["path"]):
                key = (patch["kind"], patch["metadata"]["name"])
                assert key in objects, f"patch {entry['path']} targets {key}, which no resource defines"
                objects[key] = _merge(objects[key], patch)
        else:
            target = entry["target"]
            key = (target["kind"], target["name"])
            assert key in objects, f"patch targets {key}, which no resource defines"
            objects[key] = _json_patch(objects[key], yaml.safe_load(entry["patch"]))
    images = {i["name"]: i for i in kustomization.get("images", [])}
    labels = {k: v for group in kustomization.get("labels", []) for k, v in group["pairs"].items()}
    for doc in objects.values():
        if "namespace" in kustomization:
            doc["metadata"]["namespace"] = kustomization["namespace"]
        doc["metadata"].setdefault("labels", {}).update(labels)
        for container in _containers(doc):
            image = images.get(container["image"])
            if image:
                container["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}"
    return objects


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], dict]:
    return render()


def one(rendered, kind: str) -> dict:
    (doc,) = [doc for (k, _), doc in rendered.items() if k == kind]
    return doc


def env_sources(container: dict) -> set[tuple[str, str]]:
    return {(kind, ref["name"]) for source in container.get("envFrom", []) for kind, ref in source.items()}


def test_every_file_in_the_folder_is_used():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    used = set(kustomization["resources"]) | {p["path"] for p in kustomization["patches"] if "path" in p}
    assert {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"} == used


def test_deployment_of_replicas_with_health_probes_and_one_core_each(rendered):
    deployment = one(rendered, "Deployment")
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    (app,) = _containers(deployment)
    assert app["image"] == "registry.example.com/smallcaps-dashboard:1.0.0"  # images: applied
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert app[probe]["httpGet"]["path"] == HEALTH and app[probe]["httpGet"]["port"] == "http"
    assert app["resources"]["requests"]["cpu"] in ("1", 1, "1000m")
    assert "memory" in app["resources"]["requests"] and "memory" in app["resources"]["limits"]
    assert {p["containerPort"] for p in app["ports"]} == {8501}
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_the_replicas_read_the_shared_store_under_the_ingress_path(rendered):
    config = rendered[("ConfigMap", "dashboard-config")]["data"]
    assert config["MARKET_STORE_URL"] == "s3://team-bucket/dashboard"  # site.yaml applied
    assert config["DASHBOARD_SOURCE"] == "cache"
    assert config["STREAMLIT_SERVER_BASE_URL_PATH"] == "dashboard"
    (app,) = _containers(one(rendered, "Deployment"))
    assert {("configMapRef", "dashboard-config"), ("secretRef", "dashboard-secrets")} <= env_sources(app)


def test_service_selects_the_pods(rendered):
    service = one(rendered, "Service")
    pods = one(rendered, "Deployment")["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pods.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_ingress_routes_the_prefix_with_cookie_affinity(rendered):
    ingress = one(rendered, "Ingress")
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # WebSockets stay open
    assert ingress["spec"]["ingressClassName"] == "nginx"
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] == "dashboard.example.com" and ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    (path,) = rule["http"]["paths"]
    assert path["path"] == "/dashboard" and path["pathType"] == "Prefix"
    backend = path["backend"]["service"]
    assert backend["name"] == one(rendered, "Service")["metadata"]["name"]
    assert backend["port"]["name"] == one(rendered, "Service")["spec"]["ports"][0]["name"]


def test_refresh_cronjob_runs_the_job_once_at_a_time(rendered):
    job = one(rendered, "CronJob")
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    assert len(job["spec"]["schedule"].split()) == 5
    (container,) = _containers(job)
    assert container["command"][:5] == ["python", "-m", "analytics", "refresh", "--all"]
    assert container["image"] == _containers(one(rendered, "Deployment"))[0]["image"]
    assert ("secretRef", "dashboard-secrets") in env_sources(container)
    assert job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] in ("Never", "OnFailure")
    # Where `watch` will go, once the command exists.
    assert "watch" in (K8S / "refresh-cronjob.yaml").read_text()


def test_autoscaler_scales_the_deployment_on_cpu(rendered):
    hpa = one(rendered, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", one(rendered, "Deployment")["metadata"]["name"])
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["type"] == "Utilization"


def test_secrets_only_by_reference(rendered):
    assert not [key for key in rendered if key[0] == "Secret"]
    for doc in rendered.values():
        for container in _containers(doc):
            for var in container.get("env", []):
                if SECRET_WORDS.search(var["name"]):
                    assert "value" not in var and "secretKeyRef" in var.get("valueFrom", {}), var["name"]
        for key in (doc.get("data") or {}):
            assert not SECRET_WORDS.search(key), f"{doc['kind']} {doc['metadata']['name']} holds {key}"


def test_everything_in_one_namespace_with_the_common_label(rendered):
    for doc in rendered.values():
        assert doc["metadata"]["namespace"] == "dashboard"
        assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "smallcaps-dashboard"


def test_strategic_merge_of_named_lists():
    base = {"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}], "x": {"y": 1, "z": 2}}
    patch = {"env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}], "x": {"z": None}}
    assert _merge(base, patch) == {"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "3"},
                                           {"name": "C", "value": "4"}], "x": {"y": 1}}
