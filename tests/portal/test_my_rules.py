"""The citizen's rules (`egov.portal.citizen_rules`): which answers are open for each state, which
files the owner may download, the list filters. Pure Python, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from egov.portal import citizen_rules as rules
from egov.portal.citizen_rules import CitizenAction, CitizenFacts, FileFacts, ListScope

statuses = st.integers(min_value=1, max_value=10)
facts_strategy = st.builds(
    CitizenFacts, status=statuses, finished=st.booleans(), closed=st.booleans(), rated=st.booleans()
)


@given(facts_strategy)
def test_supplement_is_offered_exactly_while_open_and_waiting_for_the_applicant(facts):
    offered = CitizenAction.SUPPLEMENT in rules.open_actions(facts)
    assert offered == (facts.status == 5 and not facts.finished and not facts.closed)


@given(facts_strategy)
def test_withdrawal_is_offered_while_open_and_before_the_result_is_ready(facts):
    offered = CitizenAction.WITHDRAW in rules.open_actions(facts)
    assert offered == (facts.is_open and facts.status not in (9, 10))


@given(facts_strategy)
def test_rating_is_offered_once_after_completion_only(facts):
    offered = CitizenAction.RATE in rules.open_actions(facts)
    assert offered == (not facts.closed and facts.status in (9, 10) and not facts.rated)


@given(facts_strategy)
def test_nothing_is_offered_on_a_dossier_closed_without_a_result(facts):
    closed = CitizenFacts(status=facts.status, finished=False, closed=True, rated=facts.rated)
    assert rules.open_actions(closed) == frozenset()


def test_a_waiting_dossier_offers_supplement_and_withdrawal_not_rating():
    facts = CitizenFacts(status=5, finished=False, closed=False)
    assert rules.open_actions(facts) == {CitizenAction.SUPPLEMENT, CitizenAction.WITHDRAW}
    assert rules.needs_answer(facts)


def test_a_result_ready_dossier_offers_the_rating_but_no_withdrawal():
    assert rules.open_actions(CitizenFacts(status=9, finished=False, closed=False)) == {CitizenAction.RATE}
    assert rules.result_ready(9) and rules.result_ready(10) and not rules.result_ready(4)


def test_a_returned_dossier_offers_only_the_rating_and_not_after_it_is_rated():
    assert rules.open_actions(CitizenFacts(status=10, finished=True, closed=False)) == {CitizenAction.RATE}
    assert rules.open_actions(CitizenFacts(status=10, finished=True, closed=False, rated=True)) == frozenset()


@given(
    kind=st.sampled_from([kind.value for kind in rules.FileKind]),
    by_owner=st.booleans(),
    handed_in=st.booleans(),
    finished=st.booleans(),
)
def test_file_download_rule(kind, by_owner, handed_in, finished):
    allowed = rules.may_download(
        FileFacts(kind=kind, uploaded_by_owner=by_owner, handed_in=handed_in), result_ready=finished
    )
    expected = {
        "result": finished,
        "form": True,
        "eform": True,
        "supplement": True,
        "scan": by_owner or handed_in,
    }[kind]
    assert allowed == expected


def test_an_officers_loose_scan_stays_with_the_officers():
    draft = FileFacts(kind="scan", uploaded_by_owner=False, handed_in=False)
    assert not rules.may_download(draft, result_ready=True)


def test_an_unknown_file_kind_is_never_offered():
    assert not rules.may_download(
        FileFacts(kind="other", uploaded_by_owner=True, handed_in=True), result_ready=True
    )


@given(st.text(max_size=20))
def test_any_scope_text_parses_to_a_known_scope(raw):
    assert rules.parse_scope(raw) in set(ListScope)


def test_scope_names_parse_and_default_is_open():
    assert rules.parse_scope("da-ket-thuc") == ListScope.FINISHED
    assert rules.parse_scope("tat-ca") == ListScope.ALL
    assert rules.parse_scope(None) == ListScope.OPEN
    assert rules.parse_scope("khong-co") == ListScope.OPEN


@given(facts_strategy)
def test_each_dossier_is_in_exactly_one_of_open_and_finished_and_always_in_all(facts):
    assert rules.in_scope(facts, ListScope.OPEN) != rules.in_scope(facts, ListScope.FINISHED)
    assert rules.in_scope(facts, ListScope.ALL)
