"""Other published datasets' column names load without hand conversion."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reviewbot.model.features import FEATURES
from reviewbot.model.training.dataset import DatasetError, load_csv

# ApacheJIT's layout: no `lt`, `ent`, author-prefixed experience, True/False labels
APACHEJIT = """\
commit_id,project,buggy,fix,year,author_date,la,ld,nf,nd,ns,ent,ndev,age,nuc,aexp,arexp,asexp
c2,apache/x,False,True,2012,1325462400,3,1,1,1,1,0.0,2,10.5,3,40,12.5,7
c1,apache/x,True,False,2012,1325376000,120,0,4,2,1,1.5,1,0.0,1,5,2.0,1
"""

# Commit Guru's layout: `contains_bug`, `fixes` (the commits it fixes), text dates
COMMIT_GURU = """\
commit_hash,author_date,fix,contains_bug,fixes,\
ns,nd,nf,entrophy,la,ld,lt,ndev,age,nuc,exp,rexp,sexp
a1,2020-05-01T10:00:00+00:00,False,True,,1,1,2,0.9,10,2,300,2,4.0,5,20,3.0,10
b2,2020-05-02T10:00:00+00:00,True,False,"['a1']",1,1,1,0.0,1,1,310,3,1.0,6,21,3.5,11
"""


def test_apachejit_columns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "apachejit.csv"
    path.write_text(APACHEJIT)
    with caplog.at_level(logging.WARNING):
        frame = load_csv(path)
    assert list(frame.columns) == ["_id", "date", "bug", *FEATURES, "project"]
    assert frame["_id"].tolist() == ["c1", "c2"]  # sorted by author_date
    assert frame["bug"].tolist() == [1, 0] and frame["fix"].tolist() == [0, 1]
    first = frame.iloc[0]
    assert (first["entrophy"], first["exp"], first["rexp"], first["sexp"]) == (1.5, 5, 2.0, 1)
    assert frame["lt"].tolist() == [0, 0]
    assert "no `lt` column" in caplog.text and "filled with 0" in caplog.text


def test_commit_guru_columns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "guru.csv"
    path.write_text(COMMIT_GURU.replace(",fix,", ",unused,"))  # `fix` only through `fixes`
    with caplog.at_level(logging.WARNING):
        frame = load_csv(path)
    assert frame["_id"].tolist() == ["a1", "b2"]
    assert frame["date"].tolist() == [1588327200, 1588413600]
    assert frame["bug"].tolist() == [1, 0]
    assert frame["fix"].tolist() == [0, 1]  # b2 fixes a1
    assert frame["lt"].tolist() == [300, 310]
    assert "lt" not in caplog.text


def test_our_own_names_win_over_aliases(tmp_path: Path) -> None:
    path = tmp_path / "both.csv"
    path.write_text(COMMIT_GURU.replace(",fixes,", ",bug,"))  # `bug` (empty/list) vs `contains_bug`
    with pytest.raises(DatasetError, match="non-numeric"):
        load_csv(path)  # ours (`bug`) is used, and it is not a 0/1 label


def test_an_unparseable_date_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad_date.csv"
    path.write_text(APACHEJIT.replace("1325376000", "yesterday"))
    with pytest.raises(DatasetError, match="missing or non-numeric values"):
        load_csv(path)
