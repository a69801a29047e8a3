"""``python -m messages update|compile|check|missing [package ...]``: see messages/catalogue.py."""
import sys

from . import catalogue


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("update", "compile", "check", "missing"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    domains = tuple(argv[1:]) or catalogue.DOMAINS
    unknown = [d for d in domains if d not in catalogue.DOMAINS]
    if unknown:
        print(f"unknown package(s) {unknown}; the catalogue's packages are {catalogue.DOMAINS}", file=sys.stderr)
        return 2
    if argv[0] == "update":
        for (lang, domain), n in catalogue.update(domains).items():
            print(f"{lang}/{domain}.po: {n} untranslated" if n else f"{lang}/{domain}.po: complete")
        return 0
    if argv[0] == "compile":
        for path in catalogue.compile_all(domains):
            print(f"wrote {path.relative_to(catalogue.ROOT)}")
        return 0
    if argv[0] == "missing":
        for domain, ids in catalogue.missing(domains).items():
            print(f"[{domain}]")
            for key in ids:
                print(f"  {key!r}")
        return 0
    found = catalogue.problems(domains)
    print("\n".join(found) if found else "the catalogue is complete and compiled")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
