"""The main job on the sample corpus, run as a newcomer would type it.

Creates a fresh corpus root, imports every document of ``corpus/manifest.json`` (in date
order, so a work gets its versions in force in order), then lists, shows and validates.
Each command is printed before it runs.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CLI = [str(PROJECT / ".venv" / "bin" / "implan-regs")]


def run(*args: str, root: Path, show_lines: int | None = None, refused: bool = False,
        env: dict[str, str] | None = None) -> None:
    """Run one command and show its output; ``refused``: the command must fail (exit 2), as shown;
    ``env``: variables set for it (shown before the command)."""
    cmd = CLI + ["--root", str(root), *args]
    shown_env = "".join(f"{k}={shlex.quote(v)} " for k, v in (env or {}).items())
    print(f"\n$ {shown_env}implan-regs --root {shlex.quote(str(root))} {shlex.join(args)}", flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    lines = (out.stdout + out.stderr).splitlines()
    if show_lines is not None and len(lines) > show_lines:
        lines = lines[:show_lines] + [f"… ({len(lines) - show_lines} líneas más)"]
    print("\n".join(lines))
    if refused and out.returncode != 2:
        sys.exit(f"demo: se esperaba un rechazo (estado 2) y terminó con estado {out.returncode}")
    if out.returncode != 0 and not refused:
        sys.exit(f"demo: el comando falló con estado {out.returncode}")


def import_args(entry: dict) -> list[str]:
    args = ["import", str(PROJECT / "corpus" / entry["file"]), "--work", entry["work"], "--kind", entry["kind"],
            "--title", entry["title"], "--date", entry["date"], "--message", "corpus de muestra"]
    if entry.get("work_date"):
        args += ["--work-date", entry["work_date"]]
    pub = entry.get("publication") or {}
    if pub.get("date"):
        args += ["--published", pub["date"], "--gazette", pub.get("gazette", "Periódico Oficial del Estado")]
        if pub.get("number"):
            args += ["--gazette-number", str(pub["number"])]
    if entry.get("entry_into_force"):
        args += ["--in-force", entry["entry_into_force"]]
    if entry.get("decree"):
        args += ["--decree", entry["decree"]]
    return args


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "demo-root").resolve()
    if root.exists():
        shutil.rmtree(root)
    manifest = json.loads((PROJECT / "corpus" / "manifest.json").read_text("utf-8"))
    run("init", root=root)
    for entry in sorted(manifest, key=lambda e: e["date"]):
        run(*import_args(entry), root=root, show_lines=14)
    run("list", root=root)
    first = manifest[0]["work"]
    run("show", first, "--provision", "artículo 45 Bis", root=root)
    run("show", first, "--provision", "artículo 3 fracción II", root=root)
    run("show", first, "--at", "2016-01-01", "--provision", "artículo 1", root=root)
    run("show", first, "--provision", "artículo 45 Bis fracción II", "--format", "xml", root=root)
    run("history", root=root)
    run("validate", root=root)
    reform_demo(root, first)
    export_demo(root, first)
    word_demo(root)
    review_demo(root, first)
    procedure_demo(root)
    search_demo(root)
    real_pdf_demo(root)
    site_demo(root)
    postgres_demo(root, first)
    print(f"\nListo. El acervo de muestra quedó en {root}")


def postgres_demo(root: Path, work: str) -> None:
    """The same corpus in PostgreSQL (several web servers, a state's municipalities in one
    database): a throwaway server, the file store copied in and verified, the same commands on
    it, and the store written back to files, verified again."""
    cluster = Path(tempfile.mkdtemp(prefix="implan-demo-pg-"))
    start = subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "start", str(cluster)],
                           capture_output=True, text=True)
    if start.returncode:
        sys.exit(f"demo: no se pudo iniciar PostgreSQL: {start.stderr.strip()}")
    env = {"IMPLAN_REGS_DATABASE_URL": start.stdout.strip().splitlines()[-1], "IMPLAN_REGS_STORE": "torreon"}
    cache = root.parent / f"{root.name}-pg"  # per-machine caches only (the search index)
    exported = root.parent / f"{root.name}-exportado"
    for folder in (cache, exported):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        print("\n# PostgreSQL: el mismo acervo en una base de datos compartida", flush=True)
        run("migrate", "--from", str(root), root=cache, env=env)
        run("list", root=cache, env=env)
        run("show", work, "--provision", "artículo 45 Bis", root=cache, env=env)
        run("observe", "add", work, "artículo 45 Bis", "--department", "Dirección General Jurídica", "--text",
            "Precisar el porcentaje de cajones.", root=cache, env=env)  # the next id, allocated in the database
        run("observe", "report", REFORM, "--at", "2021-06-15", root=cache, env=env, show_lines=8)
        # search in the database, same query language; the index followed every write in its transaction
        run("search", "estacionamiento para bicicletas", "--engine", "postgres", "--per-page", "3", root=cache,
            env=env, show_lines=12)
        run("search", "salario mínimo", "--at", "2016-01-01", "--engine", "postgres", "--per-page", "2",
            root=cache, env=env, show_lines=8)
        holidays = cache / "dias-inhabiles.txt"
        holidays.write_text("# jornada electoral\n2021-06-06\n", encoding="utf-8")
        run("settings", "set", "dias-inhabiles", str(holidays), "-m", "calendario municipal", root=cache, env=env)
        run("check", root=cache, env=env)
        run("export-store", "--to", str(exported), root=cache, env=env)
        run("backup", "-o", str(root.parent / f"{root.name}-pg.dump"), "--force", root=cache, env=env)  # pg_dump
    finally:
        subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)


def site_demo(root: Path) -> None:
    """The public portal: the corpus as a static site (search index, feed, links checked); a second
    build rebuilds nothing."""
    site = root.parent / f"{root.name}-sitio"
    if site.exists():
        shutil.rmtree(site)
    args = ["site", "build", "-o", str(site), "--base-url", "https://normatividad.torreon.gob.mx/"]
    originals = PROJECT.parent / "shared" / "corpus"  # the real PDF imported above is offered for download
    if originals.is_dir():
        args += ["--sources", str(originals)]
    run(*args, root=root)
    run(*args, root=root)
    print(f"(vista previa: .venv/bin/implan-regs site serve {shlex.quote(str(site))})")


def real_pdf_demo(root: Path) -> None:
    """A real PDF with no per-file option: title and date read from it, párrafos from the page,
    the fines of artículo 148 as one table, artículo 7 one item per defined term."""
    pdf = PROJECT.parent / "shared" / "corpus" / "torreon-reglamento-movilidad-urbana.pdf"
    if not pdf.is_file():
        print(f"\n(sin {pdf}: se omite la importación de un PDF real)")
        return
    run("import", str(pdf), root=root)
    run("show", "reglamento-movilidad-urbana", "--provision", "artículo 1", root=root)
    run("show", "reglamento-movilidad-urbana", "--provision", "artículo 148", root=root, show_lines=8)
    run("show", "reglamento-movilidad-urbana", "--provision", "párrafo cuarto del artículo 7", root=root)


REFORM = "reforma-2021"
NEW_CHAPTER = """CAPÍTULO III
DE LA ACCESIBILIDAD UNIVERSAL

Artículo 52 Bis.- Las edificaciones de uso público deberán garantizar la accesibilidad de las personas con discapacidad, conforme a las normas técnicas que expida la Dirección, previa opinión del Instituto.

Artículo 52 Ter.- La Dirección no expedirá la Licencia de Construcción de las edificaciones a que se refiere el artículo anterior sin la verificación del proyecto de accesibilidad."""


def reform_demo(root: Path, work: str) -> None:
    """A reform proposal: operations with their reasons, status, publication, history, rebase."""
    run("proposal", "new", f"{work}@2019-03-16", "--id", REFORM, "--author", "Lic. Ana Martínez",
        "--title", "Reforma en materia de movilidad activa y accesibilidad 2021",
        "--motivation", "Armonizar el Reglamento con la LGAHOTDU y con el Plan de Movilidad Activa.", root=root)
    run("proposal", "amend", REFORM, "párrafo primero del artículo 30", "--author", "Lic. Ana Martínez",
        "--text", "La constancia de alineamiento y número oficial tendrá una vigencia de dos años contados a "
        "partir de su expedición.",
        "--reason", "Simplificación administrativa: el predio no cambia en un año.", root=root)
    run("proposal", "add", REFORM, "--after", "artículo 45 Bis", "--author", "Arq. Luis Herrera",
        "--text", "Los estacionamientos públicos y los de edificaciones no habitacionales de más de cincuenta "
        "cajones destinarán al menos el dos por ciento de sus cajones a la recarga de vehículos eléctricos.",
        "--reason", "Movilidad de bajas emisiones (Plan de Movilidad Activa, línea 3.2).", root=root)
    run("proposal", "add", REFORM, "--chapter", "--after", "título cuarto capítulo II", "--text", NEW_CHAPTER,
        "--reason", "Accesibilidad universal (LGAHOTDU, art. 4, fracción VI).", root=root)
    run("proposal", "repeal", REFORM, "artículo 50 fracción II",
        "--reason", "La restricción por pendiente se regula en el Atlas de Riesgos.", root=root)
    run("proposal", "transitorios", REFORM,
        "--text", "El presente decreto entrará en vigor al día siguiente de su publicación en el Periódico "
        "Oficial del Estado.",
        "--text", "Se derogan las disposiciones que se opongan al presente decreto.", root=root)
    run("proposal", "status", REFORM, "en revisión", "--note", "Enviada a las Direcciones Generales", root=root)
    run("proposal", "show", REFORM, "--operations", root=root)
    run("proposal", "show", REFORM, "--provision", "artículo 45 Ter", root=root)
    run("proposal", "diff", REFORM, root=root)
    run("proposal", "decree", REFORM, root=root)
    # The decree is read back, applied to the text in force and compared with the draft.
    run("proposal", "verify-decree", REFORM, root=root)
    run("proposal", "check-references", REFORM, root=root)
    run("diff", f"{work}@2015-12-20", f"{work}@2019-03-16", root=root, show_lines=16)

    # A small correction is published first; the big reform is then rebased onto it.
    run("proposal", "new", work, "--id", "fe-de-erratas-2020", "--title", "Fe de erratas 2020", root=root)
    run("proposal", "amend", "fe-de-erratas-2020", "artículo 46", "--text",
        "Los requerimientos de estacionamiento de los usos no previstos en la tabla del artículo 45 de este "
        "Reglamento serán determinados por la Dirección, previo dictamen técnico del Instituto, por analogía "
        "con los usos previstos y considerando la oferta de transporte público.", root=root)
    # Its procedure (docs/procedure.md): review, the commission's dictamen, the Cabildo's vote, publication;
    # in force the day after publication (Reglamento Interior, art. 137).
    run("proposal", "status", "fe-de-erratas-2020", "en revisión", "--message", "Se circula a Jurídico", root=root)
    run("proposal", "dictamen", "fe-de-erratas-2020", "--commission", "Comisión de Desarrollo Urbano",
        "--date", "2020-05-20", root=root)
    run("proposal", "approve", "fe-de-erratas-2020", "--session", "Sesión ordinaria de Cabildo", "--date",
        "2020-05-28", "--acta", "31", "--votes", "17-0-1", root=root)
    run("proposal", "publish", "fe-de-erratas-2020", "--date", "2020-06-01", "--gazette-number", "44", root=root)
    run("show", work, "--at", "2020-01-01", "--provision", "artículo 46", root=root)
    run("history", work, "artículo 46", root=root)
    run("proposal", "rebase", REFORM, root=root)
    # A decree approved by the Cabildo, as published (dash leaders, "I. y II. - - -"), becomes a proposal.
    decree_file = str(PROJECT / "corpus" / "decretos" / "decreto-cabildo-2022.txt")
    run("proposal", "from-decree", f"{work}@2020-06-02", decree_file, "--id", "cabildo-2022", root=root)
    run("proposal", "show", "cabildo-2022", "--provision", "artículo 50", root=root)
    run("proposal", "verify-decree", "cabildo-2022", root=root)
    # A Bis article is amended with plain text, and the decree shows how it will read.
    run("proposal", "amend", "cabildo-2022", "artículo 45 Bis", "--text",
        "Los estacionamientos públicos destinarán al menos el cinco por ciento de sus cajones a bicicletas.",
        root=root)
    run("proposal", "decree", "cabildo-2022", root=root, show_lines=12)
    run("proposal", "correspondence", "cabildo-2022", "--changes-only", root=root)
    run("proposal", "list", root=root)
    observations_demo(root)


def observations_demo(root: Path) -> None:
    """The Direcciones Generales' observations: import, answer in every status, re-anchor, report."""
    csv_path = str(PROJECT / "corpus" / "observaciones-reforma-2021.csv")
    run("observe", "import", REFORM, csv_path, "--by", "Oficialía de Partes del IMPLAN", root=root, show_lines=8)
    run("observe", "answer", "OBS-0002", "--status", "atendida", "--change", "op-0002", "--response",
        "Se amplía la obligación a los estacionamientos de edificios públicos municipales.",
        "--author", "Lic. Ana Martínez", "--date", "2021-05-20", root=root)
    run("observe", "answer", "OBS-0001", "--status", "atendida parcialmente", "--change", "op-0001", "--response",
        "Se amplía la vigencia a dos años; la pérdida de vigencia por cambio del Plan Director se regula en el "
        "párrafo segundo vigente.", "--author", "Lic. Ana Martínez", "--date", "2021-05-20", root=root)
    run("observe", "answer", "OBS-0008", "--status", "atendida", "--change", "op-0003", "--response",
        "El artículo 52 Bis remite a los usos de equipamiento del Plan Director.",
        "--author", "Arq. Luis Herrera", "--date", "2021-05-24", root=root)
    run("observe", "answer", "OBS-0013", "--status", "justificada", "--response",
        "No procede: la restricción por pendiente queda cubierta por la fracción IV (zonas de riesgo alto del "
        "Atlas de Riesgos).", "--author", "Lic. Ana Martínez", "--date", "2021-05-25", root=root)
    run("observe", "answer", "OBS-0007", "--status", "en análisis", "--response",
        "Se consulta a la Dirección de Normatividad sobre la NMX aplicable.", "--author", "Arq. Luis Herrera",
        "--date", "2021-05-25", root=root)
    run("observe", "list", REFORM, "--status", "pendiente", "--department", "Obras Públicas", "--at", "2021-05-26",
        root=root)
    run("observe", "show", "OBS-0013", root=root)
    # Re-anchoring: art. 45 Ter is moved and renumbered; its observations follow it.
    run("proposal", "move", REFORM, "artículo 45 Ter", "--after", "artículo 46", "--number", "46 Bis",
        "--reason", "Se reubica tras las reglas generales de estacionamiento.", root=root)
    run("observe", "list", REFORM, "--provision", "artículo 46 Bis", "--at", "2021-05-26", root=root)
    # A citation of the old number says where the article went; mistakes are told in Spanish, click's own too.
    run("observe", "add", REFORM, "artículo 45 Ter", "--department", "Dirección General de Obras Públicas",
        "--text", "Revisar el porcentaje de cajones.", root=root, refused=True)
    run("observe", "list", REFORM, "--status", "abierta", root=root, refused=True)
    run("observe", "reanchor", REFORM, root=root)
    run("observe", "report", REFORM, "--at", "2021-06-15", root=root)


COMMISSION = "Comisión de Desarrollo Urbano"


def one_page_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with ``lines`` of text (Helvetica): the demo's stand-in for a signed document."""
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 11 Tf 72 720 Td {text} ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pending_observations(root: Path) -> list[str]:
    out = subprocess.run(CLI + ["--root", str(root), "observe", "list", REFORM, "--json"], capture_output=True,
                         text=True, check=True)
    return [o["id"] for o in json.loads(out.stdout) if o["status"] in ("pendiente", "en análisis")]


def procedure_demo(root: Path) -> None:
    """From draft to the Periódico Oficial (docs/procedure.md): the one transition table, the
    commission's dictamen and resolutions, the Cabildo's vote, what publication refuses, the timeline."""
    run("proposal", "status", REFORM, "aprobada", root=root, refused=True)
    run("proposal", "publish", REFORM, "--date", "2021-06-14", root=root, refused=True)
    dictamen = one_page_pdf(root.parent / f"{root.name}-dictamen.pdf",
                            [f"Dictamen de la {COMMISSION}", "Reforma en materia de movilidad activa 2021"])
    run("proposal", "dictamen", REFORM, "--commission", COMMISSION, "--date", "2021-06-01", "--file",
        str(dictamen), "--author", "Lic. Ana Martínez", root=root)
    run("proposal", "approve", REFORM, "--session", "Sesión ordinaria de Cabildo", "--date", "2021-06-10",
        "--acta", "45", "--votes", "10-1-0", root=root, refused=True)
    run("proposal", "approve", REFORM, "--session", "Sesión ordinaria de Cabildo", "--date", "2021-06-10",
        "--acta", "45", "--votes", "16-2-0", "--author", "Secretaría del R. Ayuntamiento", root=root)
    run("proposal", "publish", REFORM, "--date", "2021-06-14", root=root, refused=True)
    for obs_id in pending_observations(root):
        run("observe", "resolve", obs_id, "--by", COMMISSION, "--decision", "no-procede", "--date", "2021-06-01",
            "--reason", "La Comisión la estima fuera del alcance de esta reforma; se atenderá en la siguiente.",
            root=root)
    run("proposal", "publish", REFORM, "--date", "2021-06-09", root=root, refused=True)
    run("proposal", "publish", REFORM, "--date", "2021-06-14", "--gazette-number", "47", root=root)
    run("proposal", "timeline", REFORM, root=root, show_lines=12)
    run("export", REFORM, "--as", "expediente", "-o", str(root / "exportaciones" / "expediente-reforma-2021.docx"),
        root=root)


def search_demo(root: Path) -> None:
    """Spanish-aware search: point in time, typos ("¿Quiso decir …?"), relaxed plain words and
    synonyms, citable labels, citations; the index follows every change."""
    run("search", "salario mínimo", "--at", "2016-01-01", root=root)
    run("search", "protecion civil", "--per-page", "3", root=root)
    # a misspelt word: "¿Quiso decir …?"; results labelled as citations ("Fracción II del artículo 3")
    run("search", "estacionamento para bicicletas", "--per-page", "3", root=root)
    # plain words need not all match; synonyms (basura/residuos, multa/sanción) apply
    run("search", "multas por tirar basura en predios baldíos", "--per-page", "3", root=root)
    run("search", "art. 20 reglamento de desarrollo urbano", root=root, show_lines=12)
    run("search", "estacionamiento para bicicletas", "--include-proposals", "--include-observations",
        "--per-page", "4", root=root, show_lines=20)
    run("index", "status", root=root)
    run("check", root=root)
    run("backup", "-o", str(root.parent / f"{root.name}-respaldo.tar.gz"), "--force", root=root)


def export_demo(root: Path, work: str) -> None:
    """The Word documents lawyers hand over, written next to the corpus."""
    out = root / "exportaciones"
    out.mkdir(exist_ok=True)
    run("export", work, "--as", "consolidated", "--toc", "-o", str(out / "reglamento-vigente.docx"), root=root)
    run("export", REFORM, "--as", "consolidated", "-o", str(out / "proyecto-reforma-2021.docx"), root=root)
    run("export", REFORM, "--as", "comparative", "--with-observations", "-o", str(out / "cuadro-comparativo.docx"),
        root=root)
    run("export", REFORM, "--as", "correspondence", "-o", str(out / "tabla-correspondencia.docx"), root=root)
    run("export", REFORM, "--as", "decree", "-o", str(out / "decreto.docx"), root=root)
    run("export", REFORM, "--as", "redline", "-o", str(out / "reforma-control-de-cambios.docx"), root=root)
    run("export", REFORM, "--as", "observations", "-o", str(out / "matriz-observaciones.docx"), root=root)


def word_demo(root: Path) -> None:
    """The Word round trip: the review copy goes to a Dirección General, which comments it in Word;
    each comment becomes an observation anchored to the provision it starts on (a second import adds none)."""
    import docx

    copy_path = root / "exportaciones" / "para-revision.docx"
    run("export", REFORM, "--as", "review", "-o", str(copy_path), root=root)
    document = docx.Document(str(copy_path))
    article = next(p for p in document.paragraphs if p.text.startswith("Artículo 30"))
    document.add_comment(article.runs, text="Precisar qué autoridad expide la constancia.",
                         author="Ing. Rosa Soto", initials="RS")
    answered = root / "exportaciones" / "respuesta-obras-publicas.docx"
    document.save(str(answered))
    args = ("observe", "import-docx", REFORM, str(answered), "--department", "Dirección General de Obras Públicas")
    run(*args, "--dry-run", root=root)
    run(*args, root=root)
    run(*args, root=root)


def review_demo(root: Path, work: str) -> None:
    """Revisión de técnica jurídica: findings by provision, the mechanical fixes as a proposal whose
    decree verifies, and the report for the legal review."""
    run("review", work, root=root, show_lines=12)
    run("review", work, "--fix", "--id", "correccion-tecnica", root=root)
    run("proposal", "verify-decree", "correccion-tecnica", root=root)
    run("export", work, "--as", "review-report", "-o", str(root / "exportaciones" / "revision.docx"), root=root)


if __name__ == "__main__":
    main()
