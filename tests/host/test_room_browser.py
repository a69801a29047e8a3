"""Issue 25 in a real browser (headless Chromium, Playwright) against a real `stormdrill host`:
each feature at phone and laptop sizes, in Chinese and English, photographed for docs/host.md.

- a seat: the inject banner until it is marked received, its own history after a reload, the
  plan's "due now" list, a multi-select decision point, a quick poll, its role's part of the
  score page and the hotwash note;
- the console: the secret leaves the address bar, what holds the clock (the advance buttons
  off while a decision point is open), closing a decision with an option, seats going
  offline, who acknowledged each inject, a poll, a note, the end with a confirmation and the
  score page;
- the projector: the map (zones, roads, the closed one red, shelters with occupancy), the
  relief countdown, the poll's results, the score page;
- a restart: the open console gets back in by itself, the feed shows each line once, and the
  old link is answered with where the new secret is.
"""
import shutil

from browser_helpers import expect, open_page, shot, shots
from host_helpers import ROOT, Client, Host, advance_to, facilitator, seat

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"



def coastal_with_multi(tmp_path):
    """The coastal exercise with the shelters question asked as the exercise format allows
    (multi, options_from), whatever the shipped file says."""
    folder = tmp_path / "coastal"
    shutil.copytree(COASTAL.parent, folder)
    path = folder / "exercise.yaml"
    text = path.read_text(encoding="utf-8")
    if "options_from" not in text:
        text = text.replace("    roles: [commander, grid_worker, shelter_manager]\n",
                            "    roles: [commander, grid_worker, shelter_manager]\n    multi: true\n"
                            "    options_from: [open_shelter]\n", 1)
        path.write_text(text, encoding="utf-8")
    return path


def seat_page(browser, host, role, name, size="phone", errors=None, lang=None):
    page = open_page(browser, f"{host.url}/?room={host.info['room']}", size, errors, lang)
    page.wait_for_selector(f"#role option[value={role}]", state="attached")
    page.select_option("#role", role)
    page.fill("#name", name)
    page.click("#join-button")
    page.wait_for_selector("#seat-view:not([hidden])")
    return page


def test_a_seat_cannot_miss_an_inject_sees_its_history_answers_several_options_votes_and_sees_its_score(browser, tmp_path):
    host = Host(tmp_path, coastal_with_multi(tmp_path))
    errors = []
    try:
        fac = facilitator(host)
        roads = seat_page(browser, host, "roads", "孙工", errors=errors)
        grid = seat_page(browser, host, "grid_worker", "张网格", errors=errors)
        # a new inject: a banner on top until it is marked received
        advance_to(fac, lambda st: any(i["id"] == "I3" and i["state"] != "coming" for i in st["msel"]))
        roads.wait_for_selector("#banner:not([hidden]) #banner-ack")
        expect(roads.locator("#inbox")).to_contain_text("I3")
        shots(roads, "seat-banner")
        for _ in range(5):  # the oldest first: I1 (to every role), then I3
            if roads.locator("#banner").is_hidden():
                break
            shown = roads.locator("#banner-ack").get_attribute("data-inject")
            roads.click("#banner-ack")
            roads.wait_for_selector(f"li[data-inject={shown}] .done")
        roads.wait_for_selector("#banner", state="hidden")
        # the roads crew's card: close / reopen a road; it closes the banyan avenue
        assert roads.locator("form.action").evaluate_all("els => els.map(e => e.dataset.action)") == ["close_road", "reopen_road"]
        roads.select_option("form[data-action=close_road] select[name=edge]", "R21")
        roads.click("form[data-action=close_road] button[type=submit]")
        roads.wait_for_selector("#action-result.ok")
        # a reload: the seat comes back to its own history
        roads.reload()
        roads.wait_for_selector("#history li[data-history].ok")
        expect(roads.locator("#history")).to_contain_text("R21")
        assert roads.locator("#banner").is_hidden()  # what was marked received stays so
        roads.locator("#history").scroll_into_view_if_needed()
        shots(roads, "seat-history", scroll_to="#history")
        # the grid worker sees what the plan expects of it now, and does it in one tap
        grid.wait_for_selector("#due:not([hidden]) button[data-due='0']")
        shots(grid, "seat-due", scroll_to="#due")
        grid.click("#due button[data-due='0']")
        grid.wait_for_selector("#action-result.ok")
        # the shelters question: several shelters at once
        chen = seat_page(browser, host, "shelter_manager", "陈静", errors=errors)
        advance_to(fac, lambda st: st["decision"] is not None)
        chen.wait_for_selector("#decision:not([hidden]) input[type=checkbox][data-option]")
        boxes = chen.locator("#decision label.check:not(.disabled) input[type=checkbox]")
        assert boxes.count() >= 16
        boxes.nth(boxes.count() - 16).check()  # S01
        boxes.nth(boxes.count() - 15).check()  # S02
        shots(chen, "seat-multi", scroll_to="#decision")
        chen.click("#send-choice")
        chen.wait_for_selector("#decision", state="hidden")
        fac.until(lambda c: c.state["decision"] is None)
        shelters = {s["id"]: s["state"] for s in fac.state["situation"]["shelters"]}
        assert shelters["S01"] != "closed" and shelters["S02"] != "closed"
        # a quick poll: the seat votes from its phone
        reply = fac.request({"type": "poll", "id": "poll-1", "question": "先转移哪个社区？ Which community first?",
                             "options": ["海滨 Haibin", "渔港 Yugang", "沙滩 Shatan"]})
        assert reply["ok"], reply
        chen.wait_for_selector("#poll:not([hidden]) button[data-vote='1']")
        chen.click("#poll button[data-vote='1']")
        chen.wait_for_selector("#poll button.chosen[data-vote='1']")
        shots(chen, "seat-poll", scroll_to="#poll")
        fac.until(lambda c: (c.state.get("poll") or {}).get("voters") == 1)
        # the end: each seat sees its own role's part of the score page, and writes its hotwash
        assert fac.request({"type": "finish", "id": "end", "confirm": True}, timeout=120)["ok"]
        chen.wait_for_selector("#score:not([hidden]) table.roles")
        assert chen.locator("#score table.roles tr").count() == 2  # the header and its own role
        chen.fill("#hotwash-form textarea", "S01、S02 提前开放 / S01 and S02 opened early")
        chen.click("#hotwash-form button[type=submit]")
        chen.wait_for_selector("#note-result.ok")
        shots(chen, "seat-score")
        from training.notes import session_notes
        from training.store import SessionStore
        notes = session_notes(SessionStore(host.db), host.info["session"])
        assert [(n.kind, n.role, n.author) for n in notes] == [("strength", "shelter_manager", "陈静")]
    finally:
        host.stop()
    assert errors == []


def test_the_console_and_the_projector_run_the_room(browser, tmp_path):
    host = Host(tmp_path, coastal_with_multi(tmp_path))
    errors = []
    try:
        console = open_page(browser, host.info["facilitator"], "laptop", errors, lang="en")
        console.wait_for_selector("#console-view:not([hidden])")
        assert "key=" not in console.url and host.info["secret"] not in console.url  # out of the address bar
        wall = open_page(browser, f"{host.url}/projector?room={host.info['room']}", "laptop", errors, lang="zh")
        wall.wait_for_selector("#picture:not([hidden]) #map svg")
        cmd = Client(host, {"type": "join", "room": host.info["room"], "role": "commander", "name": "Li"})
        phone = seat_page(browser, host, "shelter_manager", "Chen", errors=errors)
        # the map: every zone, shelter and road of the scenario; the relief countdown
        assert wall.locator("#map [data-zone]").count() == 9 and wall.locator("#map [data-shelter]").count() == 16
        assert wall.locator("#map [data-road]").count() > 20
        expect(wall.locator("#relief")).to_contain_text("10小时救助")
        # the console moves the clock; the shelter manager marks I6's predecessors received
        console.click("#advance-next")
        expect(console.locator("#act-result")).to_contain_text("✓")
        # Li acknowledges I1 from his phone: the console shows who did
        cmd.until(lambda c: "I1" in c.inbox)
        assert cmd.request({"type": "ack", "id": "li-ack-1", "inject": "I1"})["ok"]
        expect(console.locator("li[data-item=I1] .acks")).to_contain_text("Li")
        # on to the decision point: the advance buttons are off, and the console says why
        for _ in range(12):
            if console.locator("#decision:not([hidden])").count():
                break
            console.click("#advance-next")
            console.wait_for_timeout(300)
        console.wait_for_selector("#decision:not([hidden])")
        assert console.locator("#advance-next").is_disabled()
        expect(console.locator("#hold-text")).to_contain_text("D1")
        shots(console, "console-decision")
        # the roads close as the storm comes: the projector draws the closed road red (an ad-hoc inject)
        assert cmd.request({"type": "action", "id": "li-close", "form": "close_road", "values": {"edge": "R21"}})["ok"]
        wall.wait_for_selector("#map polyline.closed[data-road=R21]")
        shots(wall, "projector-map", sizes=("laptop",))
        # the console closes the decision with an option: the clock may move again
        console.locator("#decision input[data-option='0']").check()
        console.click("#close-with")
        console.wait_for_selector("#decision", state="hidden")
        assert not console.locator("#advance-next").is_disabled()
        # a seat that leaves shows offline at once
        phone.context.close()
        console.wait_for_selector("table.seats tr.offline[data-seat=Chen]")
        console.locator("#seats").scroll_into_view_if_needed()
        shot(console, "console-seats", "en", 1280)
        # a quick poll from the console, its results on the projector; a note
        console.fill("#poll-question", "Open the second-line shelters now?")
        console.fill("#poll-options", "yes\nno\nat red")
        console.click("#poll-form button[type=submit]")
        wall.wait_for_selector("#poll .poll-option[data-option='2']")
        assert cmd.request({"type": "vote", "id": "li-vote", "poll": "P1", "options": [0]})["ok"]
        expect(wall.locator("#poll")).to_contain_text("yes · 1")
        shots(wall, "projector-poll", sizes=("laptop",))
        console.select_option("#note-kind", "observation")
        console.select_option("#note-role", "commander")
        console.fill("#note-text", "Warned the coast late; no door-to-door on yellow")
        console.click("#note-form button[type=submit]")
        expect(console.locator("#notes-list")).to_contain_text("door-to-door")
        # the end: a confirmation first, then the score page on the console and the projector
        console.click("#finish")
        console.wait_for_selector("#confirm:not([hidden]) #confirm-end")
        shots(console, "console-confirm", scroll_to="#confirm")
        console.click("#cancel-end")
        console.wait_for_selector("#confirm", state="hidden")
        console.click("#finish")
        console.click("#confirm-end")
        console.wait_for_selector("#score:not([hidden]) #score-overall", timeout=120_000)
        wall.wait_for_selector("#score:not([hidden]) #score-overall", timeout=120_000)
        assert console.locator("#score-overall").inner_text() == wall.locator("#score-overall").inner_text()
        assert console.locator("#score table.roles tr").count() == 1 + 5  # every role
        shots(console, "console-score", scroll_to="#score")
        shots(wall, "projector-score", sizes=("laptop",), scroll_to="#score")
    finally:
        host.stop()
    assert errors == []


def test_after_a_restart_the_console_gets_back_in_by_itself_and_the_old_link_says_where_the_new_secret_is(browser, tmp_path):
    from host_helpers import TUTORIAL

    host = Host(tmp_path, TUTORIAL)
    errors = []
    try:
        console = open_page(browser, host.info["facilitator"], "laptop", errors, lang="zh")
        console.wait_for_selector("#console-view:not([hidden])")
        fac = facilitator(host)
        advance_to(fac, lambda st: st["t"] > 5)
        console.wait_for_selector("#feed li:nth-child(3)")
        lines = console.locator("#feed li").all_inner_texts()
        old_link = host.info["facilitator"]
        session, port = host.info["session"], host.port
        host.kill()
        console.wait_for_selector("#status.closed")
        host = Host(tmp_path, "--resume", session, port=port, db=host.db)
        console.wait_for_selector("#status.open", timeout=30_000)  # back in by itself: no login form
        assert console.locator("#login-view").is_hidden()
        console.wait_for_selector(f"#feed li:nth-child({len(lines)})")
        again = console.locator("#feed li").all_inner_texts()
        assert len(again) == len(set(again)) and set(lines) <= set(again)  # each line once, none lost
        assert seat(host, "commander", "Li").welcome["type"] == "welcome"
        # someone opens the old link (the old secret): told where the new one is
        old = open_page(browser, old_link, "phone", errors)
        expect(old.locator("#login-error")).not_to_be_empty()
        expect(old.locator("#login-error")).to_contain_text("主机终端")
        shot(old, "console-old-link", "zh", 360)
    finally:
        host.stop()
    assert errors == []
