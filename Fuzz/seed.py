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
for target, seeds in targets.items():
    folder = out / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for seed in seeds:
        data = seed.encode("utf-8")
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(os.listdir(folder))} seeds")
