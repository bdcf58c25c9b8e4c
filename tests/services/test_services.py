"""The service layer: the use cases CLI and TUI share, and its one error type."""

from __future__ import annotations

from pathlib import Path

import pytest

from csmaturity_tui import services
from csmaturity_tui.demo import DEMO_ID, EARLIER_DEMO_ID
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.services import OutputRefused, ServiceError
from csmaturity_tui.store import Store, StoreError
from helpers import SMALL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "s.db")


def new_assessment(store: Store) -> str:
    rubric = services.load_rubric(SMALL)
    baseline = Baseline(currency="EUR", period="FY2025", start_arr=1_000_000.0)
    return store.create_assessment(rubric, client="Acme", date="2026-03-01", baseline=baseline)


def test_a_store_fault_leaves_as_a_service_error_with_its_exit_code(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("just text, not a database\n")
    with pytest.raises(ServiceError) as info:
        services.open_store(not_sqlite)
    assert not isinstance(info.value, StoreError)
    assert str(info.value).startswith(str(not_sqlite))
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


def test_an_unknown_id_is_a_service_error(store: Store) -> None:
    with store, pytest.raises(ServiceError, match="no-such-id"):
        services.resolve(store, "no-such-id")


def test_a_broken_rubric_names_its_first_problem(tmp_path: Path) -> None:
    broken = tmp_path / "r.toml"
    broken.write_text("[meta]\nid = 1\n")
    with pytest.raises(ServiceError) as info:
        services.load_rubric(broken)
    assert str(broken) in str(info.value)
    assert info.value.exit_code == 2
    assert info.value.details and str(info.value) == info.value.details[0]
    with pytest.raises(ServiceError) as checked:
        services.check_rubric(broken)
    assert checked.value.details == info.value.details


def test_a_rubric_check_gives_its_file_and_warnings_as_lines() -> None:
    checked = services.check_rubric(SMALL)
    assert checked.file == str(SMALL)
    assert all(isinstance(w, str) and w.startswith(str(SMALL)) for w in checked.warnings)
    assert checked.rubric.sha256 == services.load_rubric(SMALL).sha256


def test_an_unknown_format_is_refused(store: Store) -> None:
    with store:
        aid = new_assessment(store)
        with pytest.raises(ServiceError, match="format: 'pdf'"):
            services.render(store, aid, "pdf")


def test_an_output_that_exists_is_refused_unless_forced(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("kept\n")
    with store:
        aid = new_assessment(store)
        with pytest.raises(OutputRefused) as info:
            services.export_to(store, aid, "md", target, force=False)
        assert isinstance(info.value, ServiceError)
        assert target.read_text() == "kept\n"
        assert services.export_to(store, aid, "md", target, force=True) == target
        assert target.read_text() == services.render(store, aid, "md")


def test_a_missing_demo_file_fails_with_exit_code_1(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("csmaturity_tui.demo.demo_path", lambda: tmp_path / "gone.toml")
    with store, pytest.raises(ServiceError, match="packaged demo cannot be loaded") as info:
        services.load_demo(store)
    assert info.value.exit_code == 1


def test_the_demo_loads_once(store: Store) -> None:
    with store:
        assert services.load_demo(store) == DEMO_ID
        assert services.load_demo(store) == DEMO_ID
        rows, problems = services.list_assessments(store)
    # the demo is two rounds of one client: the round a year before goes in first
    assert [r.id for r in rows] == [DEMO_ID, EARLIER_DEMO_ID]
    assert problems == []


def test_delete_losses_count_answers_and_changes(store: Store) -> None:
    with store:
        aid = new_assessment(store)
        element = services.load_rubric(SMALL).dimensions[0].elements[0].id
        store.set_answer(aid, Answer(element, level=2))
        store.set_answer(aid, Answer(element, level=3))
        losses = services.delete_losses(store, aid)
    assert (losses.answers, losses.changes) == (1, 2)


def test_a_move_to_the_pinned_rubric_is_no_move(store: Store) -> None:
    with store:
        aid = new_assessment(store)
        check = services.check_move(store, aid, services.load_rubric(SMALL))
    assert check.target is None
    assert check.plan() is None
    assert check.pinned_label.split()[0] == services.load_rubric(SMALL).meta.id
