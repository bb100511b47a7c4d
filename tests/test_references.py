from implan_regs.model.tree import Document, DocumentMeta, Provision
from implan_regs.reform.references import apply_rewrites, check_references, find_references


def test_recognizes_internal_and_external_references():
    text = ("Conforme al artículo 45 de este Reglamento, los artículos 12, 13 y 15, los artículos 20 al 23, "
            "el artículo 5 Bis y el artículo 12 de la Ley General de Asentamientos Humanos; "
            "lo previsto en el artículo anterior.")
    refs = find_references(text)
    assert [(r.targets, r.internal, r.relative) for r in refs] == [
        (["45"], True, None), (["12", "13", "15"], True, None), (["20", "21", "22", "23"], True, None),
        (["5bis"], True, None), (["12"], False, None), ([], True, "anterior")]


def _art(key: str, text: str) -> Provision:
    return Provision("article", num=f"Artículo {key}.-", key=key, children=[Provision("paragraph", text=text)])


def _doc(*arts: Provision) -> Document:
    from implan_regs.model.eid import assign_eids

    doc = Document(DocumentMeta(work="w", kind="reglamento", title="t"), body=list(arts))
    assign_eids(doc.body)
    return doc


def test_renumbering_lists_every_moved_target_with_its_rewrite():
    old = _doc(_art("1", "Objeto."), _art("2", "Definiciones."), _art("3", "Véase el artículo 2 y el artículo 1."),
               _art("4", "Lo dispuesto en el artículo anterior."), _art("5", "Se estará al artículo 9."))
    # restructure: 2 becomes 3, a new 2 is inserted, 3 becomes 4, 4 becomes 6 (after a new 5), 5 is removed
    new = _doc(_art("1", "Objeto."), _art("2", "Nuevo."), _art("3", "Definiciones."),
               _art("4", "Véase el artículo 2 y el artículo 1."), _art("5", "Otro nuevo."),
               _art("6", "Lo dispuesto en el artículo anterior."))
    corr = {"1": "1", "2": "3", "3": "4", "4": "6", "5": None}
    issues = check_references(old, new, corr)
    by_problem = [(i.reference.eid, i.problem, i.rewrite) for i in issues]
    assert ("art_4__para_1", "movido", "artículo 3") in by_problem
    assert ("art_6__para_1", "relativa", "el artículo 4") in by_problem
    assert all(i.reference.targets != ["1"] for i in issues)  # article 1 did not move
    text = new.find("art_4__para_1").text
    fixed = apply_rewrites(text, [i for i in issues if i.reference.eid == "art_4__para_1"])
    assert fixed == "Véase el artículo 3 y el artículo 1."


def test_reference_to_a_removed_article_has_no_rewrite():
    old = _doc(_art("1", "Véase el artículo 2."), _art("2", "Texto."))
    new = _doc(_art("1", "Véase el artículo 2."))
    issues = check_references(old, new, {"1": "1", "2": None})
    assert [(i.problem, i.rewrite) for i in issues] == [("inexistente", None)]
    assert "ya no existe" in issues[0].message
