"""The host's words: every word its pages show, from the message catalogue (domain ``host``).

The pages hold no words of their own. Each fetches ``/words`` once (both languages, so the
language switch needs no second request) and looks its labels up by key; what the host sends
in its messages (feed lines, form labels, reasons) comes as ``{zh, en}`` pairs made here::

    page_words("zh")["join"]                      # "加入推演"
    both(lambda _: _("{name} joined as {role}", name=n, role=_.name(spec)))   # {"zh": ..., "en": ...}
"""
from messages import LANGS, N_, choose, texts

PAGE = {
    # the seat page
    "title": N_("Exercise seat"), "join": N_("Join the exercise"), "room": N_("Room code"), "role": N_("Role"),
    "name": N_("Display name"), "lang_name": N_("English"), "joining": N_("Connecting…"), "not_connected": N_("Not connected"), "online": N_("Connected"),
    "offline": N_("Connection lost, reconnecting…"), "inbox": N_("Inbox"), "none": N_("Nothing yet"),
    "ack": N_("Mark received"), "acked": N_("Received"), "situation": N_("Situation"), "actions": N_("Actions"),
    "send": N_("Send"), "rationale": N_("Reason (optional)"), "decision": N_("Decision point"),
    "close_no_option": N_("Close without an option"), "not_yours": N_("This decision is answered by: "),
    "not_allowed": N_("not this role's right"), "countdown": N_("Time left"), "paused": N_("Paused"),
    "finished": N_("The exercise has ended"), "secured": N_("Secured"), "home": N_("At home"), "moving": N_("Moving"),
    "queued": N_("Queuing"), "sheltered": N_("Sheltered"), "relatives": N_("With relatives"), "overflow": N_("No place"),
    "left_in_danger": N_("Left in danger"), "signals": N_("Signals"), "response": N_("Response level"),
    "zones": N_("Zones"), "shelters": N_("Shelters"), "depots": N_("Depots"), "at_home": N_("at home"),
    "occupancy": N_("inside"), "cover": N_("supplies last"), "news": N_("Latest"), "ok": N_("done"),
    "refused": N_("refused"), "stepped": N_("Stepped: the facilitator moves the clock"), "paced": N_("Paced"),
    "from": N_("from"), "you_are": N_("You are"), "leave": N_("Change role"), "roads_closed": N_("Roads closed"),
    "feed": N_("Feed"), "hours": N_("h"), "need_name": N_("Give a display name"), "need_role": N_("Pick a role"),
    "closed_shelter": N_("closed"), "open_shelter": N_("open"), "opening": N_("opening"), "unusable": N_("unusable"),
    "repeat": N_(" (sent again: the first one counts)"), "history": N_("What I did"),
    "new_inject": N_("New inject: read it and mark it received"), "choose_many": N_("Pick one or more, then send"),
    "send_choice": N_("Send the choice"), "expected": N_("What the plan expects of this role"),
    "score": N_("Score"), "my_part": N_("Your role's part"), "poll": N_("Quick poll"), "vote": N_("Vote"),
    "voted": N_("Your vote is in"), "hotwash": N_("Hotwash: what went well, what to improve"),
    "strength": N_("Went well"), "improvement": N_("To improve"), "note_saved": N_("Note saved"),
    "quantity": N_("Quantity"), "due_now": N_("Due now under the plan"), "do_it": N_("Do it"), "sep": N_(", "), "nothing_to_do": N_("This role has no actions in this exercise"),
    # the facilitator's console
    "console": N_("Facilitator console"), "secret": N_("Facilitator secret"), "your_name": N_("Your name"),
    "login": N_("Open the console"), "how_to_join": N_("How to join"), "seats": N_("Seats"),
    "msel": N_("Master scenario events list (MSEL)"), "add": N_("Add an inject"), "next": N_("Advance to the next event"),
    "plus15": N_("+15 min"), "plus60": N_("+1 h"), "pause": N_("Pause"), "resume": N_("Resume"),
    "finish": N_("End the exercise"), "release": N_("Release now"), "skip": N_("Skip"), "notes": N_("Controller notes"),
    "message_zh": N_("Message (Chinese)"), "message_en": N_("Message (English)"), "to": N_("To"),
    "all_roles": N_("every role"), "seat_online": N_("online"), "seat_offline": N_("offline"),
    "last_seen": N_("last seen"), "ago": N_("{n} s ago"), "ago_min": N_("{n} min ago"),
    "blocked": N_("What holds the clock"), "clock_free": N_("Nothing holds the clock"), "next_event": N_("Next"),
    "close_with": N_("Close with the chosen options"), "close_none": N_("Close: no decision"),
    "answered_by": N_("May answer"), "confirm_end": N_("End the exercise now?"),
    "confirm_end_detail": N_("The open decision point closes, the model plays to the end and the score is final. "
                             "Nothing can be changed afterwards."),
    "confirm_yes": N_("Yes, end it and score"), "cancel": N_("Cancel"), "responses": N_("Response by role"),
    "acks_of": N_("Acknowledged"), "mean_ack": N_("Mean time to acknowledge"), "slowest": N_("Slowest"),
    "actions_n": N_("Actions"), "refused_n": N_("Refused"), "acks_per_seat": N_("Acknowledged by"),
    "not_acked": N_("not yet acknowledged by"), "poll_question": N_("Question"), "poll_options": N_("Options, one a line"),
    "poll_open": N_("Ask the room"), "poll_close": N_("Close the poll"), "observer_notes": N_("Observer and hotwash notes"),
    "note_kind": N_("Kind"), "observation": N_("Observation"), "note_text": N_("Note"), "note_role": N_("About"),
    "save_note": N_("Save the note"), "everyone": N_("the whole team"), "secret_gone": N_("Log in again"),
    "score_page": N_("Score"), "relief_before": N_("onset in {time}; needs secured by T+{deadline}"),
    "relief_left": N_("{time} left"), "relief_past": N_("deadline passed {time} ago"),
    "waiting_state": N_("waiting on the model: {ids}"),
    "nothing_left": N_("nothing scripted is left: the next step plays to the end"), "moved": N_("clock T+{from} → T+{to}"),
    # the projector
    "projector": N_("Projector"), "map": N_("Map"), "relief_clock": N_("10-hour relief"), "results": N_("Results"),
    "votes": N_("votes"), "closed_road": N_("closed road"), "depth": N_("flood depth"),
    # the score page
    "overall": N_("Overall"), "grade": N_("Grade"), "verdict": N_("Relief verdict"), "reasons": N_("Reasons"),
    "objectives": N_("Score by objective"), "rating": N_("Rating"), "outcomes": N_("Outcome against the plan"),
    "team": N_("team"), "baseline": N_("plan"), "roles_table": N_("Response times and acknowledgements by role"),
    "expected_n": N_("Expected actions"), "on_time": N_("On time"), "mean_response": N_("Mean response"),
    "same_as_report": N_("The same figures as the after-action report (stormdrill report {session})."),
    "role_col": N_("Role"), "seat_col": N_("Seat"), "inject_col": N_("Inject"), "process": N_("Process"),
    "outcome": N_("Outcome"), "objective_col": N_("Objective"),
}
"""Page words by key: the English is the catalogue's key, the Chinese is in host.po."""


def page_words(lang):
    """{key: word} of every page word in *lang*."""
    _ = texts(lang)
    return {key: _(message) for key, message in PAGE.items()}


def all_page_words(lang=None):
    """{lang: {key: word}} for every language, and ``default``: the language a page shows
    until its user picks one (the host's, by the one rule: ``--lang``, STORMDRILL_LANG, the
    locale, zh). What ``/words`` answers."""
    return {**{code: page_words(code) for code in LANGS}, "default": choose(lang)}


def both(make):
    """``{lang: make(_)}`` for every language, *make* taking the catalogue of one language."""
    return {lang: make(texts(lang)) for lang in LANGS}


def said(message, **fields):
    """One catalogue message in every language, its fields (plain values) filled in."""
    return both(lambda _: _(message, **fields))
