"""The seat page in a real browser: Debian's headless Chromium driven by Playwright, against a
real host. A seat joins by URL + room code, picks a role, receives an inject, acknowledges
it, answers a decision point and sends an action; the page is photographed at phone and
laptop sizes in Chinese and English (seat-*.png). The pictures go to a temporary folder;
set STORMDRILL_SHOTS=docs/screenshots to refresh the ones in the docs (a plain test run
must not change tracked files).

Without a browser this test is skipped, saying how to install one (tests/browser.py; `make
test` says it first); under STORMDRILL_REQUIRE_BROWSER=1 (CI) it fails instead.
"""
import pytest

from browser_helpers import TIMEOUT_MS, expect, shot, shots
from host_helpers import TUTORIAL, Host, advance_to, facilitator


@pytest.fixture
def host(tmp_path):
    h = Host(tmp_path, TUTORIAL)
    yield h
    h.stop()


def test_a_seat_joins_reads_its_inject_answers_a_decision_and_acts(browser, host):
    fac = facilitator(host)
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{host.url}/?room={host.info['room']}")  # the link the QR code carries

    # Chinese first; the room code is filled in from the link, the roles come from the host
    expect(page.locator("#join-title")).to_have_text("加入推演")  # filled in by the page's script
    expect(page.locator("#room")).to_have_value(host.info["room"])
    page.wait_for_selector("#role option[value=shelter_manager]", state="attached")
    page.select_option("#role", "shelter_manager")
    page.fill("#name", "陈<b>静</b>")  # markup in a name stays text
    page.click("#join-button")
    page.wait_for_selector("#seat-view:not([hidden])")
    expect(page.locator("#who")).to_contain_text("陈<b>静</b>")
    assert page.locator("#who b").count() == 0

    # an inject routed to the shelter manager arrives in its inbox; it marks it received
    advance_to(fac, lambda st: any(i["id"] == "I2" and i["state"] != "coming" for i in st["msel"]))
    item = page.locator("li[data-inject=I2]")
    item.wait_for()
    assert "避灾点" in item.inner_text() or "I2" in item.inner_text()
    item.locator("button").click()
    page.wait_for_selector("li[data-inject=I2] .done")
    assert page.locator("li[data-inject=I3]").count() in (0, 1)

    # the forms are the role's rights: open and assign shelters, nothing else
    assert sorted(page.locator("form.action").evaluate_all("els => els.map(e => e.dataset.action)")) == \
        ["assign_shelter", "open_shelter"]
    page.select_option("form[data-action=open_shelter] select[name=shelter]", "S1")
    page.click("form[data-action=open_shelter] button[type=submit]")
    page.wait_for_selector("#action-result.ok")
    shots(page, "seat-inbox")

    # a decision point for the commander: the shelter manager sees it, cannot answer;
    # the commander, on a laptop, answers it in English
    advance_to(fac, lambda st: st["decision"] is not None)
    page.wait_for_selector("#decision:not([hidden])")
    assert page.locator("#decision [data-option]").first.is_disabled()  # a multi-select point: checkboxes
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    cmd = laptop.new_page()
    cmd.set_default_timeout(TIMEOUT_MS)
    cmd.on("pageerror", lambda e: errors.append(str(e)))
    cmd.goto(f"{host.url}/?room={host.info['room']}")
    cmd.click("#lang-switch")
    expect(cmd.locator("#join-title")).to_have_text("Join the exercise")
    cmd.wait_for_selector("#role option[value=commander]", state="attached")
    cmd.select_option("#role", "commander")
    cmd.fill("#name", "Li Wei")
    cmd.click("#join-button")
    cmd.wait_for_selector("#decision:not([hidden]) input[data-option='0']")
    shots(cmd, "seat-decision")
    point = fac.state["decision"]["id"]
    cmd.check("#decision input[data-option='0']")
    cmd.click("#send-choice")
    cmd.wait_for_selector("#decision", state="hidden")
    page.wait_for_selector("#decision", state="hidden")
    fac.until(lambda c: c.state["decision"] is None)

    from training.store import SessionStore
    store = SessionStore(host.db)
    log = [(e.kind, e.ref, e.role, e.seat) for e in store.seat_log(host.info["session"])]
    assert log == [("ack", "I2", "shelter_manager", "陈<b>静</b>"), ("action", "open_shelter", "shelter_manager", "陈<b>静</b>"),
                   ("answer", point, "commander", "Li Wei")]
    # the facilitator's console (opened by the link the terminal prints) and the projector
    console = laptop.new_page()
    console.on("pageerror", lambda e: errors.append(str(e)))
    console.goto(host.info["facilitator"])
    console.wait_for_selector("#console-view:not([hidden]) #join img")
    expect(console.locator("#join")).to_contain_text(host.info["room"])
    expect(console.locator("#seats")).to_contain_text("Li Wei")
    console.wait_for_selector("body[data-ready='1']")
    shot(console, "host-facilitator", "en", 1280)
    wall = laptop.new_page()
    wall.on("pageerror", lambda e: errors.append(str(e)))
    wall.goto(host.info["projector"])
    wall.wait_for_selector("#picture:not([hidden]) #join img")
    wall.wait_for_function("document.querySelector('#feed').textContent.includes('Li Wei')")
    wall.wait_for_selector("body[data-ready='1']")
    shot(wall, "host-projector", "en", 1280)
    assert errors == []
