"""Write scenario.yaml and plan.yaml of the river district flood scenario.

    python scenarios/river_district_flood/generate.py [FOLDER]

(FOLDER defaults to this script's folder; tests write to a temporary one and compare.)

Deterministic: the same script always writes the same two files (a fixed random seed
places villages and splits populations). The counts that come from the district's
published five-year plan are constants at the top (see README.md); everything else
(names, populations, positions, roads, capacities, stocks) is illustrative.
"""
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# -- figures from the district's 14th five-year emergency-management plan --------------
SHELTERS_BY_TIER = {"district": 4, "town": 38, "village": 203}
SHELTERS_BY_GRADE = {"A": 101, "B": 91, "C": 53}  # district and town shelters are all grade A
RESERVE_TOWNSHIPS = 2  # the district reserve covers the needs of at least 2 townships
RELIEF_TARGET_H = 10

# -- illustrative: townships along a river valley running west (upstream) to east (sea) ---
# id, name, name_zh, population, centre x km, centre y km (the river runs along y = 0)
TOWNSHIPS = [
    ("T01", "Chengguan street", "城关街道", 78000, 30.0, 6.0),
    ("T02", "Dongcheng street", "东城街道", 62000, 37.0, 5.0),
    ("T03", "Xicheng street", "西城街道", 55000, 32.0, -5.0),
    ("T04", "Hekou town", "河口镇", 41000, 42.0, -1.0),
    ("T05", "Shawan town", "沙湾镇", 38000, 48.0, 1.5),
    ("T06", "Qiaotou town", "桥头镇", 36000, 24.0, -1.5),
    ("T07", "Baishi town", "白石镇", 34000, 18.0, 7.0),
    ("T08", "Linshan town", "林山镇", 30000, 11.0, -6.0),
    ("T09", "Haitang town", "海塘镇", 35000, 58.0, 1.0),
    ("T10", "Dapu town", "大埔镇", 31000, 53.0, -7.0),
    ("T11", "Shangyuan town", "上源镇", 30000, 4.0, 4.0),
]
VILLAGES_PER_TOWNSHIP = 9  # plus the township seat: 10 zones each
# village and community names: the k-th village of the t-th township is FIRST[(t + k) % 11]
# + SECOND[k] (99 different names), in Chinese and in pinyin
FIRST = [("前", "Qian"), ("后", "Hou"), ("上", "Shang"), ("下", "Xia"), ("东", "Dong"), ("西", "Xi"),
         ("南", "Nan"), ("北", "Bei"), ("新", "Xin"), ("高", "Gao"), ("大", "Da")]
SECOND = [("洋", "yang"), ("塘", "tang"), ("林", "lin"), ("宅", "zhai"), ("岭", "ling"), ("溪", "xi"),
          ("桥", "qiao"), ("湾", "wan"), ("岙", "ao")]
# buildings a shelter stands in, by tier, taken in turn within a zone (Chinese, English)
BUILDINGS = {
    "district": [("区体育中心", "District sports centre"), ("区职业技术学校", "District vocational school"),
                 ("区第一中学", "District No. 1 middle school"), ("区全民健身中心", "District fitness centre")],
    "town": [("中心小学", "central primary school"), ("初级中学", "middle school"), ("文体中心", "sports and culture centre"),
             ("综合避灾安置中心", "relief and resettlement centre")],
    "village": [("文化礼堂", "cultural hall"), ("村委会", "village committee hall"), ("小学", "primary school"),
                ("老年活动中心", "senior centre")],
    "community": [("党群服务中心", "community centre"), ("邻里中心", "neighbourhood hall"), ("文化家园", "culture house"),
                  ("居家养老服务中心", "senior day centre")],
}
TOWN_SHELTERS = {"T01": 4, "T02": 4, "T03": 4, "T04": 4, "T05": 4}  # the others have 3: 38 in all
DISTRICT_SHELTERS_IN = ("T01", "T02", "T03", "T07")
RESERVE_FOR = ("T04", "T05")  # the two lowland towns the plan asks the district reserve to stock
TOWN_COVER_H = 12  # hours of use a township reserve holds for its own shelters
RESERVE_COVER_H = 48  # hours of use the district reserve sends to each of their open shelters
FIRST_FLOODED = "T04Z00"  # the flood-plain zone the plan watches: the river over its banks at Hekou
RETURN_TEAMS = 60  # cadres, police and militia teams per flood-plain zone once the river comes up (illustrative)
PEOPLE_PER_CADRE_TEAM = 100  # the transfer list's teams of responsible cadres: one per 100 residents (illustrative)
LOW_Y_KM = 2.2  # zones this close to the river (km) are on the flood plain
BANK_M, BANK_M_PER_KM = 1.0, 1.2  # river stage (m) at which a flood-plain zone starts to flood, by distance
VILLAGE_DEPOTS_IN = ("T04", "T05", "T06", "T09")  # disaster-prone towns keep village relief points

ITEMS = {  # per person: first ration, use per hour (Sphere defaults of sim/relief.py), share
    "water_l": (3.0, 15.0 / 24, 1.0),
    "food": (1 / 3, 1 / 24, 1.0),
    "bedding": (1.0, 0.0, 1.0),
    "medical": (1.0, 0.0, 0.05),
}
KG = {"water_l": 1.0, "food": 0.6, "bedding": 3.0, "medical": 1.0}


def build():
    rng = random.Random(20260914)
    zones, nodes, edges, shelters, depots = [], [], [], [], []
    node_xy = {}

    def node(nid, x, y, zone=None):
        nodes.append({"id": nid, "x_km": round(x, 2), "y_km": round(y, 2), **({"zone": zone} if zone else {})})
        node_xy[nid] = (x, y)

    def road(a, b, name, speed, name_zh, via=None, **extra):
        (xa, ya), (xb, yb) = node_xy[a], node_xy[b]
        length = max(0.3, round(1.3 * math.hypot(xa - xb, ya - yb), 1))
        edges.append({"id": f"R{len(edges) + 1:03d}", "name": name, "name_zh": name_zh, "from": a, "to": b,
                      "length_km": length, "speed_kmh": speed, **({"via": via} if via else {}), **extra})

    low = {}
    for t_index, (tid, tname, tzh, pop, cx, cy) in enumerate(TOWNSHIPS):
        weights = [3.0] + [rng.uniform(0.6, 1.4) for _ in range(VILLAGES_PER_TOWNSHIP)]
        sizes = [int(pop * w / sum(weights)) for w in weights]
        sizes[0] += pop - sum(sizes)
        street = tname.endswith("street")
        for k in range(VILLAGES_PER_TOWNSHIP + 1):
            if k == 0:
                x, y = cx, cy
            else:
                angle = 2 * math.pi * (k - 1) / VILLAGES_PER_TOWNSHIP + rng.uniform(-0.3, 0.3)
                radius = rng.uniform(2.0, 4.5)
                x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            zid = f"{tid}Z{k:02d}"
            en, zh = _zone_name(t_index, k, tname, tzh, street)
            zones.append({"id": zid, "name": en, "name_zh": zh,
                          "population": sizes[k], "assisted_share": round(rng.uniform(0.08, 0.14), 2),
                          "x_km": round(x, 2), "y_km": round(y, 2), "node": f"N{zid}", "township": tid})
            node(f"N{zid}", x, y, zid)
            low[zid] = abs(y) < LOW_Y_KM
    zone_by_id = {z["id"]: z for z in zones}

    # shelters: district tier first, then town tier, then village tier
    grades_village = (["A"] * (SHELTERS_BY_GRADE["A"] - SHELTERS_BY_TIER["district"] - SHELTERS_BY_TIER["town"])
                      + ["B"] * SHELTERS_BY_GRADE["B"] + ["C"] * SHELTERS_BY_GRADE["C"])
    rng.shuffle(grades_village)
    village_quota = _split(SHELTERS_BY_TIER["village"], len(TOWNSHIPS))
    for t_index, (tid, tname, tzh, pop, cx, cy) in enumerate(TOWNSHIPS):
        seat = f"{tid}Z00"
        villages = [f"{tid}Z{k:02d}" for k in range(1, VILLAGES_PER_TOWNSHIP + 1)]
        # district and town shelters stand at the seat, or on the township's highest ground
        # when the seat itself is on the flood plain
        upper = seat if not low[seat] else max(villages, key=lambda v: abs(zone_by_id[v]["y_km"]))
        plan = []
        if tid in DISTRICT_SHELTERS_IN:
            plan.append(("district", upper))
        plan += [("town", upper)] * TOWN_SHELTERS.get(tid, 3)
        for v in range(village_quota[t_index]):
            plan.append(("village", villages[v % len(villages)]))
        for tier, zid in plan:
            sid = f"{tid}S{sum(1 for s in shelters if s['township'] == tid) + 1:02d}"
            z = zone_by_id[zid]
            grade = "A" if tier != "village" else grades_village.pop()
            cap = {"district": 2500, "town": rng.randrange(900, 1600, 50)}.get(tier) or rng.randrange(150, 520, 10)
            # shelters are sited on the higher side of their zone (away from the river)
            x = z["x_km"] + rng.uniform(-0.8, 0.8)
            y = z["y_km"] + math.copysign(rng.uniform(0.2, 0.9), z["y_km"] or 1.0)
            node(f"N{sid}", x, y, zid)
            desks = {"district": 6, "town": 4}.get(tier, {"A": 3, "B": 2, "C": 1}[grade])
            en, zh = _shelter_name(tier, z, tname, tzh, shelters, tid)
            shelters.append({
                "id": sid, "name": en, "name_zh": zh, "grade": grade, "tier": tier,
                "capacity": cap, "beds": cap // 4, "area_m2": int(cap * 3.6),
                "intake": {"desks": desks, "time_per_person": "1min"}, "opening_delay": "1h",
                "stock": {"water_l": cap * 6, "food": cap // 2, "bedding": cap // 2, "medical": max(2, cap // 40)},
                "x_km": round(x, 2), "y_km": round(y, 2), "node": f"N{sid}", "zone": zid, "township": tid,
                "generator": tier != "village" or grade == "A",
            })
            road(f"N{zid}", f"N{sid}", f"{z['name']} shelter lane", 25, name_zh=f"{z['name_zh']}避灾点便道")
        # village roads: each village to its seat, and to the next village round the seat
        seat_z = zone_by_id[seat]
        for k, zid in enumerate(villages):
            z, nxt = zone_by_id[zid], zone_by_id[villages[(k + 1) % len(villages)]]
            road(f"N{zid}", f"N{seat}", f"{_short(z['name'])}-{_short(seat_z['name'])} road", 40,
                 name_zh=f"{_short_zh(z['name_zh'])}至{_short_zh(seat_z['name_zh'])}道路")
            road(f"N{zid}", f"N{nxt['id']}", f"{_short(z['name'])}-{_short(nxt['name'])} lane", 30,
                 name_zh=f"{_short_zh(z['name_zh'])}至{_short_zh(nxt['name_zh'])}村道")
        # the township's reserve and, in disaster-prone towns, two village relief points
        dx, dy = cx + 0.6, cy + (0.6 if cy >= 0 else -0.6)
        node(f"N{tid}D", dx, dy, seat)
        depots.append({"id": f"{tid}D", "name": f"{tname} relief reserve", "name_zh": f"{tzh}应急物资储备点",
                       "tier": "town", "township": tid,
                       "trucks": 4, "truck_capacity_kg": 5000, "loading": "30min",
                       "stock": _town_stock([s for s in shelters if s["township"] == tid]),
                       "x_km": round(dx, 2), "y_km": round(dy, 2), "node": f"N{tid}D"})
        road(f"N{tid}D", f"N{seat}", f"{tname} reserve road", 40, name_zh=f"{tzh}储备点道路")
        if tid in VILLAGE_DEPOTS_IN:
            for v in (villages[1], villages[5]):
                vz = zone_by_id[v]
                did = f"{v}D"
                node(f"N{did}", vz["x_km"] + 0.3, vz["y_km"] + 0.3, v)
                depots.append({"id": did, "name": f"{vz['name']} relief point", "name_zh": f"{vz['name_zh']}救灾物资储备点",
                               "tier": "village", "township": tid,
                               "trucks": 1, "truck_capacity_kg": 2000, "loading": "20min",
                               "stock": {"water_l": 6000, "food": 600, "bedding": 400, "medical": 20},
                               "x_km": vz["x_km"] + 0.3, "y_km": vz["y_km"] + 0.3, "node": f"N{did}"})
                road(f"N{did}", f"N{v}", f"{vz['name']} relief point lane", 25, name_zh=f"{vz['name_zh']}储备点便道")

    # the valley road joins the seats west to east along the river (it floods where it runs low);
    # the hill road is the long way round on high ground
    seats = sorted(TOWNSHIPS, key=lambda t: t[4])
    for a, b in zip(seats, seats[1:]):
        part, part_zh = f"{a[1].split()[0]}-{b[1].split()[0]}", f"{a[2][:2]}至{b[2][:2]}段"
        road(f"N{a[0]}Z00", f"N{b[0]}Z00", f"Valley road ({part})", 60, name_zh=f"沿江公路{part_zh}")
        hid = f"NH{a[0]}{b[0]}"
        node(hid, (a[4] + b[4]) / 2, 10.0)
        road(f"N{a[0]}Z00", hid, f"Hill road ({part})", 45, name_zh=f"山区公路{part_zh}",
             via=_bend(node_xy[f"N{a[0]}Z00"], node_xy[hid]))
        road(hid, f"N{b[0]}Z00", f"Hill road ({part})", 45, name_zh=f"山区公路{part_zh}",
             via=_bend(node_xy[hid], node_xy[f"N{b[0]}Z00"]))

    # the district reserve: a logistics park on the hill road above the district seat
    node("NDR", 31.0, 11.0)
    road("NDR", "NT01Z00", "District reserve road", 50, name_zh="区储备库连接线")
    east = next(n for n in node_xy if n.startswith("NHT01"))
    road("NDR", east, "District reserve road east", 50, name_zh="区储备库东连接线")
    reserve_stock = _reserve_stock([s for s in shelters if s["township"] in RESERVE_FOR])
    depots.insert(0, {"id": "DR", "name": "District relief reserve", "name_zh": "区应急物资储备库", "tier": "district",
                      "trucks": 24, "truck_capacity_kg": 8000, "loading": "30min", "stock": reserve_stock,
                      "x_km": 31.0, "y_km": 11.0, "node": "NDR"})

    drainage = {}
    for z in zones:
        if low[z["id"]]:
            drainage[z["id"]] = {"capacity_mm_h": 30, "ponding_factor": 1.5, "bank_m": round(BANK_M + BANK_M_PER_KM * abs(z["y_km"]), 2)}
    return zones, shelters, depots, nodes, edges, drainage, low


def _zone_name(t_index, k, tname, tzh, street):
    """(English, Chinese) name of the k-th zone of a township: its seat (k = 0), else a village
    (a town) or a community (a street)."""
    town, town_zh = tname.split()[0], tzh[:-2] if street else tzh[:-1]
    if k == 0:
        return (f"{town} centre community", f"{town_zh}中心社区") if street else (f"{town} town centre", f"{town_zh}镇区")
    (a, a_en), (b, b_en) = FIRST[(t_index + k - 1) % len(FIRST)], SECOND[k - 1]
    return (f"{a_en}{b_en} community", f"{a}{b}社区") if street else (f"{a_en}{b_en} village", f"{a}{b}村")


def _shelter_name(tier, zone, tname, tzh, shelters, tid):
    """(English, Chinese) name of a new shelter: the building it stands in, taken in turn."""
    if tier == "district":
        n = sum(1 for s in shelters if s["tier"] == "district")
        zh, en = BUILDINGS["district"][n % 4]
        return f"{en} shelter", f"{zh}避灾安置点"
    if tier == "town":
        n = sum(1 for s in shelters if s["township"] == tid and s["tier"] == "town")
        zh, en = BUILDINGS["town"][n % 4]
        return f"{tname.split()[0]} {en} shelter", f"{tzh}{zh}避灾安置点"
    n = sum(1 for s in shelters if s["zone"] == zone["id"] and s["tier"] == "village")
    kind = "community" if zone["name_zh"].endswith("社区") else "village"
    zh, en = BUILDINGS[kind][n % 4]
    return f"{_short(zone['name'])} {en} shelter", f"{zone['name_zh']}{zh}避灾点"


def _short(name):
    """'Qianyang' of 'Qianyang village', 'Hekou' of 'Hekou town centre'."""
    return name.split()[0]


def _short_zh(name):
    """'前洋' of '前洋村', '河口' of '河口镇区'."""
    for end in ("中心社区", "镇区", "社区", "村"):
        if name.endswith(end):
            return name[:-len(end)]
    return name


def _bend(a, b, share=0.18):
    """Two points that bend a straight road between *a* and *b* into a gentle curve (for
    drawing; the road's length does not change)."""
    (xa, ya), (xb, yb) = a, b
    nx, ny = -(yb - ya) * share, (xb - xa) * share
    return [[round(xa + (xb - xa) * f + nx * w, 2), round(ya + (yb - ya) * f + ny * w, 2)]
            for f, w in ((1 / 3, 0.9), (2 / 3, 0.9))]


def _split(total, parts):
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def _town_stock(shelters):
    """A township reserve: first rations and 12 hours of use for every place in its shelters."""
    return {item: int(math.ceil(sum(s["capacity"] * share * (first + per_hour * TOWN_COVER_H) for s in shelters) / 100.0) * 100)
            for item, (first, per_hour, share) in ITEMS.items()}


def _reserve_stock(shelters):
    """Enough for RESERVE_COVER_H hours at the capacity of every shelter of the reserve's
    townships, plus 10 %: the district reserve covers two townships (see README.md)."""
    out = {}
    for item, (first, per_hour, share) in ITEMS.items():
        need = sum(s["capacity"] * share * (first + per_hour * RESERVE_COVER_H) for s in shelters)
        out[item] = int(math.ceil(need * 1.1 / 100.0) * 100)
    return out


# -- writing ------------------------------------------------------------------------------
def flow(value):
    """A value in YAML flow style (every string here is a safe plain scalar)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


HEADER = """\
# GENERATED by generate.py in this folder; edit the script, not this file.
# River district flood: a river-valley district at full scale (~470,000 residents, 11
# townships and streets, 245 shelters). The shelter counts by grade and tier, the
# three-tier reserve and the rule that the district reserve covers two townships come from
# the district's published five-year plan (README.md); names, populations, positions,
# capacities, stocks and roads are illustrative.
name: River district flood
name_zh: 河谷区洪水
description: >
  A typhoon stalls over a river valley; its rain drives the river over its banks two
  days later. Flood-plain villages along the river evacuate to town and district
  shelters on higher ground; low roads along the river close; some village shelters on
  the flood plain become unusable. The district reserve stocks the two lowland towns,
  Hekou and Shawan, at once.
description_zh: >
  台风在河谷上空停滞，强降雨两天后致河水漫堤。沿江低洼村社区人员转移至地势较高的
  镇级和区级避灾安置点；沿江低洼道路中断，部分位于低洼区的村级避灾点无法使用。
  区应急物资储备库即时为河口镇、沙湾镇两个低洼镇补充物资。
start: "2026-09-14T06:00"
timezone: Asia/Shanghai
# Map anchor (docs/sweeps.md, Maps): map point (0, 0) lies at 120.1 E, 28.1 N (WGS 84), equirectangular,
# so the valley runs 60 km east to the sea along the Oujiang near Wenzhou, Zhejiang. The place is
# illustrative; the anchor puts its maps where a GIS can show them.
geo: {origin_lon: 120.1, origin_lat: 28.1}
horizon: 60h
cohort_size: 100
series_step: 30min
"""

HAZARD = """\
relief:
  target: 10h
hazard:
  kind: typhoon
  onset: 32h                      # the river overtops its banks: the first flood-plain village floods
  step: 15min
  storm:
    track:
      - {t: 0h,  x_km: 900, y_km: -860, max_wind_ms: 42, rmw_km: 40, rain_max_mm_h: 25, rain_radius_km: 160}
      - {t: 20h, x_km: 200, y_km: -190, max_wind_ms: 38, rmw_km: 45, rain_max_mm_h: 30, rain_radius_km: 170}
      - {t: 30h, x_km: 40,  y_km: -40,  max_wind_ms: 30, rmw_km: 50, rain_max_mm_h: 28, rain_radius_km: 160}
      - {t: 38h, x_km: -40, y_km: 50,   max_wind_ms: 18, rmw_km: 60, rain_max_mm_h: 12, rain_radius_km: 150}
      - {t: 46h, x_km: -120, y_km: 140, max_wind_ms: 0,  rmw_km: 60, rain_max_mm_h: 0,  rain_radius_km: 120}
  river: {base_stage_m: 0, gain_m_per_mm: 0.02, lag_h: 10h, spread_h: 8h}
"""


def write(zones, shelters, depots, nodes, edges, drainage, low, folder=HERE):
    lines = [HEADER, "townships:"]
    lines += [f"  - {flow({'id': tid, 'name': tname, 'name_zh': tzh})}" for tid, tname, tzh, *_ in TOWNSHIPS]
    lines.append("zones:")
    lines += [f"  - {flow(z)}" for z in zones]
    lines.append("shelters:")
    lines += [f"  - {flow(s)}" for s in shelters]
    lines.append("depots:")
    lines += [f"  - {flow(d)}" for d in depots]
    lines += ["roads:", "  nodes:"]
    lines += [f"    - {flow(n)}" for n in nodes]
    lines.append("  edges:")
    lines += [f"    - {flow(e)}" for e in edges]
    lines.append(HAZARD.rstrip())
    lines.append("  drainage:")
    lines += [f"    {zid}: {flow(d)}" for zid, d in drainage.items()]
    lines.append("plan: plan.yaml")
    folder = Path(folder)
    (folder / "scenario.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "plan.yaml").write_text(plan_text(zones, shelters, low), encoding="utf-8")


def plan_text(zones, shelters, low):
    by_zone = {}
    for s in shelters:
        by_zone.setdefault(s["zone"], []).append(s)
    dry = [s for s in shelters if s["tier"] == "village" and not low[s["zone"]]]
    upper = [s for s in shelters if s["tier"] != "village"]
    flood_plain = [z for z in zones if low[z["id"]]]
    out = ["# GENERATED by generate.py in this folder; edit the script, not this file.",
           "# The district's flood plan: open the district and town shelters early; at the orange signal",
           "# the responsible cadres carry the transfer order to every household of the flood plain",
           "# (the transfer list) and keep them out (防回流); the district reserve stocks the two",
           "# lowland towns; sweep again at the call-ups, force out whoever refuses or goes back",
           "# (强制转移, rules FT1-FT4: `--set plan.rules.FT1.fail_prob=1` etc. plays the voluntary-only",
           "# plan), lift the order when the river is back in its banks.",
           "name: River district flood plan", "name_zh: 河谷区防汛防台应急预案", "assignments:"]
    for z in zones:
        tid = z["township"]
        own = [s["id"] for s in by_zone.get(z["id"], []) if not low[z["id"]]]
        town = [s["id"] for s in shelters if s["township"] == tid and s["tier"] != "village"]
        hill = [s["id"] for s in dry if s["township"] == tid]
        prefs = (town + hill[:4]) if low[z["id"]] else (own + town)
        out.append(f"  {z['id']}: {flow(prefs)}")
    out.append("transfer:    # the flood plain on the list (应转移人员名单), with the cadres' teams responsible")
    for z in flood_plain:
        teams = max(20, z["population"] // PEOPLE_PER_CADRE_TEAM)
        out.append(f"  - {flow({'zone': z['id'], 'kind': 'low_lying', 'cadres': teams})}")
    out.append("rules:")

    def rule(rid, name, name_zh, when, actions, delay=None, deadline="1h"):
        out.append(f"  - id: {rid}")
        out.append(f"    name: {name}")
        out.append(f"    name_zh: {name_zh}")
        out.append(f"    when: {flow(when)}")
        out.append("    do:")
        out.extend(f"      - {flow(a)}" for a in actions)
        if delay:
            out.append(f"    delay: {delay}")
        out.append(f"    deadline: {deadline}")

    rule("P1", "Blue signal - warn the whole district by broadcast and SMS",
         "蓝色预警：通过应急广播和短信向全区发布预警", {"signal": "typhoon_blue"},
         [{"action": "warn", "zones": "all", "channels": ["broadcast", "sms"]}])
    rule("P2", "Yellow signal - response level IV, open the district and town shelters",
         "黄色预警：启动Ⅳ级应急响应，开放区级和镇级避灾安置点", {"signal": "typhoon_yellow"},
         [{"action": "raise_response", "level": "IV"}] + [{"action": "open_shelter", "shelter": s["id"]} for s in upper],
         delay="1h", deadline="2h")
    rule("P3", "Orange signal - response level III, open the village shelters on high ground",
         "橙色预警：启动Ⅲ级应急响应，开放地势较高的村级避灾点", {"signal": "typhoon_orange"},
         [{"action": "raise_response", "level": "III"}] + [{"action": "open_shelter", "shelter": s["id"]} for s in dry],
         delay="1h", deadline="2h")
    door = {"group": "all", "channels": ["door_to_door"]}
    plain = [z["id"] for z in flood_plain]
    rule("P4", "Orange signal - the responsible cadres carry the transfer order to every household of the flood plain, and keep them out",
         "橙色预警：包保干部入户动员沿江低洼村社区人员转移，严防回流", {"signal": "typhoon_orange"},
         [{"action": "order_evacuation", "zone": z, **door} for z in plain]
         + [{"action": "prevent_return", "zone": z} for z in plain],
         delay="30min", deadline="1h")
    rule("P5", "Orange signal - the district reserve stocks the two lowland towns, Hekou and Shawan, at once",
         "橙色预警：区应急物资储备库即时为河口镇、沙湾镇补充物资",
         {"signal": "typhoon_orange"},
         [{"action": "request_reserve", "township": t, "cover": RESERVE_COVER_H} for t in RESERVE_FOR],
         delay="1h30min", deadline="3h")
    rule("FT1", "3 h call-up, once the first sweep is done - forced transfer of the households that refuse",
         "“631”3小时提示、首轮入户动员结束后：对拒不转移的住户实施强制转移", {"callup": "3h"},
         [{"action": "forced_transfer", "zone": z} for z in plain], delay="1h", deadline="2h")
    rule("P6", "631 call-and-confirm (1 h) - response level II, second door-to-door sweep of the flood plain",
         "“631”叫应（临灾1小时）：启动Ⅱ级应急响应，沿江低洼区第二轮逐户清查", {"callup": "1h"},
         [{"action": "raise_response", "level": "II"}] + [{"action": "order_evacuation", "zone": z, **door} for z in plain],
         deadline="2h")
    rule("FT2", "631 call-and-confirm (1 h), once the second sweep is done - forced transfer of anyone still at home",
         "“631”叫应（临灾1小时）、第二轮排查结束后：对仍滞留人员强制转移", {"callup": "1h"},
         [{"action": "forced_transfer", "zone": z} for z in plain], delay="4h", deadline="2h")
    first = FIRST_FLOODED
    where = next(z for z in zones if z["id"] == first)
    reinforced = [{"action": "forced_transfer", "zone": z, "teams": RETURN_TEAMS} for z in plain]
    rule("P7", "The river overtops its banks, the rain eases and people try to go home - sweep the flood plain again",
         "河水漫堤、雨势减弱，群众欲返家：沿江低洼区再次逐户排查", {"before_onset": "0h"},
         [{"action": "order_evacuation", "zone": z, **door} for z in plain], deadline="1h")
    rule("FT3", "The river overtops its banks - police and militia reinforce the cadres for a forced transfer of anyone who went back home",
         "河水漫堤：公安、民兵增援包保干部，对擅自回流人员强制转移", {"before_onset": "0h"}, reinforced,
         delay="1h", deadline="2h")
    rule("FT4", f"The river reaches {where['name']} - last forced transfer of anyone at home on the flood plain",
         f"河水漫至{where['name_zh']}：对沿江低洼区仍在家人员最后一次强制转移",
         {"hazard": {"zone": first, "quantity": "depth_m", "above": 0.15}}, reinforced, deadline="1h")
    rule("P8", "The river is back in its banks - the district lifts the transfer order",
         "河水回落：区防指解除转移令", {"at": "56h"},
         [{"action": "lift_transfer", "zone": z} for z in plain], deadline="2h")
    out += ["resupply:", "  cover_below: 12h", "  cover_target: 24h", "  depots: nearest", ""]
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    write(*build(), folder=sys.argv[1] if len(sys.argv) > 1 else HERE)
