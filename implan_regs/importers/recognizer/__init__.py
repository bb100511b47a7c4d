"""The shared structural recognizer: SourceLines -> Document, by the rules of Mexican drafting.

A pipeline in stages, each a module testable alone: line classification, pure
(:mod:`.classify`, its patterns in :mod:`.patterns`) -> tree building, a state machine fed one
line at a time (:mod:`.build` with :mod:`.points`, :mod:`.content`, :mod:`.transitorios`; its
state in :mod:`.state`) -> passes over the tree: derogations, restarted lists, glossary entries,
eIds (:mod:`.finish`). Akoma Ntoso is written from the tree by :mod:`implan_regs.model.akn`.

Every line-based importer (text, PDF, Markdown, reStructuredText, DOCX) produces
:class:`~.lines.SourceLine` objects; :func:`recognize` turns them into the provision tree of
:mod:`implan_regs.model.tree`: preface (title lines), preamble (exposición de motivos,
considerandos, the enacting decree), body (libro > título > capítulo > sección > artículo >
apartado/fracción/inciso/numeral), transitorios blocks and conclusions (signatures).

Paragraph modes (how lines become paragraphs):

* ``"wrapped"``: pdftotext output, hard-wrapped; a new paragraph is judged from punctuation,
  capitalisation and line length;
* ``"lines"``: no hard wrapping, one paragraph a line (hand-typed text, our sample corpus);
  a blank line after a list closes it;
* ``"blank"``: paragraphs are separated by blank lines (reStructuredText, our own rendered
  text, Markdown written one paragraph a line); indentation, when given
  (``SourceLine.indent``), decides which fracción a paragraph belongs to.

>>> from implan_regs.importers.lines import SourceLine
>>> from implan_regs.model.tree import DocumentMeta
>>> lines = [SourceLine(t, i) for i, t in enumerate(
...     ["CAPÍTULO I", "Disposiciones generales", "Artículo 1.- Son autoridades:",
...      "I. El Presidente;", "II. El Cabildo.", "ART. 1-BIS.- Se deroga."], 1)]
>>> result = recognize(lines, DocumentMeta(work="x", kind="reglamento", title="X"))
>>> [a.key for a in result.document.articles()], result.document.body[0].heading
(['1', '1bis'], 'Disposiciones generales')
"""

from .build import recognize
from .classify import detect_mode
from .content import MAX_PARAGRAPH
from .finish import nest_restarted_lists
from .patterns import PLAN_LEVELS
from .state import Label

__all__ = ["MAX_PARAGRAPH", "PLAN_LEVELS", "Label", "detect_mode", "nest_restarted_lists", "recognize"]
