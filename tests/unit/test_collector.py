"""collector_paused: no cyclic collection inside a bulk step, the collector as it was after it."""

from __future__ import annotations

import gc

import pytest

from journal.domain.collector import collector_paused


def test_paused_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_step_inside_another_leaves_it_paused() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_when_the_step_fails() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the step failed")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
