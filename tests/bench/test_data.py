"""When a bench database is reused and when it is rebuilt."""

import json

from bench import data

WANT = {"size": "L", "seed": 1, "builder": "abc"}


def built(tmp_path, marker):
    db = tmp_path / "L.sqlite3"
    db.write_bytes(b"")
    if marker is not None:
        db.with_suffix(".built.json").write_text(json.dumps(marker))
    return db


def test_reused_when_the_marker_matches(tmp_path):
    assert data._fresh(built(tmp_path, WANT), WANT, "")


def test_rebuilt_when_seed_scale_changed_or_the_seed_differs(tmp_path):
    assert not data._fresh(built(tmp_path, WANT | {"builder": "def"}), WANT, "")
    assert not data._fresh(built(tmp_path, WANT | {"seed": 2}), WANT, "")


def test_rebuilt_without_a_marker_or_when_forced(tmp_path):
    assert not data._fresh(built(tmp_path, None), WANT, "")
    assert not data._fresh(built(tmp_path, WANT), WANT, "1")


def test_reuse_forced_ignores_the_builder_but_not_the_seed(tmp_path):
    assert data._fresh(built(tmp_path, WANT | {"builder": "def"}), WANT, "0")
    assert not data._fresh(built(tmp_path, WANT | {"seed": 2}), WANT, "0")
