"""The viewer's words for the codes the model and the exercise runner use (a warning level, a
shelter's state, an action, a channel): each marked for the catalogue, said in the language
shown by ``word(t, TABLE, code)``.

The viewer's catalogue is ``messages.texts(lang)``, held as ``t`` by every screen and panel;
its English text is the key, the Chinese is in messages/locale/zh/LC_MESSAGES/viz.po.
"""
from messages import N_
from sim.relief import ITEM_WORDS
from training.msel import STATE_WORDS

LEVELS = {"blue": N_("BLUE"), "yellow": N_("YELLOW"), "orange": N_("ORANGE"), "red": N_("RED")}
"""Warning signal colours."""
SIGNALS = {"typhoon": N_("Typhoon {level}"), "rainstorm": N_("Rainstorm {level}")}
"""A warning signal, its colour filled in."""
HAZARDS = {"typhoon": N_("Typhoon"), "rainstorm": N_("Rainstorm")}
"""Hazards that have warning signals."""
ACTIONS = {
    "warn": N_("Warn"), "order_evacuation": N_("Evacuate"), "open_shelter": N_("Open shelter"),
    "assign_shelter": N_("Assign shelter"), "dispatch": N_("Dispatch"), "request_reserve": N_("Reserve"),
    "raise_response": N_("Response"), "close_road": N_("Close road"), "reopen_road": N_("Reopen road"),
    "fail_generator": N_("Generator failure"), "forced_transfer": N_("Forced transfer"),
    "prevent_return": N_("No return"), "lift_transfer": N_("Lift order"), "transfer": N_("Enforce"),
}
"""Actions (sim.actions), as the action buttons and the feed name them."""
CHANNELS = {"broadcast": N_("Emergency broadcast"), "sms": N_("SMS / WeChat"), "door_to_door": N_("Door to door"),
            "gong": N_("Gongs")}
"""Warning channels."""
GROUPS = {"all": N_("Everyone"), "assisted": N_("Needs assistance"), "general": N_("Able to go alone")}
"""Who an evacuation order is for."""
SHELTER_STATES = {"closed": N_("closed"), "opening": N_("opening"), "open": N_("open"), "flooded": N_("flooded"),
                  "full": N_("FULL")}
"""A shelter's state as the list, the map and the legend say it (viz.looks.shelter_label)."""
REASONS = {"flood": N_("flood"), "wind": N_("high wind"), "action": N_("ordered")}
"""Why a road closed."""
QUANTITIES = {"depth_m": N_("flood depth (m)"), "wind_ms": N_("wind (m/s)"), "rain_mm_h": N_("rain (mm/h)")}
"""Hazard quantities a plan trigger watches."""
STATES = STATE_WORDS
"""States of an MSEL line and of a plan rule: training.msel's own words, the score's states."""
KPIS = {
    "relief_kept_share": N_("Secured in time and kept"), "relief_secured_share": N_("Secured in time"),
    "people_needing_relief": N_("People needing relief"), "people_displaced": N_("Displaced"),
    "people_left_in_danger": N_("Left in danger"), "relief_p90_h": N_("90 % secured within (h)"),
    "people_in_danger_at_peak": N_("In danger at peak"), "ete_90_h": N_("90 % evacuated (h)"),
    "shelter_overflow": N_("Overflow"), "transfer_share": N_("Transferred, of those due (at the onset)"), "first_stockout_h": N_("First stock-out (T+h)"), "score": N_("Score"),
}
"""KPIs on the score card and in the free run's report."""
OBSERVATIONS = {"strength": N_("observation: strength"), "improvement": N_("observation: area for improvement")}
"""What an evaluator may note beside the ratings."""


def word(t, table, code):
    """*code*'s word from *table* in *t*'s language; the code itself when the table has none."""
    return t(table[code]) if code in table else code


def item(t, code):
    """A relief item's word (sim.relief's vocabulary), or its code."""
    return word(t, ITEM_WORDS, code)
