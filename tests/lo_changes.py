"""Drive LibreOffice itself on DOCX files, the way users use it (run with the system python).

The system python has LibreOffice's UNO bridge (python3-uno, a dependency of libreoffice-common,
installed with LibreOffice by scripts/system-packages):

    /usr/bin/python3 tests/lo_changes.py PROFILE accept|reject IN.docx OUT.txt [IN OUT ...]
    /usr/bin/python3 tests/lo_changes.py PROFILE edit IN.docx OUT.docx ACTIONS.json

``accept``/``reject`` dispatch LibreOffice's own "accept all" / "reject all" and store each result
as UTF-8 text (one paragraph a line). ``edit`` plays a reviewer: with change recording on, under
the author named in each action, it replaces words (``replace``), types a new paragraph after one
(``insert_after``) and deletes a paragraph (``delete``), then saves as Word 2007–365 DOCX.
Comments cannot be added here: LibreOffice 7.4 headless crashes saving a document with a comment
(use ``soffice --convert-to docx`` to have LibreOffice rewrite a commented file).
One headless soffice per run, on a private pipe and profile.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:  # imported by pytest's doctest collection under the project's python: no UNO bridge there
    uno = PropertyValue = None

PARAGRAPH_BREAK = 0  # com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


@contextlib.contextmanager
def office(profile):
    pipe = f"implanlo{os.getpid()}"
    process = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                                "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        yield ctx, desktop
        desktop.terminate()
    finally:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def load(desktop, path):
    for _ in range(20):  # a profile being created may refuse the first load
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                           (prop("Hidden", True),))
        if doc is not None:
            return doc
        time.sleep(1)
    raise SystemExit(f"LibreOffice could not open {path}")


def resolve_all(ctx, desktop, mode, pairs):
    dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
    for source, target in zip(pairs[::2], pairs[1::2], strict=True):
        doc = load(desktop, source)
        dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                       (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))
        doc.close(True)


def set_author(ctx, name):
    """The user name LibreOffice writes as the author of changes and comments."""
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess",
                                                  (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = name.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def paragraph(doc, contains):
    for para in doc.getText().createEnumeration():
        if para.supportsService("com.sun.star.text.Paragraph") and contains in " ".join(para.getString().split()):
            return para
    raise SystemExit(f"no paragraph contains {contains!r}")


def edit(ctx, desktop, source, target, actions):
    doc = load(desktop, source)
    text = doc.getText()
    for action in actions:
        if action.get("author"):
            set_author(ctx, action["author"])
        kind = action["do"]
        doc.RecordChanges = True
        if kind == "replace":
            descriptor = doc.createReplaceDescriptor()
            descriptor.SearchString, descriptor.ReplaceString = action["old"], action["new"]
            doc.replaceAll(descriptor)
        elif kind == "insert_after":
            cursor = text.createTextCursorByRange(paragraph(doc, action["contains"]).getEnd())
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            text.insertString(cursor, action["text"], False)
        elif kind == "delete":
            para = paragraph(doc, action["contains"])
            cursor = text.createTextCursorByRange(para.getStart())
            cursor.gotoRange(para.getEnd(), True)
            cursor.goRight(1, True)  # and its paragraph mark
            cursor.setString("")
        doc.RecordChanges = False
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)


def main():
    profile, mode, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    with office(profile) as (ctx, desktop):
        if mode == "edit":
            with open(args[2], encoding="utf-8") as f:
                edit(ctx, desktop, args[0], args[1], json.load(f))
        else:
            resolve_all(ctx, desktop, mode, args)


if __name__ == "__main__":
    main()
