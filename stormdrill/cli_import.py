"""``stormdrill import``: a shelter registry (避灾点台账, CSV or .xlsx) in, a scenario YAML out.

Only wiring: the importer is the library package ``registry``."""
from pathlib import Path

from messages import texts
from sim.userfile import UnusableFile, check_user_file

from . import options
from .commands import hours_option, problems_error
from .errors import UserError
from registry.gcj02 import CRS_NAMES
from registry.hazard import HAZARDS
from registry.projection import DETOUR_FACTOR

MAX_ONSET_H = 240.0
"""Latest onset accepted (h); ten days of lead time is more than any forecast gives."""


def import_command(args):
    # the importer (numpy, scipy, the model) is loaded here, not when the parser is built
    from registry import Options, RegistryError, import_registry, read_packs, write_rejected, write_scenario
    from registry.write import check_target

    sources, rejected = _files(args, texts(args.lang))
    try:
        lang = args.lang
        packs = read_packs(args.units, lang) if args.units else None
        options = Options(name=args.name or "", hazard=args.hazard, detour=args.detour, crs=args.crs, packs=packs,
                          onset_h=None if args.onset is None else hours_option("--onset", args.onset, 0, MAX_ONSET_H),
                          allow_empty_stock=args.allow_empty_stock, skip_bad_rows=args.skip_bad_rows, lang=lang)
        imported = import_registry(args.shelters, args.zones, args.roads, options)
        if imported.rejected:
            check_target(rejected, args.force, lang)
        scenario = write_scenario(imported.data, args.out, sources, force=args.force, lang=lang)
        if imported.rejected:
            write_rejected(imported.rejected, imported.headers, rejected, force=args.force, lang=lang)
    except RegistryError as exc:
        raise problems_error(exc) from None
    from registry.words import import_lines

    for line in import_lines(imported, scenario, args.out, rejected, args.hazard, lang, quiet=args.quiet):
        print(line)
    return 0


def _files(args, _):
    """(the input files, where the bad rows go), after checking the options that name files: a
    UserError says which and why."""
    if not 1.0 <= args.detour <= 3.0:
        raise UserError(_("--detour: {x:g} is not a detour factor; use a number from 1 to 3 (default {default:g})",
                          x=args.detour, default=DETOUR_FACTOR))
    sources = [s for s in (args.shelters, args.zones, args.roads, args.units) if s]
    for source in sources:  # a device, a FIFO or a symlink loop is refused before the importer opens it
        try:
            check_user_file(source)
        except UnusableFile as exc:
            raise UserError(_("{file}: {why}", file=source, why=exc)) from None
    rejected = Path(args.rejected) if args.rejected else Path(args.out).with_name("rejected.csv")
    try:
        for flag, target in (("-o", args.out), ("--rejected", rejected)):
            if any(Path(s).resolve() == Path(target).resolve() for s in sources):
                raise UserError(_("{flag} {target}: is one of the input files; write to another file", flag=flag,
                                  target=target))
        same_out = rejected.resolve() == Path(args.out).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise UserError(_("-o {out}: its symbolic links form a loop; write to another file", out=args.out)) from None
    if args.skip_bad_rows and same_out:
        raise UserError(_("--rejected {file}: is the scenario's -o; give another file", file=rejected))
    return sources, rejected

def register(sub, _):
    """Add ``import`` to the ``stormdrill`` parser (``_``: the catalogue of this command line)."""
    p = sub.add_parser(
        "import", help=_("build a scenario from a shelter registry (CSV or .xlsx)"),
        description=_("Build a scenario from a shelter registry, CSV (UTF-8 or GBK) or .xlsx, Chinese or English "
                      "headers, zones (CSV or GeoJSON) and optionally a roads GeoJSON. Bad rows are reported as "
                      "file:row: column: reason, all at once, and nothing is written (unless --skip-bad-rows). "
                      "See docs/import.md."))
    p.add_argument("shelters", help=_("shelter registry, CSV or .xlsx, Chinese or English headers: name, grade, "
                                      "tier, capacity, longitude, latitude, stocks, ... (docs/import.md)"))
    p.add_argument("--zones", metavar="FILE", help=_("zones CSV or GeoJSON (name, population, point or polygon); "
                                                     "required unless the registry gives each shelter's population served "
                                                     "(docs/import.md)"))
    p.add_argument("--roads", metavar="FILE", help=_("roads GeoJSON (LineStrings, longitude/latitude); default: "
                                                     "straight lines times --detour"))
    p.add_argument("--hazard", choices=sorted(HAZARDS), default="typhoon",
                   help=_("placeholder hazard over the area (default typhoon)"))
    p.add_argument("--onset", metavar="DURATION", help=_("hazard onset after the start, e.g. 24h "
                                                         "(default 24h for a typhoon, 12h for a rainstorm)"))
    p.add_argument("--detour", type=float, default=DETOUR_FACTOR,
                   help=_("road km per straight-line km when there is no roads file (default {x:g})",
                          x=DETOUR_FACTOR))
    p.add_argument("--crs", choices=sorted(CRS_NAMES), default="wgs84",
                   help=_("coordinate system of the registry's (and a zones CSV's) longitude / latitude: wgs84 (GPS, "
                          "OpenStreetMap; default) or gcj02 (Gaode / AMap, Tencent maps), converted to WGS 84"))
    p.add_argument("--units", metavar="FILE", help=_("YAML saying what a case of water or food holds, over the "
                                                     "defaults (docs/import.md)"))
    p.add_argument("--allow-empty-stock", action="store_true",
                   help=_("accept a registry with no water or no food at any shelter (otherwise an error)"))
    p.add_argument("--skip-bad-rows", action="store_true",
                   help=_("write the good rows and list each bad one with its reason in --rejected "
                          "(otherwise any bad row stops the import and nothing is written)"))
    p.add_argument("--rejected", metavar="FILE", help=_("where --skip-bad-rows lists the bad rows "
                                                        "(default rejected.csv beside -o)"))
    p.add_argument("--name", help=_("scenario name (default 'Imported shelter registry')"))
    options.add_out(p, _("scenario YAML to write"), metavar="FILE", required=True)
    options.add_force(p, _("overwrite FILE if it exists"))
    options.add_quiet(p, _("no notes and no next step: only what was written"))
    options.add_lang(p)
    p.set_defaults(func=import_command)
