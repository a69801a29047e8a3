"""Relief items and what "basic needs secured" means, with the Sphere defaults.

An *item* is something a shelter stocks and hands out: drinking water, food
rations, bedding, medical care. A person's basic needs are secured at the first
moment they have a place in a shelter and have been handed the ``first_ration`` of
every item that ``secures`` (the "five haves", 五有, less clothing which bedding
stands for), and they stay secured while none of these runs out for longer than
``grace`` until the relief window ends. The first ration is part of the day's use
(Sphere daily totals). Sources of every default are in docs/model.md.
"""
from messages import N_, texts
from pydantic import Field, field_validator

from .base import Spec
from .units import NonNegDuration, PosDuration, Share


class ItemSpec(Spec):
    """One relief item: its unit, how much a person uses, and what secures them."""

    unit: str
    per_person_per_day: float = Field(0.0, ge=0, description="continuous use while sheltered, units per person per day")
    first_ration: float = Field(1.0, ge=0, description="units handed to a person on arrival, part of the day's use; "
                                                            "needed to count as secured")
    share: Share = Field(1.0, description="share of people who need this item (e.g. medical care)")
    durable: bool = Field(False, description="handed out once and kept (bedding), not used up over time")
    secures: bool = Field(True, description="part of the basic needs that the 10-hour target counts")
    kg_per_unit: float = Field(1.0, gt=0, description="weight on a truck, kg per unit")
    purchase_unit: str | None = Field(None, description="the unit offices buy it in, e.g. 'case (24 x 550 mL)'; "
                                                        "default in planning/purchase.py")
    purchase_unit_zh: str | None = Field(None, description="the purchase unit in Chinese, e.g. '箱(24瓶×550毫升)'")
    purchase_size: float | None = Field(None, gt=0, description="units of this item in one purchase unit")
    purchase_kg: float | None = Field(None, gt=0, description="weight of one purchase unit, kg (default size x kg_per_unit)")
    price_cny: float | None = Field(None, ge=0, description="price of one purchase unit, yuan (optional)")


ITEM_WORDS = {"water_l": N_("water"), "food": N_("food"), "bedding": N_("bedding"), "medical": N_("medical kits")}
"""What a planner or trainee calls each default item, in Chinese and English."""


def item_word(item, lang="en"):
    """*item* as a person reads it in *lang* ("zh" or "en"); other items go by their id."""
    return texts(lang)(ITEM_WORDS[item]) if item in ITEM_WORDS else item


def default_items():
    """The four basic-needs items with their documented defaults (docs/model.md)."""
    return {
        # Sphere Handbook, water supply standard 1: 15 L/person/day in total, the first 3 L (drinking) included.
        "water_l": ItemSpec(unit="L", per_person_per_day=15.0, first_ration=3.0, kg_per_unit=1.0),
        # Sphere food security standards: 2,100 kcal/person/day = 1 day ration, the first meal included.
        "food": ItemSpec(unit="day ration (2,100 kcal)", per_person_per_day=1.0, first_ration=1 / 3, kg_per_unit=0.6),
        # One bedding set (quilt or blanket + mat) per person, handed out once.
        "bedding": ItemSpec(unit="set", first_ration=1.0, durable=True, kg_per_unit=3.0),
        # Medical care for the share who need it (unverified default share, overridable).
        "medical": ItemSpec(unit="consultation kit", first_ration=1.0, share=0.05, durable=True, kg_per_unit=1.0),
    }


class ReliefSpec(Spec):
    """The 10-hour relief rule and the items that meet it."""

    target: PosDuration = Field(10.0, description="hours after onset by which every displaced person is secured")
    target_share: Share = Field(1.0, description="share of the relief population that must be secured in time and kept supplied")
    grace: NonNegDuration = Field(0.0, description="hours a secured person may go without a basic item before counting as cut off")
    window: PosDuration | None = Field(None, description="hours after onset during which secured people must stay supplied; "
                                                         "None: to the end of the run (the horizon)")
    space_m2_per_person: float = Field(3.5, gt=0, description="covered floor space per person, m2 (Sphere shelter standard 3)")
    items: dict[str, ItemSpec] = Field(default_factory=default_items)
    power_out_wind_ms: float = Field(24.5, gt=0, description="wind at a shelter at which mains power fails, m/s (Beaufort 10)")
    no_power_intake_factor: float = Field(2.0, ge=1, description="registration takes this many times longer without power")

    @field_validator("items", mode="before")
    @classmethod
    def _over_defaults(cls, items):
        """Fields given for a default item replace only those fields; new items stand alone."""
        if not isinstance(items, dict):
            return items
        merged = {name: spec.model_dump() for name, spec in default_items().items()}
        for name, fields in items.items():
            if name in merged and isinstance(fields, dict):
                merged[name] = {**merged[name], **fields}
            else:
                merged[name] = fields
        return merged
