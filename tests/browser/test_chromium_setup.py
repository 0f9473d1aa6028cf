"""Finding Chromium for the browser tests: Debian's, else Playwright's, else installed; never a skip."""

from __future__ import annotations

import subprocess

import pytest

from browser import conftest


@pytest.mark.parametrize("system, playwright, install_ok, expected", [
    ("/usr/bin/chromium", "/pw/chrome", True, "/usr/bin/chromium"),   # Debian's first
    (None, "/pw/chrome", True, "/pw/chrome"),                         # then Playwright's
    (None, None, True, "/pw/installed"),                              # then installed now
    (None, None, False, None),                                        # install failed: FAIL, not skip
])
def test_find_chromium(monkeypatch, system, playwright, install_ok, expected):
    installed = {"done": False}
    monkeypatch.setattr(conftest.shutil, "which", lambda name: system)
    monkeypatch.setattr(conftest, "playwright_chromium",
                        lambda: playwright or ("/pw/installed" if installed["done"] else None))

    def fake_run(command, **kwargs):
        assert command[1:4] == ["-m", "playwright", "install"] and command[-1] == "chromium"
        installed["done"] = install_ok
        return subprocess.CompletedProcess(command, 0 if install_ok else 1, "", "" if install_ok else "offline")

    monkeypatch.setattr(conftest.subprocess, "run", fake_run)
    if expected is None:
        with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
            conftest.find_chromium()
    else:
        assert conftest.find_chromium() == expected


@pytest.mark.parametrize("apt_ok, expected", [
    (True, "/usr/bin/chromium"),    # as root on Debian: Debian's package is installed first
    (False, "/pw/installed"),       # apt failed: Playwright's next
])
def test_debian_chromium_installed_as_root(monkeypatch, apt_ok, expected):
    state = {"apt": False, "pw": False}
    monkeypatch.setattr(conftest, "_is_root", lambda: True)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: {
        "apt-get": "/usr/bin/apt-get", "chromium": "/usr/bin/chromium" if state["apt"] else None}.get(name))
    monkeypatch.setattr(conftest, "playwright_chromium", lambda: "/pw/installed" if state["pw"] else None)

    def fake_run(command, **kwargs):
        if command[0] == "sh":
            assert "apt-get install" in command[-1] and "chromium" in command[-1]
            state["apt"] = apt_ok
            return subprocess.CompletedProcess(command, 0 if apt_ok else 100, "", "" if apt_ok else "E: no")
        state["pw"] = True
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(conftest.subprocess, "run", fake_run)
    assert conftest.find_chromium() == expected
