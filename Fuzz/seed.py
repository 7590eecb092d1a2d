#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target: the example memos, the rule and configuration files,
the regression inputs under Fuzz/Regressions/, and the multi-line string literals of the test suite
(the fixtures the tests embed). Usage: seed.py OUTDIR (one subfolder per target, rewritten each time)."""
import hashlib, os, pathlib, re, shutil, sys

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])

def literals():
    for path in sorted((root / "Tests").rglob("*.swift")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'#?"""\n(.*?)\n[ \t]*"""#?', text, re.S):
            body = m.group(1)
            lines = body.split("\n")
            indent = min((len(l) - len(l.lstrip(" ")) for l in lines if l.strip()), default=0)
            yield "\n".join(l[indent:] for l in lines).replace("\\n", "\n").replace("\\t", "\t") + "\n"

def files(*patterns):
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                yield path.read_text(encoding="utf-8", errors="replace")

def binary_files(*patterns):
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                yield path.read_bytes()

tests = list(literals())
markup = [t for t in tests if "<" in t]
targets = {
    "FuzzMarkdown": list(files("Examples/*.md", "Fuzz/Regressions/FuzzMarkdown/*")) + tests,
    "FuzzXHTML": list(files("Examples/*.xhtml", "Fuzz/Regressions/FuzzXHTML/*")) + markup,
    "FuzzHTML": list(files("Examples/*.xhtml", "Fuzz/Regressions/FuzzHTML/*")) + markup,
    "FuzzConfig": list(files("Examples/.jamlint.yml", "Rules/*.yml", "Rules/lexicon/*.yml",
                             "Fuzz/Regressions/FuzzConfig/*")) + [t for t in tests if ":" in t and "<" not in t],
    "FuzzSuppressions": list(files("Examples/*.md", "Fuzz/Regressions/FuzzSuppressions/*"))
                        + [t for t in tests if "jamlint-" in t],
}
def small_archives():
    """Two minimal archives (a Word and an OpenDocument memo), fixed timestamps: small seeds mutate faster."""
    import io, zipfile
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    docx = ('<?xml version="1.0"?><w:document %s><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
            '<w:r><w:t>Jämställdhet</w:t></w:r></w:p><w:p><w:r><w:t>Av 1 200 brukare är 60 %% kvinnor.</w:t>'
            '</w:r></w:p></w:body></w:document>' % w)
    odt = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
           '<text:h text:outline-level="1">Jämställdhet</text:h><text:p>Flickor och pojkar berörs lika.</text:p>'
           '</office:text></office:body></office:document-content>')
    for parts in ([("word/document.xml", docx)], [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", odt)]):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, text in parts:
                info = zipfile.ZipInfo(name, date_time=(2024, 3, 12, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("utf-8"))
        yield buffer.getvalue()

# Word and OpenDocument files are zip archives: their seeds are bytes, not text.
targets["FuzzOffice"] = list(binary_files("Tests/JamlintCoreTests/Docx/Fixtures/*.docx",
                                          "Tests/JamlintCoreTests/Docx/Fixtures/*.odt",
                                          "Fuzz/Regressions/FuzzOffice/*")) + list(small_archives())
for target, seeds in targets.items():
    folder = out / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for seed in seeds:
        data = seed if isinstance(seed, bytes) else seed.encode("utf-8")
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(os.listdir(folder))} seeds")
