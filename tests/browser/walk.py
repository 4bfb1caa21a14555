#!/usr/bin/python3
"""A whole case in a real browser (headless Chromium through Selenium).

A staff member reports an incident; the manager gives a written warning
with an order talk; the client does not come; a new incident is reported
under a misspelled name and the browser asks "Bedoelt u ...?"; the manager
imposes an access ban and adds a photo; reception finds the client under
another misspelling and records that he entered anyway; the police see
their copy.  After every step the archive is checked with `vpd verify`
and by counting commits, every page is checked with axe-core (WCAG 2.1
A and AA) and for console errors (a CSP violation shows up there), and a
screenshot lands in build/screens/.

Usage: walk.py VPD       (run by `make test`; KEEP=1 keeps the scratch dir)
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXE = os.path.join(TOP, "tests/browser/node_modules/axe-core/axe.min.js")
SCREENS = os.path.join(TOP, "build/screens")
EXAMPLES = os.path.join(TOP, "docs/examples")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)
    return cond


class Archive:
    """The scratch archive and the vpd binary that works on it."""

    def __init__(self, vpd, work):
        self.vpd = vpd
        self.work = work
        self.env = dict(os.environ)
        for k in ("VPD_ACTOR", "VPD_ARCHIVE", "VPD_NOW"):
            self.env.pop(k, None)
        self.env.update(VPD_TEST_CLOCK="1",
                        VPD_WORKFLOWS=os.path.join(TOP, "workflows"),
                        VPD_LETTERS=os.path.join(TOP, "letters"),
                        VPD_FONTS=os.path.join(TOP, "build/fonts"),
                        VPD_SIGNATURES=os.path.join(TOP, "signatures"),
                        VPD_WEB=os.path.join(TOP, "src/web"))

    def run(self, now, *args, stdin=None):
        env = dict(self.env, VPD_NOW=now)
        p = subprocess.run([self.vpd] + list(args), cwd=self.work, env=env,
                           input=stdin, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("vpd %s: %s" % (" ".join(args), p.stderr))
        return p.stdout

    def commits(self):
        return int(subprocess.run(["git", "-C", "archive", "rev-list", "--count", "HEAD"],
                                  cwd=self.work, capture_output=True, text=True).stdout)

    def verify(self, now, what):
        env = dict(self.env, VPD_NOW=now)
        p = subprocess.run([self.vpd, "--as", "C. Coördinator", "verify"], cwd=self.work,
                           env=env, capture_output=True, text=True)
        check(p.returncode == 0, "vpd verify after %s: %s" % (what, p.stderr.strip()))
        f = subprocess.run(["git", "-C", "archive", "fsck", "--strict", "--no-progress"],
                           cwd=self.work, capture_output=True, text=True)
        check(f.returncode == 0, "git fsck after %s: %s" % (what, f.stderr.strip()))

    def show(self, path):
        p = subprocess.run(["git", "-C", "archive", "show", "HEAD:" + path], cwd=self.work,
                           capture_output=True, text=True)
        return json.loads(p.stdout) if p.returncode == 0 else None


class Server:
    """vpd serve at a fixed VPD_NOW; restarted to move the clock."""

    def __init__(self, archive):
        self.archive = archive
        self.proc = None
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.url = "http://127.0.0.1:%d" % self.port

    def start(self, now):
        env = dict(self.archive.env, VPD_NOW=now)
        self.err = open(os.path.join(self.archive.work, "serve.err"), "a")
        self.proc = subprocess.Popen(
            [self.archive.vpd, "serve", "--workflow", "heerlen", "--listen",
             "127.0.0.1:%d" % self.port], cwd=self.archive.work, env=env,
            stdout=subprocess.DEVNULL, stderr=self.err)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/inloggen", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("vpd serve did not start")

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        st = self.proc.wait(timeout=30)
        self.proc = None
        self.err.close()
        check(st == 0, "vpd serve ended with status %d" % st)


class Browser:
    def __init__(self, server):
        self.server = server
        o = Options()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=nl"):
            o.add_argument(a)
        o.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(service=Service(shutil.which("chromedriver")
                                                  or "/usr/bin/chromedriver"), options=o)
        self.d.set_page_load_timeout(30)
        with open(AXE) as f:
            self.axe = f.read()
        self.shot = 0

    def quit(self):
        self.d.quit()

    def get(self, path):
        self.d.get(self.server.url + path)

    def el(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def text(self):
        return self.el("body").text

    def has(self, text, what):
        return check(text in self.text(), "%s: no '%s' on %s" % (what, text, self.d.current_url))

    def lacks(self, text, what):
        return check(text not in self.text(), "%s: '%s' shown on %s" % (what, text,
                                                                          self.d.current_url))

    def alerts(self):
        """What the page says went wrong, for a failure's message."""
        return " | ".join(e.get_attribute("textContent").strip() for e in self.d.find_elements(By.CSS_SELECTOR, "[role=alert]")
                          if e.get_attribute("textContent").strip())

    def committed(self, archive, before, n, what):
        if archive.commits() != before + n:
            self.screenshot("fout")
            with open(os.path.join(SCREENS, "%02d-fout.html" % self.shot), "w") as f:
                f.write(self.d.page_source)
        return check(archive.commits() == before + n, "%s (page says: %s)" % (what, self.alerts()))

    def type(self, css, value):
        e = self.el(css)
        e.clear()
        e.send_keys(value)

    def set(self, css, value):
        """Date and datetime inputs: typing into them depends on the
        browser's locale, so the value is set as a form would hold it."""
        e = self.el(css)
        self.d.execute_script("arguments[0].value = arguments[1];", e, value)

    def click(self, css):
        e = self.el(css)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", e)
        e.click()

    def submit(self, css):
        """Clicks a submit button and waits for the next page."""
        old = self.el("html")
        self.click(css)
        WebDriverWait(self.d, 20).until(lambda d: self.stale(old))
        WebDriverWait(self.d, 20).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    @staticmethod
    def stale(e):
        try:
            e.is_enabled()
            return False
        except WebDriverException:
            return True

    def login(self, name, password):
        self.d.delete_all_cookies()
        self.get("/inloggen")
        self.type("#naam", name)
        self.type("#wachtwoord", password)
        self.submit("button[type=submit]")
        check("/inloggen" not in self.d.current_url, "sign-in of %s" % name)

    def audit(self, name):
        """axe-core on the page as it is now, console errors, screenshot."""
        self.d.execute_script(self.axe)
        res = self.d.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(function (r) { done(r.violations.map(function (v) {"
            "  return v.id + ' (' + v.impact + '): ' + v.help + ' -- ' +"
            "    v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');"
            "})); }, function (e) { done(['axe failed: ' + e]); });", WCAG)
        check(not res, "axe on %s (%s): %s" % (name, self.d.current_url, "; ".join(res)))
        # The page itself may carry an error status (a refused form is
        # 422, an unknown page 404); anything else failing is a fault.
        page = self.d.current_url.split("#")[0]
        logs = [l for l in self.d.get_log("browser") if l["level"] == "SEVERE" and
                not l["message"].startswith(page + " - Failed to load resource")]
        check(not logs, "console errors on %s: %s" % (name, [l["message"] for l in logs]))
        self.screenshot(name)

    def screenshot(self, name):
        h = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(1280, min(max(h, 800), 8000))
        time.sleep(0.2)
        self.shot += 1
        self.d.save_screenshot(os.path.join(SCREENS, "%02d-%s.png" % (self.shot, name)))
        self.d.set_window_size(1280, 1000)


def walk(vpd, work):
    a = Archive(vpd, work)
    t0 = "2026-11-20T10:30:00+01:00"
    C, M, R, A, J, P = ("C. Coördinator", "M. de Manager", "R. Receptie", "A. Jansen",
                        "J. Juridisch", "P. Politie")
    a.run(t0, "--as", C, "init")
    a.run(t0, "--as", C, "actor", "add", C, "--role", "coordinator")
    a.run(t0, "--as", C, "actor", "add", M, "--role", "manager", "--afdeling", "Burgerzaken")
    a.run(t0, "--as", C, "actor", "add", R, "--role", "reception")
    a.run(t0, "--as", C, "actor", "add", A, "--role", "medewerker")
    a.run(t0, "--as", C, "actor", "add", J, "--role", "legal")
    a.run(t0, "--as", C, "actor", "add", P, "--role", "police")
    pw = {}
    for who in (C, M, R, A, J, P):
        pw[who] = "geheim-" + who.split()[-1].lower() + "-2026"
        a.run(t0, "actor", "passwd", who, stdin=pw[who] + "\n")

    srv = Server(a)
    b = None
    try:
        now = "2026-11-25T10:00:00+01:00"
        srv.start(now)
        b = Browser(srv)

        # --- the sign-in page, and a wrong password ------------------------
        b.get("/inloggen")
        b.audit("inloggen")
        b.type("#naam", A)
        b.type("#wachtwoord", "niet-het-goede")
        b.submit("button[type=submit]")
        b.has("horen niet bij elkaar", "wrong password said in Dutch")
        b.audit("inloggen-fout")

        # --- 1. a staff member reports an incident -------------------------
        b.login(A, pw[A])
        check(b.d.current_url.endswith("/melding"), "staff start at the report form")
        b.audit("melding-leeg")
        before = a.commits()
        b.submit("form.formulier button[type=submit]")
        b.has("De melding is nog niet opgeslagen", "an empty report is refused")
        b.committed(a, before, 0, "a refused report made no commit")
        b.audit("melding-geweigerd")

        b.set("#m-tijdstip", "2026-11-25T09:15")
        b.type("#m-locatie", "Stadskantoor, balie Burgerzaken")
        b.type("#m-afdeling", "Burgerzaken")
        b.click("#m-kanaal-balie")
        b.click("#m-verbale_agressie\\:schelden")
        b.click("#m-persoonlijke_bedreiging\\:intimidatie")
        b.type("#m-omschrijving", "De klant schold mij uit omdat zijn paspoort nog niet klaar "
               "was en zei dat hij mij na werktijd wel zou opwachten.")
        b.type("#m-medewerkers", A)
        b.type("#m-voornamen", "Jan")
        b.type("#m-tussenvoegsel", "van der")
        b.type("#m-achternaam", "Berg")
        b.set("#m-geboortedatum", "1980-04-01")
        b.type("#m-straat", "Dorpsstraat")
        b.type("#m-huisnummer", "1")
        b.type("#m-postcode", "6411 AB")
        b.type("#m-woonplaats", "Heerlen")
        b.submit("form.formulier button[type=submit]")
        b.has("opgeslagen als zaak 2026-0001", "the reporter is told the case number")
        b.committed(a, before, 1, "one commit for the report")
        a.verify(now, "the report")
        b.audit("melding-opgeslagen")
        b.click("#mijn-meldingen ~ table a")
        WebDriverWait(b.d, 10).until(lambda d: "/zaak/2026-0001" in d.current_url)
        b.lacks("Dorpsstraat", "the reporter does not see the address")
        b.audit("zaak-melder")

        # --- 2. the manager: a written warning with an order talk ----------
        b.login(M, pw[M])
        check(b.d.current_url.endswith("/werk"), "managers start at Mijn werk")
        b.has("Nieuwe meldingen om op te pakken (1)", "the new report on the agenda")
        b.audit("werk")
        b.get("/zaken")
        b.audit("zaken")
        b.get("/zaak/2026-0001")
        b.has("Dorpsstraat 1, 6411 AB Heerlen", "the manager sees the address")
        b.audit("zaak-gemeld")
        b.click("#stap-maatregel_opleggen summary")
        b.click("#f-maatregel_opleggen-maatregel-0")  # waarschuwing
        b.type("#f-maatregel_opleggen-motivering", "U heeft een medewerker aan de balie "
               "uitgescholden en gedreigd hem na werktijd op te wachten.")
        b.set("#f-maatregel_opleggen-ordegesprek", "2026-11-30T14:00")
        b.set("#f-maatregel_opleggen-van", "2026-11-30")
        b.set("#f-maatregel_opleggen-tot", "2027-05-29")
        before = a.commits()
        b.submit("#stap-maatregel_opleggen button[type=submit]")
        b.committed(a, before, 1, "one commit for the intended warning and its invitation")
        b.has("Klant opgeroepen voor een ordegesprek", "the case waits for the order talk")
        b.has("Uitnodiging voor een ordegesprek", "the invitation is among the letters")
        a.verify(now, "the warning")
        b.audit("zaak-ordegesprek-gepland")
        case = a.show("cases/2026/0001/case.json")
        check(case is not None and case.get("status") == "ordegesprek_gepland",
              "case state in the archive: %s" % (case or {}).get("status"))
        # a letter opens in the page, and as a PDF of its own
        b.click("#brieven a[href*='document=']")
        WebDriverWait(b.d, 10).until(lambda d: "document=" in d.current_url)
        b.audit("zaak-brief-getoond")
        link = b.el("#pdf a[href*='/document/']").get_attribute("href")
        with urllib.request.urlopen(urllib.request.Request(
                link, headers={"Cookie": "vpd_sessie=" + b.d.get_cookie("vpd_sessie")["value"]})) as r:
            body = r.read()
            check(r.headers.get("Content-Type") == "application/pdf" and body[:5] == b"%PDF-",
                  "a letter is served as a PDF")
        srv.stop()

        # --- 3. a week later: he did not come ------------------------------
        now = "2026-12-01T10:00:00+01:00"
        srv.start(now)
        b.login(M, pw[M])
        b.get("/zaak/2026-0001")
        b.click("#stap-niet_verschenen summary")
        before = a.commits()
        b.submit("#stap-niet_verschenen button[type=submit]")
        b.has("ligt al in het verleden", "the warning cannot start before its letter")
        b.committed(a, before, 0, "the refused no-show made no commit")
        b.audit("zaak-niet-verschenen-geweigerd")
        b.set("#f-niet_verschenen-van", "2026-12-01")
        b.set("#f-niet_verschenen-tot", "2027-05-31")
        b.submit("#stap-niet_verschenen button[type=submit]")
        b.committed(a, before, 1, "one commit for the no-show")
        b.has("Schriftelijke waarschuwing", "the warning goes by post")
        a.verify(now, "the no-show")
        b.audit("zaak-waarschuwing")
        srv.stop()

        # --- 4. a new incident, the name misspelled: Bedoelt u ...? --------
        now = "2026-12-08T11:00:00+01:00"
        srv.start(now)
        b.login(A, pw[A])
        b.set("#m-tijdstip", "2026-12-08T10:40")
        b.type("#m-locatie", "Stadskantoor, balie Burgerzaken")
        b.click("#m-kanaal-balie")
        b.click("#m-verbale_agressie\\:schelden")
        b.type("#m-omschrijving", "Dezelfde man als vorige maand schold opnieuw en sloeg "
               "met zijn vuist op de balie.")
        b.type("#m-voornamen", "Jan")
        b.type("#m-achternaam", "v.d. Berg")
        before = a.commits()
        b.submit("form.formulier button[type=submit]")
        b.has("Bedoelt u", "a possible match is asked about")
        b.has("Jan van der Berg, geboren 1 april 1980", "the match shown with his birth date")
        b.committed(a, before, 0, "asking made no commit")
        b.audit("melding-bedoelt-u")
        b.click("#keuze-P0001")
        b.submit(".vraag button[type=submit]")
        b.has("toegevoegd aan zaak 2026-0001", "the report joins the running case")
        b.committed(a, before, 1, "one commit for the second report")
        a.verify(now, "the second report")
        case = a.show("cases/2026/0001/case.json")
        check(case is not None and case.get("status") == "gemeld",
              "the case is open again: %s" % (case or {}).get("status"))

        # --- 5. the coordinator sets the ban's length (§8.1) ---------------
        b.login(C, pw[C])
        b.get("/zaak/2026-0001")
        b.click("#stap-duur_vaststellen summary")
        b.type("#f-duur_vaststellen-maanden", "3")
        b.click("#f-duur_vaststellen-medewerker_gehoord-ja")
        b.type("#f-duur_vaststellen-notitie", "A. Jansen gesproken; wil de klant niet meer helpen.")
        before = a.commits()
        b.submit("#stap-duur_vaststellen button[type=submit]")
        b.committed(a, before, 1, "one commit for the ban's length")
        b.audit("zaak-duur")
        # the coordinator adds a colleague in the browser
        b.click("a[href='/actoren']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/actoren"))
        b.audit("actoren")
        b.type("#nieuw-naam", "B. Beveiliging")
        b.click("#nieuw-reception")
        before = a.commits()
        b.submit("#nieuwe-actor button[type=submit]")
        b.committed(a, before, 1, "one commit for a new actor")
        b.has("Opgeslagen: de rollen van B. Beveiliging.", "the new actor is saved")
        # the coordinator reads a trend chart
        b.click("a[href='/trends']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/trends"))
        check(len(b.d.find_elements(By.CSS_SELECTOR, "svg.grafiek[role=img] rect")) > 0,
              "the coordinator sees the trend charts")
        b.has("Incidenten per kanaal", "the channel chart")
        b.audit("trends-coordinator")

        # --- 6. the manager: an access ban, and a photo --------------------
        b.login(M, pw[M])
        b.get("/zaak/2026-0001")
        b.click("#stap-maatregel_opleggen summary")
        b.click("#f-maatregel_opleggen-maatregel-1")  # toegangsverbod
        b.type("#f-maatregel_opleggen-motivering", "Ondanks de schriftelijke waarschuwing "
               "heeft u opnieuw een medewerker uitgescholden.")
        b.set("#f-maatregel_opleggen-van", "2026-12-09")
        b.set("#f-maatregel_opleggen-tot", "2027-02-09")  # too short
        b.type("#f-maatregel_opleggen-locaties", "Stadskantoor\nBestuurscentrum")
        before = a.commits()
        b.submit("#stap-maatregel_opleggen button[type=submit]")
        b.has("zoveel kalendermaanden als de coördinator vaststelde",
              "a ban shorter than the coordinator's length is refused")
        b.committed(a, before, 0, "the refused ban made no commit")
        check(b.d.switch_to.active_element.get_attribute("class") == "fout",
              "the refusal has the keyboard focus")
        b.audit("zaak-verbod-geweigerd")
        b.set("#f-maatregel_opleggen-tot", "2027-03-09")
        b.submit("#stap-maatregel_opleggen button[type=submit]")
        b.committed(a, before, 1, "one commit for the ban and its five copies")
        b.has("Toegangsverbod", "the ban is in force")
        a.verify(now, "the ban")
        b.click("details.foto-wijzigen summary")
        b.el("#foto").send_keys(os.path.join(EXAMPLES, "foto.jpg"))
        before = a.commits()
        b.submit("details.foto-wijzigen button[type=submit]")
        b.committed(a, before, 1, "one commit for the photo")
        check(b.d.execute_script(
            "var i = document.querySelector('.persoon img');"
            "return i !== null && i.complete && i.naturalWidth > 0;"), "the photo shows")
        a.verify(now, "the photo")
        b.audit("zaak-toegangsverbod")
        srv.stop()

        # --- 7. reception: he is at the desk anyway ------------------------
        now = "2026-12-10T11:00:00+01:00"
        srv.start(now)
        b.login(R, pw[R])
        check(b.d.current_url.endswith("/balie"), "reception starts at the desk page")
        b.has("Jan van der Berg", "the ban on today's list")
        b.audit("balie")
        b.type("#zoek", "jan van den berch")
        b.submit(".zoeken button[type=submit]")
        b.has("Gevonden voor", "search results")
        check(b.d.execute_script(
            "var i = document.querySelector('.kaart-verbod img');"
            "return i !== null && i.complete && i.naturalWidth > 0;"),
            "the photo on the card found under a misspelling")
        b.lacks("Dorpsstraat", "reception does not see the address")
        b.audit("balie-gevonden")
        b.click("a[href*='stap=overtreding']")
        WebDriverWait(b.d, 10).until(lambda d: "stap=overtreding" in d.current_url)
        check(b.d.execute_script(
            "return document.querySelector('#stap-overtreding details').open;"),
            "the step's form is open")
        b.set("#f-overtreding-tijdstip", "2026-12-10T10:30")
        b.type("#f-overtreding-locatie", "Stadskantoor, hal bij de balie")
        b.type("#f-overtreding-vorderingen", "3")
        b.type("#f-overtreding-getuigen", "R. Receptie\nA. Jansen")
        b.type("#f-overtreding-toelichting", "Hij kwam binnen en weigerde na drie "
               "vorderingen het gebouw te verlaten.")
        before = a.commits()
        b.submit("#stap-overtreding button[type=submit]")
        b.committed(a, before, 1, "one commit for the violation")
        a.verify(now, "the violation")
        b.lacks("Dorpsstraat", "reception still does not see the address")
        b.audit("zaak-overtreding-balie")

        # the manager reports it: the police report and the client's letter
        b.login(M, pw[M])
        b.get("/zaak/2026-0001?stap=aangifte_gedaan#stap-aangifte_gedaan")
        b.click("#f-aangifte_gedaan-feit-6")  # lokaalvredebreuk
        before = a.commits()
        b.submit("#stap-aangifte_gedaan button[type=submit]")
        b.committed(a, before, 1, "one commit for the report and its letters")
        b.has("Overtreding van het toegangsverbod", "the letter after the violation")
        a.verify(now, "the report")

        # --- 8. the police and legal affairs -------------------------------
        b.login(P, pw[P])
        check(b.d.current_url.endswith("/politie"), "police start at their page")
        b.has("2026-0001", "the police see the case")
        b.audit("politie")
        # the police make an export and download it; its files check out
        down = os.path.join(work, "downloads")
        os.makedirs(down, exist_ok=True)
        b.d.execute_cdp_cmd("Page.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": down})
        before = a.commits()
        b.set("#sinds", "2026-11-01")
        b.click("form[action='/politie/export'] button[type=submit]")
        zips = []
        for _ in range(100):
            zips = [f for f in os.listdir(down) if f.endswith(".zip")]
            if zips:
                break
            time.sleep(0.2)
        if check(zips == ["politie-export-1.zip"], "the police download an export: %s" % zips):
            out = os.path.join(work, "export")
            with zipfile.ZipFile(os.path.join(down, zips[0])) as z:
                z.extractall(out)
            r = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out,
                               capture_output=True, text=True)
            check(r.returncode == 0, "sha256sum -c on the download: %s" % r.stdout)
            check(any(f.endswith("-politie.pdf") for _, _, fs in os.walk(out) for f in fs),
                  "the download holds the police copies")
        b.committed(a, before, 1, "the export is recorded in one commit")
        b.get("/politie")
        b.lacks("Er is nog geen export naar de politie gemaakt", "the export in the history")
        b.audit("politie-export")
        b.login(J, pw[J])
        b.get("/zaak/2026-0001")
        b.has("Overtreding van het toegangsverbod", "legal affairs see the letters")
        b.audit("zaak-juridisch")
        b.click("a[href='/zaak/2026-0001/verloop']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/verloop"))
        b.has("commit ", "the trail names the commit of each step")
        b.audit("zaak-verloop")
        # the lawyer downloads the court dossier from the trail
        down = os.path.join(work, "dossier")
        os.makedirs(down, exist_ok=True)
        b.d.execute_cdp_cmd("Page.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": down})
        b.click("a[href='/zaak/2026-0001/dossier.pdf']")
        got = []
        for _ in range(100):
            got = [f for f in os.listdir(down) if f.endswith(".pdf")]
            if got:
                break
            time.sleep(0.2)
        if check(got == ["dossier-2026-0001.pdf"], "the lawyer downloads the dossier: %s" % got):
            r = subprocess.run(["pdftotext", os.path.join(down, got[0]), "-"],
                               capture_output=True, text=True)
            check("Dossier voor de rechter" in r.stdout and "Geachte" in r.stdout,
                  "the dossier holds the timeline and the letters")
            r = subprocess.run(["qpdf", "--check", os.path.join(down, got[0])],
                               capture_output=True, text=True)
            check(r.returncode == 0, "qpdf --check on the dossier: %s" % r.stdout[-200:])
        b.click("a[href^='/zaak/2026-0001/verloop/']")
        WebDriverWait(b.d, 10).until(lambda d: "/verloop/" in d.current_url)
        b.has("Wat er in het zaakbestand veranderde", "a step opens as its change in the archive")
        b.audit("zaak-wijziging")
        b.get("/bestaat-niet")
        b.audit("niet-gevonden")
        b.get("/politie")
        b.audit("politie-juridisch")
        b.click("a[href='/mandaten']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/mandaten"))
        b.has("mr. J. Juridisch", "legal affairs see the signers and their mandates")
        b.audit("mandaten")
        b.click("a[href='/juridisch']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/juridisch"))
        b.has("Besluiten per ondertekenaar", "legal affairs see the decisions by signer")
        b.audit("juridisch")
        b.click("a[href='/trends']")
        WebDriverWait(b.d, 10).until(lambda d: d.current_url.endswith("/trends"))
        b.has("Kerncijfers", "the trends' key figures")
        check(len(b.d.find_elements(By.CSS_SELECTOR, "svg.grafiek[role=img] rect")) > 0,
              "the trend charts are drawn")
        b.has("Incidenten per maand", "the month chart")
        b.audit("trends")
        b.click("button.uitloggen, form[action='/uitloggen'] button")
        WebDriverWait(b.d, 10).until(lambda d: "/inloggen" in d.current_url)
    finally:
        if b is not None:
            b.quit()
        srv.stop()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vpd = os.path.abspath(sys.argv[1])
    if not os.path.exists(AXE):
        sys.exit("walk.py: axe-core missing; run npm ci in tests/browser")
    os.makedirs(SCREENS, exist_ok=True)
    for f in os.listdir(SCREENS):
        if f.endswith((".png", ".html")):
            os.unlink(os.path.join(SCREENS, f))
    work = tempfile.mkdtemp(prefix="vpd-browser-")
    try:
        walk(vpd, work)
    except Exception as e:  # a crash is a failure with its reason
        check(False, "the walk stopped: %s: %s" % (type(e).__name__, e))
    finally:
        if os.environ.get("KEEP"):
            print("browser walk: kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("browser walk: %d checks, %d failed; screenshots in %s"
          % (checks, len(failures), os.path.relpath(SCREENS)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
