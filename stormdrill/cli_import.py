"""``stormdrill import``: a shelter registry (避灾点台账, CSV) in, a scenario YAML out."""
from pathlib import Path

from sim.userfile import UnusableFile, check_user_file

from .commands import hours_option, problems_error
from .errors import UserError
from .registry import Options, RegistryError, import_registry, write_scenario
from .registry.hazard import HAZARDS
from .registry.roads import DETOUR_FACTOR

MAX_ONSET_H = 240.0
"""Latest onset accepted (h); ten days of lead time is more than any forecast gives."""


def import_command(args):
    if not 1.0 <= args.detour <= 3.0:
        raise UserError(f"--detour: {args.detour:g} is not a detour factor; use a number from 1 to 3 (default {DETOUR_FACTOR:g})")
    options = Options(name=args.name or "", hazard=args.hazard, onset_h=None if args.onset is None else hours_option("--onset", args.onset, 0, MAX_ONSET_H), detour=args.detour)
    sources = [s for s in (args.shelters, args.zones, args.roads) if s]
    for source in sources:  # a device, a FIFO or a symlink loop is refused before the importer opens it
        try:
            check_user_file(source)
        except UnusableFile as exc:
            raise UserError(f"{source}: {exc}") from None
    try:
        same = any(Path(s).resolve() == Path(args.out).resolve() for s in sources)
    except (OSError, RuntimeError):  # a symlink loop
        raise UserError(f"-o {args.out}: its symbolic links form a loop; write the scenario to another file") from None
    if same:
        raise UserError(f"-o {args.out}: is one of the input files; write the scenario to another file")
    try:
        imported = import_registry(args.shelters, args.zones, args.roads, options)
        scenario = write_scenario(imported.data, args.out, sources, force=args.force)
    except RegistryError as exc:
        raise problems_error(exc) from None
    for note in imported.notes:
        print(f"note: {note}")
    print(f"wrote {args.out}: {len(scenario.zones)} zones, {len(scenario.shelters)} shelters "
          f"({sum(s.capacity for s in scenario.shelters):,} places), {scenario.population:,} people, "
          f"{len(scenario.edges)} roads; hazard {args.hazard}, onset T+{scenario.hazard.onset:g} h")
    print("next: edit the hazard, the depot and the plan, then `stormdrill validate` and `stormdrill run` it")
    return 0


def register(sub):
    """Add ``import`` to the ``stormdrill`` parser."""
    p = sub.add_parser(
        "import", help="build a scenario from a shelter registry (避灾点台账, CSV)",
        description="Build a scenario from a shelter registry CSV (Chinese or English headers, UTF-8 or GBK), "
                    "zones (CSV or GeoJSON) and optionally a roads GeoJSON. Bad rows are reported as "
                    "file:row: column: reason, all at once, and nothing is written. See docs/import.md.")
    p.add_argument("shelters", help="shelter registry CSV: 名称/name, 等级/grade, 层级/tier, 容纳人数/capacity, "
                                    "经度/longitude, 纬度/latitude, stocks, ...")
    p.add_argument("--zones", metavar="FILE", help="zones CSV or GeoJSON (name, population, point or polygon); "
                                                   "required unless the registry has 服务人口 / population_served")
    p.add_argument("--roads", metavar="FILE", help="roads GeoJSON (LineStrings, longitude/latitude); default: "
                                                   "straight lines times --detour")
    p.add_argument("--hazard", choices=sorted(HAZARDS), default="typhoon",
                   help="placeholder hazard over the area (default typhoon)")
    p.add_argument("--onset", metavar="DURATION", help="hazard onset after the start, e.g. 24h "
                                                       "(default 24h for a typhoon, 12h for a rainstorm)")
    p.add_argument("--detour", type=float, default=DETOUR_FACTOR,
                   help=f"road km per straight-line km when there is no roads file (default {DETOUR_FACTOR:g})")
    p.add_argument("--name", help="scenario name (default 'Imported shelter registry')")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="scenario YAML to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=import_command)
