"""Reading only the metadata, or only one provision, gives what the full parse gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sample_document

from implan_regs.errors import InputError
from implan_regs.model.akn import from_xml, read_meta, read_provision, to_xml


def test_every_provision_read_alone_equals_the_full_parse():
    """Reform notes included: they live in <meta>, away from the provision's own element."""
    xml = to_xml(sample_document())
    full = from_xml(xml)
    nodes = list(full.walk())
    assert len(nodes) > 15 and any(node.notes for node in nodes)
    for node in nodes:
        alone = read_provision(xml, node.eid)
        assert alone is not None, node.eid
        assert alone.to_json() == node.to_json(), node.eid
    assert read_provision(xml, "art_99") is None


def test_every_article_of_a_real_law_read_alone_keeps_its_reform_notes():
    """The LGAHOTDU as published in Akoma Ntoso carries reform notes on many articles and
    fracciones: each article read alone from the stored file equals the full parse."""
    from implan_regs.importers import import_path
    from implan_regs.model.tree import DocumentMeta

    source = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mx-lgahotdu.akn.xml"
    meta = DocumentMeta(work="lgahotdu", kind="ley", title="Ley General de Asentamientos Humanos", date="2016-11-28")
    xml = to_xml(import_path(source, meta).document)
    full = from_xml(xml)
    noted = [node for node in full.walk() if node.kind == "article" and any(p.notes for p in node.walk())]
    assert len(noted) >= 15
    for article in noted:
        assert read_provision(xml, article.eid).to_json() == article.to_json(), article.eid


def test_metadata_alone_equals_the_full_parse():
    xml = to_xml(sample_document())
    assert read_meta(xml) == from_xml(xml).meta


def test_partial_readers_keep_the_hardened_parser():
    hostile = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><akomaNtoso/>'
    with pytest.raises(InputError, match="DTD o entidades"):
        read_meta(hostile)
    with pytest.raises(InputError, match="DTD o entidades"):
        read_provision(hostile, "art_1")
