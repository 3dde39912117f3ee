#!/usr/bin/env python3
"""A juror's round in a real browser (headless Chromium driven by Selenium).

    python3 Tests/browser/juror_flow.py OUT_DIR --thidua PATH/TO/thidua [--examples Examples] [--criteria Criteria]

The scenario, on a new database made from Examples/ (everything in OUT_DIR):

1. Import the demo data except three jurors' scores of one model (GK01, GK06 and GK07 on
   MH-01, a model of P-ANPHU in bloc KHOI-XP): MH-01 keeps 4 jurors, fewer than the criteria
   set's min_jurors 5, so the first run (`thidua score`) leaves it unranked ("chưa đủ điểm").
2. `thidua serve` on a free port; a juror token for GK01 and a secretariat token.
3. Browser 1 (GK01): sign in, read "Đã chấm xong N / M mô hình", open MH-01. Typing "12,5"
   (a decimal comma) into C1 (maximum 10) is refused in the browser, with a message naming
   12,5 and the maximum, and by the server (422, when the form is sent without the browser's
   checks). Every criterion typed with decimal commas ("18,5", "1,5"): saved, N+1 / M; the
   form shows C1 again as "1,5" ("= 1,5 điểm") and the store holds 1.5; then C1 is corrected
   to 9 with a reason. While the round runs, GK01 is refused P-ANPHU's page and the standings.
4. Browser 2 (secretariat, its own session, signed in before the juror scores): press
   "Tính điểm" for DVK-2024.
5. P-ANPHU's page and KHOI-XP's standings: a third browser (anyone, or a juror signed out) is
   refused them (403, "chỉ ban thư ký được xem…"): while the jury round is open nobody but the
   secretariat sees interim results. The secretariat reads them: before, MH-01 had no total and
   no rank and was listed apart; after, it has a total, a rank "k/n", its row in the standings
   shows the same rank and total, and both pages say "Kết quả tạm tính". The secretariat presses
   "Công bố kết quả": the pages say "Kết quả chính thức", to anyone and to GK01, with the same
   total and rank.
6. On a phone (a 390 px window), every column of the standings' and the unit page's tables
   is displayed (header and a cell of each), with screenshots at 1280 px and at 390 px.

A screenshot of every step goes to OUT_DIR/screenshots; the server's log to OUT_DIR/server.log.
Exit status 0 when every expectation holds, 1 with a message naming the failed one, 2 on a
setup problem. Every wait has a timeout, and the whole run has one (--timeout, 300 s).
"""

import argparse
import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CAMPAIGN = "DVK-2024"
JUROR = "GK01"
ENTRY = "MH-01"
UNIT = "P-ANPHU"
BLOC = "KHOI-XP"
# Jurors whose scores of ENTRY are left out of the import: GK01 scores it in the browser.
MISSING = {"GK01", "GK06", "GK07"}
# What GK01 gives MH-01 (criteria of Criteria/dan-van-kheo-mo-hinh.yaml, steps of 0.5).
# Typed as jurors type them, with decimal commas; C1 is first typed as 1,5 and then corrected to 9.
POINTS = {"A1": "18,5", "A2": "13", "B1": "22,5", "B2": "13.5", "C1": "9"}
SLIP = ("C1", "1,5", "1.5")  # typed, as the store keeps it
OVER_MAX = ("C1", "12,5", "10")  # C1's maximum is 10
WAIT = 20  # seconds, for any one thing to appear in the browser
# What a page of results says to anyone but the secretariat while the jury round is open.
KEPT = ("Hội đồng đang chấm điểm: kết quả (tổng điểm, thứ hạng, điểm của hội đồng) chỉ ban thư ký được xem "
        "cho đến khi ban thư ký công bố kết quả hoặc khóa sổ chấm điểm.")


class Failed(Exception):
    """An expectation that did not hold."""


class Timeout(Exception):
    """The whole run took longer than --timeout."""


def log(message):
    print(f"[juror-flow] {message}", flush=True)


def expect(condition, message):
    if not condition:
        raise Failed(message)


def run(command, timeout=120, **kwargs):
    """Runs a command; its output, or Failed with the output when it fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise Failed(f"command timed out after {timeout} s: {' '.join(command)}")
    if done.returncode != 0:
        raise Failed(f"command failed ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
    return done.stdout


# MARK: The database

def prepare(thidua, examples, db, criteria):
    """A new database with the demo data, minus MISSING's scores of ENTRY, scored once."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    scores = db.parent / "scores-without-gk01-mh01.csv"
    kept = dropped = 0
    with open(examples / "scores.csv", newline="", encoding="utf-8") as source, \
            open(scores, "w", newline="", encoding="utf-8") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        for row in reader:
            if row["campaign"] == CAMPAIGN and row["entry"] == ENTRY and row["juror"] in MISSING:
                dropped += 1
                continue
            writer.writerow(row)
            kept += 1
    expect(dropped > 0, f"no score of {ENTRY} by {sorted(MISSING)} in {examples / 'scores.csv'}")
    log(f"scores: {kept} kept, {dropped} left out ({', '.join(sorted(MISSING))} on {ENTRY})")
    for kind in ("units", "blocs", "campaigns", "models", "jurors", "assignments"):
        run([thidua, "import", kind, str(examples / f"{kind}.csv"), "--db", str(db)])
    run([thidua, "import", "scores", str(scores), "--db", str(db)])
    extra = ["--criteria", str(criteria)] if criteria else []
    out = run([thidua, "score", "--campaign", CAMPAIGN, "--db", str(db)] + extra)
    log(out.splitlines()[0] if out else "scored")
    line = run([thidua, "jurors", "token", JUROR, "--campaign", CAMPAIGN, "--db", str(db)])
    juror_token = token_from(line, f"Mã đăng nhập của {JUROR} ({CAMPAIGN}): ")
    line = run([thidua, "admin", "token", "--db", str(db)])
    admin_token = token_from(line, "Mã đăng nhập của ban thư ký: ")
    return juror_token, admin_token


def token_from(output, prefix):
    for line in output.splitlines():
        if line.startswith(prefix) and line[len(prefix):].strip():
            return line[len(prefix):].strip()
    raise Failed(f"no token in the output (expected a line starting with {prefix!r}):\n{output}")


# MARK: The server

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(thidua, db, port, log_path, criteria, cwd):
    command = [thidua, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    if criteria:
        command += ["--criteria", str(criteria)]
    out = open(log_path, "w")
    # Its own process group, so that the end of the test stops it and nothing else.
    server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            out.flush()
            raise Failed(f"thidua serve exited with {server.returncode}:\n{Path(log_path).read_text()}")
        try:
            with urllib.request.urlopen(base + "/hello", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        time.sleep(0.2)
    raise Failed(f"thidua serve did not answer {base}/hello within 60 s")


def stop_server(server):
    if server is None or server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass


# MARK: The browser

def browser(chromium, chromedriver):
    options = webdriver.ChromeOptions()
    if chromium:
        options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1400", "--lang=vi-VN", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    service = Service(executable_path=chromedriver) if chromedriver else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(20)
    return driver


class Step:
    """Numbered screenshots in OUT_DIR/screenshots."""

    def __init__(self, directory):
        self.directory = directory
        self.n = 0
        directory.mkdir(parents=True, exist_ok=True)

    def shot(self, driver, name, width=1280):
        self.n += 1
        path = self.directory / f"{self.n:02d}-{name}.png"
        # The whole page, not just the window.
        driver.set_window_size(width, 800)
        height = driver.execute_script("return Math.max(document.body.scrollHeight, 800)")
        driver.set_window_size(width, min(int(height) + 100, 6000))
        driver.save_screenshot(str(path))
        log(f"screenshot {path.name}: {driver.title} — {driver.current_url}")
        return path


def wait(driver, condition, what):
    try:
        return WebDriverWait(driver, WAIT).until(condition)
    except TimeoutException:
        raise Failed(f"waited {WAIT} s for {what}; the page is {driver.current_url} ({driver.title}): "
                     f"{page_text(driver)[:600]}")


def page_text(driver):
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        return ""


def open_page(driver, url, element, what):
    driver.get(url)
    return wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, element)), what)


def sign_in(driver, base, token):
    """Fills the sign-in form (the caller takes its screenshot, then presses #dang-nhap)."""
    open_page(driver, base + "/dang-nhap", "#token", "the sign-in form")
    field = driver.find_element(By.ID, "token")
    field.clear()
    field.send_keys(token)


def run_number(driver, base):
    """The number of the campaign's latest run, from its page ("Xếp hạng (lần tính #N)")."""
    open_page(driver, f"{base}/phong-trao/{CAMPAIGN}", "#trang-thai", f"{CAMPAIGN}'s page")
    heading = driver.find_element(By.XPATH, "//h2[starts-with(normalize-space(.), 'Xếp hạng')]").text
    match = re.search(r"lần tính #(\d+)", heading)
    expect(match, f"{CAMPAIGN}'s page shows no run number: {heading!r}")
    return int(match.group(1))


def progress(driver):
    text = wait(driver, EC.presence_of_element_located((By.ID, "tien-do")), "the progress line #tien-do").text
    match = re.fullmatch(r"Đã chấm xong (\d+) / (\d+) mô hình", text.strip())
    expect(match, f"the progress line reads {text!r}, not 'Đã chấm xong N / M mô hình'")
    return int(match.group(1)), int(match.group(2))


def unit_entry(driver, base):
    """ENTRY's total and rank on UNIT's page."""
    section = open_page(driver, f"{base}/phong-trao/{CAMPAIGN}/don-vi/{UNIT}", f"#muc-{ENTRY}",
                        f"{ENTRY}'s section on {UNIT}'s page")
    total = section.find_element(By.CSS_SELECTOR, ".total").text.strip()
    rank = section.find_element(By.CSS_SELECTOR, ".rank").text.strip()
    return total, rank


def standings_row(driver, base):
    """ENTRY's row in BLOC's standings (rank, total), or None with the 'not ranked' list's line."""
    open_page(driver, f"{base}/phong-trao/{CAMPAIGN}/khoi/{BLOC}", "table.standings", f"{BLOC}'s standings")
    rows = driver.find_elements(By.ID, f"dong-{ENTRY}")
    apart = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ul.apart li") if li.text.startswith(ENTRY)]
    if not rows:
        return None, apart
    cells = [td.text.strip() for td in rows[0].find_elements(By.TAG_NAME, "td")]
    return (cells[0], cells[4]), apart


def refused(driver, base, who):
    """UNIT's page and BLOC's standings are refused to `who` with KEPT, showing no results."""
    for url, what in ((f"{base}/phong-trao/{CAMPAIGN}/don-vi/{UNIT}", f"{UNIT}'s page"),
                      (f"{base}/phong-trao/{CAMPAIGN}/khoi/{BLOC}", f"{BLOC}'s standings")):
        refusal = open_page(driver, url, "#loi", f"the refusal of {what} to {who}")
        expect(refusal.text.strip() == KEPT, f"{what} for {who} during the round reads {refusal.text!r}, expected {KEPT!r}")
        expect("403" in driver.title, f"{what} for {who} during the round: the page's title is {driver.title!r}, not a 403")
        expect(not driver.find_elements(By.CSS_SELECTOR, ".total, table.standings"), f"{what} shows results to {who}")


def status_line(driver):
    """The page's line saying whether its results are interim or final."""
    found = driver.find_elements(By.ID, "trang-thai-ket-qua")
    return found[0].text.strip() if found else ""


def stored_points(db, juror, entry):
    """The current points of a juror for an entry, from the store's score log (latest row per criterion)."""
    import sqlite3
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute("""
            SELECT s.criterion, s.points FROM scores s
            JOIN jurors j ON j.id = s.juror_id JOIN models m ON m.id = s.model_id
            WHERE j.code = ? AND m.code = ? ORDER BY s.scored_at, s.id""", (juror, entry)).fetchall()
    return {criterion: points for criterion, points in rows}


def phone(driver, base, shots):
    """At 390 px, every column's header and a cell of each column are displayed (no column hidden)."""
    for url, what in ((f"{base}/phong-trao/{CAMPAIGN}/khoi/{BLOC}", "standings"),
                      (f"{base}/phong-trao/{CAMPAIGN}/don-vi/{UNIT}", "unit")):
        open_page(driver, url, "table", f"the {what} page")
        shots.shot(driver, f"{what}-desktop", width=1280)
        shots.shot(driver, f"{what}-phone-390", width=390)
        width = driver.execute_script("return window.innerWidth")
        expect(driver.execute_script("return window.matchMedia('(max-width: 40rem)').matches"),
               f"the window is {width} px wide: the phone layout (max-width 40rem) does not apply")
        for t, table in enumerate(driver.find_elements(By.CSS_SELECTOR, "main table")):
            if not table.is_displayed():
                continue  # inside a closed <details> (the trace), like every other part of it
            headers = table.find_elements(By.CSS_SELECTOR, "thead th")
            hidden = [i + 1 for i, th in enumerate(headers) if not th.is_displayed()]
            expect(not hidden, f"{what} page at {width} px, table {t + 1}: header columns {hidden} are not displayed")
            rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
            if rows:
                cells = rows[0].find_elements(By.TAG_NAME, "td")
                expect(len(cells) == len(headers), f"{what} page, table {t + 1}: {len(cells)} cells, {len(headers)} headers")
                hidden = [i + 1 for i, td in enumerate(cells) if not td.is_displayed()]
                expect(not hidden, f"{what} page at {width} px, table {t + 1}: cells of columns {hidden} are not displayed")
            log(f"{what} page at {width} px, table {t + 1}: {len(headers)} columns, all displayed")


def number(text):
    """A total as shown ("72,50") as a float."""
    return float(text.replace(".", "").replace(",", "."))


def flow(args, out, shots):
    thidua = str(Path(args.thidua).resolve())
    examples = Path(args.examples).resolve()
    criteria = Path(args.criteria).resolve() if args.criteria else None
    db = out / "db" / "thidua.sqlite"
    juror_token, admin_token = prepare(thidua, examples, db, criteria)

    port = free_port()
    server = None
    drivers = []
    try:
        server, base = start_server(thidua, db, port, out / "server.log", criteria, cwd=args.cwd)
        log(f"thidua serve at {base} (pid {server.pid})")

        # The secretariat, in a browser of its own: the only one to see results while the round is open.
        secretariat = browser(args.chromium, args.chromedriver)
        drivers.append(secretariat)
        sign_in(secretariat, base, admin_token)
        secretariat.find_element(By.ID, "dang-nhap").click()
        wait(secretariat, EC.url_matches(r"/quan-tri$"), "the secretariat's page after signing in")
        shots.shot(secretariat, "secretariat")

        # Before: ENTRY is apart (too few jurors), with no rank.
        run_before = run_number(secretariat, base)
        total_before, rank_before = unit_entry(secretariat, base)
        shots.shot(secretariat, "unit-before")
        log(f"before: {UNIT} {ENTRY} total {total_before!r}, rank {rank_before!r}")
        expect(rank_before == "—", f"before the juror scores, {ENTRY} should have no rank (4 jurors < min_jurors 5), "
                                   f"but its rank reads {rank_before!r}")
        row_before, apart_before = standings_row(secretariat, base)
        shots.shot(secretariat, "standings-before")
        expect(row_before is None, f"before the juror scores, {ENTRY} should not be in {BLOC}'s standings, found {row_before}")
        expect(apart_before and "chưa đủ điểm" in apart_before[0],
               f"before the juror scores, {ENTRY} should be listed apart as 'chưa đủ điểm', the list has {apart_before}")

        # The juror, signed out, is refused the results; signs in and sees their progress.
        juror = browser(args.chromium, args.chromedriver)
        drivers.append(juror)
        refused(juror, base, f"{JUROR} signed out")
        shots.shot(juror, "signed-out-refused-results")
        sign_in(juror, base, juror_token)
        shots.shot(juror, "sign-in")
        juror.find_element(By.ID, "dang-nhap").click()
        wait(juror, EC.url_matches(r"/cham-diem$"), "the juror's list after signing in")
        done, of = progress(juror)
        shots.shot(juror, "juror-list-before")
        log(f"progress before: {done} / {of}")
        expect(done < of, f"the juror has nothing left to score ({done} / {of})")
        row = wait(juror, EC.presence_of_element_located((By.ID, f"dong-{ENTRY}")), f"the row #dong-{ENTRY}")
        expect(row.find_elements(By.LINK_TEXT, "Chấm"), f"{ENTRY}'s row should offer 'Chấm' (not scored yet): {row.text!r}")
        row.find_element(By.LINK_TEXT, "Chấm").click()
        wait(juror, EC.presence_of_element_located((By.ID, "luu")), f"{ENTRY}'s score form")
        expect(juror.current_url.endswith(f"/cham-diem/{ENTRY}"), f"the form's address is {juror.current_url}")
        inputs = juror.find_elements(By.CSS_SELECTOR, "#phieu input.diem")
        ids = sorted(i.get_attribute("id") for i in inputs)
        expect(ids == sorted(f"diem_{c}" for c in POINTS), f"the form's criteria are {ids}, expected {sorted(POINTS)}")
        expect(all(i.get_attribute("type") == "text" and i.get_attribute("inputmode") == "decimal" for i in inputs),
               "the score fields should be text fields with inputmode=decimal (a number field drops a decimal comma)")
        shots.shot(juror, "score-form")

        def fill(values):
            for criterion, value in values.items():
                field = juror.find_element(By.ID, f"diem_{criterion}")
                field.clear()
                field.send_keys(value)

        # Over the maximum, typed with a decimal comma: the browser refuses to send the form and says why.
        criterion, too_much, maximum = OVER_MAX
        fill({**POINTS, criterion: too_much})
        juror.execute_script("window.__notSent = true")
        juror.find_element(By.ID, "luu").click()
        time.sleep(0.5)
        still_here = juror.execute_script("return window.__notSent === true")
        message = juror.execute_script(f"return document.getElementById('diem_{criterion}').validationMessage")
        understood = juror.find_element(By.ID, f"hieu_{criterion}").text
        shots.shot(juror, "over-max-refused-in-browser")
        expect(still_here, f"the browser sent the form with {criterion} = {too_much} (over its maximum {maximum})")
        expect(too_much in message and maximum in message,
               f"the browser's message for {criterion} = {too_much} should name {too_much} and the maximum {maximum}: {message!r}")
        expect(understood == f"= {too_much} điểm", f"beside {criterion} the page shows {understood!r}, expected '= {too_much} điểm'")
        log(f"browser refused {criterion} = {too_much}: {message!r} ({understood})")

        # Over the maximum, sent anyway (no browser checks): the server answers 422 and says why.
        answer = juror.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const form = document.getElementById('phieu');
            fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin', redirect: 'manual'})
              .then(r => r.text().then(t => done([r.status, t]))).catch(e => done(['error', String(e)]));
        """)
        status, body = answer[0], answer[1]
        expect(status == 422, f"the server answered {status} to {criterion} = {too_much}, expected 422: {body[:1500]}")
        juror.execute_script("HTMLFormElement.prototype.submit.call(document.getElementById('phieu'))")
        error = wait(juror, EC.presence_of_element_located((By.ID, "loi")), "the server's refusal (#loi)")
        beside = [e.text for e in juror.find_elements(By.CSS_SELECTOR, "#phieu span.error")]
        shots.shot(juror, "over-max-refused-by-server")
        expect("Có điểm chưa hợp lệ" in error.text, f"the server's message reads {error.text!r}")
        expect(any(f"Điểm {too_much} nằm ngoài 0…{maximum}" in b for b in beside),
               f"no message beside {criterion} about {too_much} being outside 0…{maximum} (messages: {beside})")
        log(f"server refused {criterion} = {too_much} (422): {error.text!r}, {beside}")

        # Every criterion, typed with decimal commas, C1 as 1,5: saved, back to the list with one more done.
        slip, typed, stored = SLIP
        fill({**POINTS, slip: typed})
        juror.find_element(By.ID, "luu").click()
        wait(juror, EC.url_matches(r"/cham-diem$"), "the juror's list after saving")
        done_after, of_after = progress(juror)
        shots.shot(juror, "juror-list-after")
        log(f"progress after: {done_after} / {of_after}")
        expect((done_after, of_after) == (done + 1, of),
               f"after saving, the progress reads {done_after} / {of_after}, expected {done + 1} / {of}")
        cells = [td.text for td in juror.find_elements(By.CSS_SELECTOR, f"#dong-{ENTRY} td")]
        expect(cells and cells[3].replace(" ", "") == f"{len(POINTS)}/{len(POINTS)}",
               f"{ENTRY}'s row should show {len(POINTS)} / {len(POINTS)} criteria scored, it shows {cells}")
        saved = stored_points(db, JUROR, ENTRY)
        expect(saved == {**{c: v.replace(",", ".") for c, v in POINTS.items()}, slip: stored},
               f"the store holds {saved} for {JUROR} on {ENTRY}, typed {({**POINTS, slip: typed})}")
        # The form shows what was stored, with a decimal comma; the juror corrects the slip with a reason.
        open_page(juror, f"{base}/cham-diem/{ENTRY}", "#luu", f"{ENTRY}'s form again")
        shown = juror.find_element(By.ID, f"diem_{slip}").get_attribute("value")
        understood = juror.find_element(By.ID, f"hieu_{slip}").text
        shots.shot(juror, "saved-with-decimal-comma")
        expect(shown == typed and understood == f"= {typed} điểm",
               f"{slip} shows {shown!r} ({understood!r}) after saving {typed!r}, expected {typed!r} (= {typed} điểm)")
        log(f"saved {slip} = {typed}: stored {saved[slip]}, shown {shown!r} {understood!r}")
        fill({slip: POINTS[slip]})
        juror.find_element(By.ID, "reason").send_keys("Nhập nhầm điểm tiêu chí C1")
        juror.find_element(By.ID, "luu").click()
        wait(juror, EC.url_matches(r"/cham-diem$"), "the juror's list after the correction")
        saved = stored_points(db, JUROR, ENTRY)
        expect(saved[slip] == POINTS[slip], f"after the correction the store holds {slip} = {saved[slip]}, expected {POINTS[slip]}")

        # While the round runs, the juror sees no totals, ranks or other jurors' points.
        refused(juror, base, f"juror {JUROR}")
        shots.shot(juror, "juror-refused-results")

        # The secretariat recomputes.
        open_page(secretariat, f"{base}/quan-tri", f"form[action='/quan-tri/{CAMPAIGN}/tinh-diem'] button", "the 'Tính điểm' button")
        button = wait(secretariat, EC.element_to_be_clickable(
            (By.CSS_SELECTOR, f"form[action='/quan-tri/{CAMPAIGN}/tinh-diem'] button")), f"the 'Tính điểm' button of {CAMPAIGN}")
        button.click()
        wait(secretariat, EC.url_matches(rf"/phong-trao/{CAMPAIGN}$"), f"{CAMPAIGN}'s page after computing")
        run_after = run_number(secretariat, base)
        shots.shot(secretariat, "recomputed")
        expect(run_after > run_before, f"after computing, {CAMPAIGN}'s page shows run #{run_after}, it showed #{run_before} before")
        log(f"recomputed: run #{run_before} → #{run_after}")

        # After, not published, the round open: anyone (a juror signed out, a private window) is refused the results.
        public = browser(args.chromium, args.chromedriver)
        drivers.append(public)
        refused(public, base, "anyone")
        shots.shot(public, "public-refused-results")
        log("anyone is refused the interim results while the round is open")

        # The secretariat sees them: ENTRY has a total and a rank, on the unit's page and in the bloc's standings, interim.
        total_after, rank_after = unit_entry(secretariat, base)
        expect(status_line(secretariat).startswith(f"Kết quả tạm tính: lần tính #{run_after} lúc "),
               f"{UNIT}'s page should say the results are interim (run #{run_after}): {status_line(secretariat)!r}")
        shots.shot(secretariat, "unit-after")
        log(f"after: {UNIT} {ENTRY} total {total_after!r}, rank {rank_after!r}")
        match = re.fullmatch(r"(\d+)/(\d+)", rank_after)
        expect(match, f"after computing, {ENTRY}'s rank should read 'k/n', it reads {rank_after!r}")
        expect(re.fullmatch(r"\d+(,\d+)?", total_after), f"after computing, {ENTRY}'s total reads {total_after!r}")
        expect(total_after != total_before, f"{ENTRY}'s total did not change ({total_before!r})")
        row_after, apart_after = standings_row(secretariat, base)
        shots.shot(secretariat, "standings-after")
        expect(status_line(secretariat).startswith("Kết quả tạm tính"), f"{BLOC}'s standings should say interim: {status_line(secretariat)!r}")
        expect(row_after is not None, f"after computing, {ENTRY} should be in {BLOC}'s standings (apart: {apart_after})")
        expect(row_after == (match.group(1), total_after),
               f"{BLOC}'s standings show {ENTRY} at rank {row_after[0]} with {row_after[1]}, its unit's page {rank_after} with {total_after}")
        expect(not apart_after, f"{ENTRY} is still listed apart: {apart_after}")
        log(f"OK: {ENTRY} went from unranked ({total_before}, {rank_before}) to rank {rank_after} with {number(total_after):.2f} points")

        # The secretariat publishes the run: final for everyone, the juror included.
        open_page(secretariat, f"{base}/quan-tri", f"form[action='/quan-tri/{CAMPAIGN}/cong-bo'] button", "the 'Công bố kết quả' button")
        secretariat.find_element(By.CSS_SELECTOR, f"form[action='/quan-tri/{CAMPAIGN}/cong-bo'] button").click()
        wait(secretariat, EC.url_matches(rf"/phong-trao/{CAMPAIGN}$"), f"{CAMPAIGN}'s page after publishing")
        shots.shot(secretariat, "published")
        time.sleep(1.2)  # the read pages look for a newly published run at most once a second
        for driver, who in ((public, "anyone"), (juror, JUROR)):
            total, rank = unit_entry(driver, base)
            line = status_line(driver)
            expect(line.startswith(f"Kết quả chính thức: lần tính #{run_after} (tính lúc "),
                   f"after publishing, {UNIT}'s page for {who} reads {line!r}")
            expect((total, rank) == (total_after, rank_after), f"after publishing, {who} sees {total}, {rank}; before {total_after}, {rank_after}")
        shots.shot(public, "public-sees-published-unit")
        row, _ = standings_row(public, base)
        line = status_line(public)
        expect(line.startswith(f"Kết quả chính thức: lần tính #{run_after} (tính lúc "), f"after publishing, {BLOC}'s standings for anyone read {line!r}")
        expect(row == row_after, f"after publishing, {BLOC}'s standings show anyone {ENTRY} at {row}; the secretariat saw {row_after}")
        shots.shot(public, "public-sees-published-standings")
        shots.shot(juror, "juror-sees-published")
        log(f"published run #{run_after}: final for anyone and for {JUROR}")

        # A phone: every column of every table displayed, none hidden.
        phone(public, base, shots)
    finally:
        for driver in drivers:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 — the browser may be gone already
                pass
        stop_server(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="folder for the database, the server's log and the screenshots")
    parser.add_argument("--thidua", required=True, help="the thidua binary")
    parser.add_argument("--examples", default="Examples")
    parser.add_argument("--criteria", default=None, help="criteria folder (default: the server's own lookup, Criteria/)")
    parser.add_argument("--cwd", default=None, help="the server's working directory (default: this one)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--chromedriver", default=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    parser.add_argument("--timeout", type=int, default=300, help="seconds for the whole run")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    shots = Step(out / "screenshots")

    def expired(signum, frame):
        raise Timeout(f"the whole run took more than {args.timeout} s")
    def stopped(signum, frame):
        raise Timeout(f"stopped by signal {signum}")
    signal.signal(signal.SIGALRM, expired)
    # So that the browsers and the server are stopped when the run is (timeout, Ctrl-C).
    signal.signal(signal.SIGTERM, stopped)
    signal.signal(signal.SIGINT, stopped)
    signal.alarm(args.timeout)
    started = time.monotonic()
    try:
        flow(args, out, shots)
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        print(f"(screenshots so far in {shots.directory}, server log {out / 'server.log'})", file=sys.stderr)
        return 1
    except (Timeout, WebDriverException, OSError) as problem:
        print(f"FAILED ({type(problem).__name__}): {problem}", file=sys.stderr)
        print(f"(screenshots so far in {shots.directory}, server log {out / 'server.log'})", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
    log(f"passed in {time.monotonic() - started:.1f} s; {shots.n} screenshots in {shots.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
