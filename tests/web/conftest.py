"""Fixtures for the explorer tests: the hand-made (fictional) sample store and a client on it."""

from __future__ import annotations

import pytest

from newsprism.store.db import Store
from web.sample_store import fill_sample_store


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "sample.db"
    with Store(path) as store:
        fill_sample_store(store)
    return path


@pytest.fixture(scope="session")
def client(sample_db):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    with TestClient(create_app(sample_db), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def ro_store(sample_db):
    with Store(sample_db, readonly=True) as store:
        yield store
