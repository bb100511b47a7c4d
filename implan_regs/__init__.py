"""implan-regs: a city's legal texts as Akoma Ntoso XML.

Pipeline (data flows one way):

    importers (PDF, DOCX, text, Markdown, reStructuredText, AKN)
        -> model (typed provision tree, eIds, FRBR URIs, AKN serialization)
        -> store (versioned corpus on disk, atomic writes, history)
        -> render / diff / search / export

The CLI (:mod:`implan_regs.cli`) only calls the library.
"""

__version__ = "0.1.0"
