"""Design ids → CloudFormation logical ids: valid, unique, stable, never stolen by helpers."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from vpcdesigner.exchange.cloudformation.naming import LogicalIds, camel
from vpcdesigner.model.types import ID_PATTERN

ALNUM = re.compile(r"^[A-Za-z0-9]+$")


def test_camel_case_of_typical_ids() -> None:
    assert camel("store-vpc") == "StoreVpc"
    assert camel("anycompany.example") == "AnycompanyExample"
    assert camel("rtb-private-a") == "RtbPrivateA"
    assert camel("web_tg:2") == "WebTg2"


def test_ids_that_differ_only_in_punctuation_or_case_get_distinct_logical_ids() -> None:
    ids = LogicalIds()
    got = [ids.for_design(d) for d in ("web-sg", "web.sg", "WebSg", "web_sg")]
    assert len(set(got)) == 4
    assert got[0] == "WebSg"
    assert {g.lower() for g in got} == {"websg", "websg2", "websg3", "websg4"}


def test_the_same_design_id_always_gets_the_same_logical_id() -> None:
    ids = LogicalIds()
    assert ids.for_design("igw") == ids.for_design("igw") == "Igw"


def test_reserved_parameter_names_are_not_given_to_design_objects() -> None:
    ids = LogicalIds(("KeyName",))
    assert ids.for_design("key-name") == "KeyName2"


def test_helpers_claimed_after_design_ids_never_take_their_names() -> None:
    ids = LogicalIds()
    owner = ids.for_design("igw")
    design_object = ids.for_design("igw-attachment")
    helper = ids.helper(owner, "Attachment")
    assert design_object == "IgwAttachment"
    assert helper == "IgwAttachment2"


@given(st.lists(st.from_regex(ID_PATTERN, fullmatch=True), min_size=1, max_size=30, unique=True))
def test_any_valid_ids_map_to_unique_alphanumeric_logical_ids(design_ids: list[str]) -> None:
    ids = LogicalIds(("KeyName", "LinuxAmiId"))
    got = [ids.for_design(d) for d in design_ids]
    assert all(ALNUM.match(g) and len(g) <= 255 for g in got)
    assert len({g.lower() for g in got}) == len(got)
    assert not {"keyname", "linuxamiid"} & {g.lower() for g in got}
