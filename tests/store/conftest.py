"""The store contract runs twice: on a local directory and on a loopback S3 server (moto)."""
from __future__ import annotations

import uuid

import pytest

from analytics.data.store import Store
from tests.store.s3server import REGION, TEST_KEY, TEST_SECRET, start_s3_server


@pytest.fixture(scope="session")
def s3_server():
    server = start_s3_server()
    yield server
    server.stop()


def s3_options(server, key: str = TEST_KEY, secret: str = TEST_SECRET) -> dict[str, str]:
    return {"key": key, "secret": secret, "endpoint_url": server.endpoint, "region": REGION}


@pytest.fixture(autouse=True)
def no_instance_metadata(monkeypatch):
    """botocore must never look for credentials beyond what a test hands it."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_ENDPOINT_URL", "MARKET_STORE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["local", "s3"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def make_store(backend, tmp_path, request):
    """A factory of empty stores on the backend under test; each call opens the same location."""
    if backend == "local":
        root = tmp_path / "store"
        return lambda: Store(root)
    server = request.getfixturevalue("s3_server")
    bucket = f"contract-{uuid.uuid4().hex[:12]}"
    server.create_bucket(bucket)
    return lambda: Store(f"s3://{bucket}/team/store", s3_options(server))


@pytest.fixture
def store(make_store) -> Store:
    return make_store()
