"""Reading only the metadata, or only one provision, gives what the full parse gives."""

from __future__ import annotations

import pytest
from conftest import sample_document

from implan_regs.errors import InputError
from implan_regs.model.akn import from_xml, read_meta, read_provision, to_xml


def _without_notes(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k != "notes"}
    if "children" in data:
        data["children"] = [_without_notes(c) for c in data["children"]]
    return data


def test_every_provision_read_alone_equals_the_full_parse():
    xml = to_xml(sample_document())
    full = from_xml(xml)
    nodes = list(full.walk())
    assert len(nodes) > 15
    for node in nodes:
        alone = read_provision(xml, node.eid)
        assert alone is not None, node.eid
        assert _without_notes(alone.to_json()) == _without_notes(node.to_json()), node.eid
    assert read_provision(xml, "art_99") is None


def test_metadata_alone_equals_the_full_parse():
    xml = to_xml(sample_document())
    assert read_meta(xml) == from_xml(xml).meta


def test_partial_readers_keep_the_hardened_parser():
    hostile = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><akomaNtoso/>'
    with pytest.raises(InputError, match="DTD o entidades"):
        read_meta(hostile)
    with pytest.raises(InputError, match="DTD o entidades"):
        read_provision(hostile, "art_1")
