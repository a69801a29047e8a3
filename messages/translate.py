"""Fill translations into a package's .po from a Python or YAML mapping (a helper for authors).

    python -m messages.translate sim /tmp/zh_sim.yaml      # {English message: 中文, ...}

A plural message is keyed by its singular; Chinese has one form, used for every n.
Messages the code does not hold are reported and skipped; existing translations are replaced.
"""
import sys

import yaml

from . import catalogue


def fill(domain, mapping, lang="zh"):
    catalog = catalogue.read(lang, domain)
    unknown = []
    for key, text in mapping.items():
        key = key[0] if isinstance(key, tuple) else key
        message = next((m for m in catalog if m.id and (m.id if isinstance(m.id, str) else m.id[0]) == key), None)
        if message is None:
            unknown.append(key)
            continue
        message.string = tuple(text for _ in message.string) if isinstance(message.id, tuple) else text
        message.flags.discard("fuzzy")
    catalogue.write(catalog, lang, domain)
    return unknown


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    domain, path = argv
    with open(path, encoding="utf-8") as fp:
        mapping = yaml.safe_load(fp) if not path.endswith(".py") else None
    if mapping is None:
        scope = {}
        exec(compile(open(path, encoding="utf-8").read(), path, "exec"), scope)
        mapping = scope["ZH"]
    catalogue.update((domain,))
    for key in fill(domain, mapping):
        print(f"not in the code (skipped): {key!r}", file=sys.stderr)
    catalogue.compile_all((domain,))
    return 0


if __name__ == "__main__":
    sys.exit(main())
