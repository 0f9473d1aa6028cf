"""Corrections in the explorer: the default server refuses any write; ``--edit`` accepts the forms only
with this process's CSRF token, from localhost; pages mark corrected statements; hostile text stays text.

FICTIONAL corpus: tests/fix_corpus.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.store.corrections import list_corrections
from newsprism.store.db import Store, writer_lock
from newsprism.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fix_corpus import fix_db  # noqa: E402

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture
def db(tmp_path) -> Path:
    return fix_db(tmp_path)


def _refs(db: Path) -> dict[str, str]:
    with Store(db, readonly=True) as store:
        return {r[1]: r[0] for r in store.conn.execute("SELECT entity_id, name FROM entities")}


def _quote(db: Path, words: str) -> str:
    with Store(db, readonly=True) as store:
        return store.conn.execute("SELECT quote_id FROM quotes WHERE text = ?", (words,)).fetchone()[0]


def _token(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, "no correction form on " + path
    return found.group(1)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/fix/merge", "/fix/reject", "/corrections", "/speaker/e000001", "/sql"])
def test_the_default_server_refuses_any_write(db, method, path):
    before = Store(db, readonly=True).dump()
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        answer = client.request(method, path, data={"why": "x", "statement": "art1:0-5"})
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
        assert "csrf" not in client.get("/speaker/" + _refs(db)["Rita Vance"]).text
    assert Store(db, readonly=True).dump() == before


def _merge(client, db, token, *, why="one person", **headers):
    refs = _refs(db)
    return client.post("/fix/merge", data={"csrf": token, "source": refs["Olek Marrin"], "into": "Rita Vance",
                                           "why": why, "back": "/speaker/" + refs["Rita Vance"]},
                       headers=headers, follow_redirects=False)


def test_edit_mode_merges_rejects_and_undoes_with_the_token(db):
    refs = _refs(db)
    with TestClient(create_app(db, edit=True, who="desk"), base_url="http://127.0.0.1") as client:
        token = _token(client, "/speaker/" + refs["Olek Marrin"])
        done = _merge(client, db, token, why=HOSTILE, origin="http://127.0.0.1")
        assert done.status_code == 303 and done.headers["location"] == "/speaker/" + refs["Rita Vance"]
        page = client.get("/speaker/" + refs["Rita Vance"]).text
        assert "corrected: merge #1" in page and "Includes the statements of Olek Marrin" in page
        assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Merged into" in client.get("/speaker/" + refs["Olek Marrin"]).text
        quote = _quote(db, "the dam will hold this spring")
        done = client.post("/fix/reject", data={"csrf": token, "statement": quote, "why": "not said",
                                                "back": "//evil.example/"}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/corrections"  # no open redirect
        assert quote not in client.get("/search.json").text
        listed = client.get("/corrections.json").json()["corrections"]
        assert [(c["id"], c["action"], c["who"], c["status"]) for c in listed] == [
            (1, "merge", "desk", "applied"), (2, "reject", "desk", "applied")]
        assert "fix-undo" in client.get("/corrections").text
        done = client.post("/fix/undo", data={"csrf": token, "id": "2", "why": "it was said"}, follow_redirects=False)
        assert done.status_code == 303
        assert quote in client.get("/search.json").text
        assert client.get("/corrections.csv").text.splitlines()[0].startswith("id,action,target")


@pytest.mark.parametrize("change, status", [
    ({"csrf": "forged"}, 403),
    ({"csrf": ""}, 403),
    ({"origin": "http://evil.example"}, 403),
    ({"sec-fetch-site": "cross-site"}, 403),
    ({"sec-fetch-site": "same-site"}, 403),  # another port of localhost
    ({"origin": "null"}, 403),  # an opaque origin with no Sec-Fetch-Site to vouch for it
    ({"host": "evil.example"}, 421),  # not this machine (DNS rebinding)
    ({"why": " "}, 400),  # a correction without a reason
    ({"into": "Nobody Atall"}, 400),  # unknown speaker
])
def test_edit_mode_refuses_forged_or_bad_forms(db, change, status):
    with TestClient(create_app(db, edit=True, who="desk"), base_url="http://127.0.0.1") as client:
        token = _token(client, "/speaker/" + _refs(db)["Olek Marrin"])
        refs = _refs(db)
        data = {"csrf": token, "source": refs["Olek Marrin"], "into": "Rita Vance", "why": "one person"}
        headers = {}
        for key, value in change.items():
            (headers if key in ("origin", "sec-fetch-site", "host") else data).__setitem__(key, value)
        answer = client.post("/fix/merge", data=data, headers=headers, follow_redirects=False)
        assert answer.status_code == status
    with Store(db, readonly=True) as store:
        assert list_corrections(store) == []


def test_edit_mode_refuses_a_client_that_is_not_this_machine(db):
    with TestClient(create_app(db, edit=True), base_url="http://127.0.0.1", client=("203.0.113.9", 50000)) as client:
        token = _token(client, "/speaker/" + _refs(db)["Olek Marrin"])
        assert _merge(client, db, token).status_code == 403


def test_edit_mode_says_so_while_another_process_writes(db):
    with TestClient(create_app(db, edit=True), base_url="http://127.0.0.1") as client:
        token = _token(client, "/speaker/" + _refs(db)["Olek Marrin"])
        import subprocess

        code = ("import fcntl,os,sys,time; fd=os.open(sys.argv[1]+'.lock', os.O_RDWR|os.O_CREAT);"
                " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)")
        holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            answer = _merge(client, db, token)
            assert answer.status_code == 409 and "another newsprism process" in answer.text
        finally:
            holder.kill()
            holder.wait()
        with writer_lock(db, wait=False):
            pass  # free again
        assert _merge(client, db, token).status_code == 303


def test_serve_edit_only_on_loopback(db):
    from typer.testing import CliRunner

    from newsprism.cli import app

    done = CliRunner().invoke(app, ["serve", "--db", str(db), "--edit", "--host", "0.0.0.0"])
    assert done.exit_code != 0 and "loopback" in done.stderr
