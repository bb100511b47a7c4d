"""LibreOffice's own "accept all" / "reject all" on DOCX files, each result saved as UTF-8 text.

Run with the system python, which has LibreOffice's UNO bridge (python3-uno, a dependency of
libreoffice-common, installed with LibreOffice by scripts/system-packages):

    /usr/bin/python3 tests/lo_changes.py PROFILE_DIR accept|reject IN.docx OUT.txt [IN OUT ...]

It starts one headless soffice on a private pipe and profile, opens each file hidden, dispatches
``.uno:AcceptAllTrackedChanges`` or ``.uno:RejectAllTrackedChanges`` and stores the text (one
paragraph a line).
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    profile, mode, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    pipe = f"implanlo{os.getpid()}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
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
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
        for source, target in zip(pairs[::2], pairs[1::2], strict=True):
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                               (prop("Hidden", True),))
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command, "", 0, ())
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                           (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))
            doc.close(True)
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
