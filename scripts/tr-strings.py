#!/usr/bin/env python3
"""The UI's translatable strings: every first argument of @tr(...) in ui/.

    scripts/tr-strings.py          write lang/lockerwall.pot and bring every
                                   lang/<lang>/LC_MESSAGES/lockerwall.po up to
                                   date (new strings added untranslated, gone
                                   ones dropped, translations kept)
    scripts/tr-strings.py --check  say which strings a .po lacks; exit 1 if a
                                   complete language (en is the source; es) lacks any

Strings have no context: the build uses DefaultTranslationContext::None, so
one English sentence is translated once wherever it appears. The same check
runs in `cargo test` (tests/translations.rs).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
LANG = ROOT / "lang"
COMPLETE = ["es"]
# Plural-Forms headers of the languages we ship.
PLURALS = {
    "es": "nplurals=2; plural=(n != 1);",
    "vi": "nplurals=1; plural=0;",
}

TR = re.compile(r'@tr\(\s*"((?:[^"\\]|\\.)*)"')


def unescape_slint(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "n":
                out.append("\n")
            elif n == "u" and s[i + 2 : i + 3] == "{":
                end = s.index("}", i)
                out.append(chr(int(s[i + 3 : end], 16)))
                i = end + 1
                continue
            else:
                out.append(n)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def ui_strings():
    """Every @tr string, in file order, with where it appears."""
    seen = {}
    for path in sorted(UI.rglob("*.slint")):
        text = path.read_text(encoding="utf-8")
        for m in TR.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            s = unescape_slint(m.group(1))
            seen.setdefault(s, []).append(f"{path.relative_to(ROOT)}:{line}")
    return seen


def po_quote(s):
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def po_unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    s = s[1:-1]
    return s.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def read_po(path):
    """msgid -> msgstr of a .po file (the header entry left out)."""
    entries, key, cur = {}, None, None
    msgid = msgstr = None

    def flush():
        if msgid is not None and msgid != "":
            entries[msgid] = msgstr or ""

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, key = po_unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, key = po_unquote(line[7:]), "str"
        elif line.startswith('"'):
            if key == "id":
                msgid += po_unquote(line)
            elif key == "str":
                msgstr += po_unquote(line)
        elif not line:
            key = None
    flush()
    return entries


def write_po(path, strings, translations, lang):
    lines = []
    header = "Content-Type: text/plain; charset=UTF-8\\n"
    if lang:
        header = f"Language: {lang}\\n" + header + f"Plural-Forms: {PLURALS.get(lang, 'nplurals=2; plural=(n != 1);')}\\n"
    lines += ['msgid ""', f'msgstr "{header}"', ""]
    for s, where in strings.items():
        for w in where[:3]:
            lines.append(f"#: {w}")
        lines.append(f"msgid {po_quote(s)}")
        lines.append(f"msgstr {po_quote(translations.get(s, ''))}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main():
    strings = ui_strings()
    check = "--check" in sys.argv
    bad = False
    if not check:
        write_po(LANG / "lockerwall.pot", strings, {}, None)
    for po in sorted(LANG.glob("*/LC_MESSAGES/lockerwall.po")):
        lang = po.parent.parent.name
        have = read_po(po)
        missing = [s for s in strings if not have.get(s)]
        if check:
            if missing:
                print(f"{lang}: {len(missing)} of {len(strings)} strings untranslated")
                for s in missing[:20]:
                    print(f"    {s!r}")
                bad |= lang in COMPLETE
        else:
            write_po(po, strings, have, lang)
            print(f"{lang}: {len(strings) - len(missing)} of {len(strings)} translated")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
