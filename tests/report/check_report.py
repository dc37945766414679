#!/usr/bin/python3
"""Renders porttwin's HTML reports in headless Chromium and checks them.

Run by ctest (tests/report/CMakeLists.txt) with Debian's /usr/bin/python3,
python3-pil and python3-h5py. For each of four results files (an incident
ensemble of a container port, a port without incidents, a sweep whose
incident target is renamed 'constructor', and a file whose scenario name and
one node id are hostile HTML) it writes the report,
loads it in Chromium with --dump-dom and checks what the page's script left
on <body>: data-rendered="ok", no data-errors, enough charts, and for the
hostile file that nothing ran (window.alert is trapped) and no element came
out of the strings. The incident report is also screenshotted and every
chart's box checked not to be blank; fonts differ between machines, so no
pixel is compared with the reference screenshot, which is for people
(--update-reference rewrites it).

Exit codes: 0 all checks pass, 1 a check failed, 77 Chromium, PIL or h5py
missing (ctest reports the test as skipped).
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import time

HOSTILE = "</script><img src=x onerror=alert(1)>\"&'"
ALERT_TRAP = ("<script>window.alert = window.confirm = window.prompt = function (m) "
              "{ document.documentElement.dataset.alerted = String(m); };</script>")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
                  "--virtual-time-budget=10000", "--no-first-run", "--disable-extensions"]
WIDTH = 1280

try:
    import h5py
    import numpy
    from PIL import Image, ImageStat
except ImportError as error:  # setup.sh installs python3-pil and python3-h5py
    print(f"SKIP: {error} (run scripts/setup.sh)")
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(command, **kwargs):
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result, time.monotonic() - started


class Dom(html.parser.HTMLParser):
    """The attributes of <html> and <body>, and every element's tag and attributes (script text is not parsed)."""

    def __init__(self):
        super().__init__()
        self.html, self.body, self.elements = {}, {}, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html" and not self.html:
            self.html = attributes
        if tag == "body" and not self.body:
            self.body = attributes
        self.elements.append((tag, attributes))


def dump_dom(chromium, page, height=4000):
    result, seconds = run([chromium, *CHROMIUM_FLAGS, f"--window-size={WIDTH},{height}", "--dump-dom",
                           "file://" + os.path.abspath(page)])
    dom = Dom()
    dom.feed(result.stdout)
    return dom, seconds


def check_rendered(name, dom, min_charts):
    body = dom.body
    check(body.get("data-rendered") == "ok", f"{name}: data-rendered is {body.get('data-rendered')!r}, not 'ok'")
    check("data-errors" not in body, f"{name}: the page reported {body.get('data-errors')!r}")
    charts = int(body.get("data-charts", "0"))
    check(charts >= min_charts, f"{name}: {charts} charts drawn, expected at least {min_charts}")
    return charts


def check_screenshot(chromium, page, dom, out_png):
    """Screenshot of the whole page; every chart box must hold a drawing."""
    height = int(dom.body.get("data-page-height", "4000"))
    boxes = json.loads(dom.body.get("data-chart-boxes", "[]"))
    run([chromium, *CHROMIUM_FLAGS, f"--window-size={WIDTH},{height}", f"--screenshot={out_png}",
         "file://" + os.path.abspath(page)])
    image = Image.open(out_png).convert("RGB")
    whole = ImageStat.Stat(image.convert("L"))
    check(whole.stddev[0] > 10, f"screenshot looks blank (grey level s.d. {whole.stddev[0]:.1f})")
    colours = image.getcolors(maxcolors=4096)  # None: more than that
    check(colours is None or len(colours) > 64, "screenshot has almost no colours")
    blank = []
    for index, (x, y, w, h) in enumerate(boxes):
        if w < 20 or h < 20 or y + h > image.height or x + w > image.width:
            continue
        region = image.crop((x, y, x + w, y + h)).convert("L")
        histogram = region.histogram()
        background = max(histogram)
        inked = 1.0 - background / float(w * h)  # share of pixels not of the most common grey
        if inked < 0.004:
            blank.append((index, round(inked, 4)))
    check(not blank, f"chart boxes without a drawing (index, inked share): {blank}")
    return image


def save_reference(image, path):
    """A small, palette PNG for people to see what the report looks like."""
    small = image.resize((WIDTH * 3 // 8, image.height * 3 // 8), Image.LANCZOS).convert(
        "P", palette=Image.ADAPTIVE, colors=32)
    small.save(path, optimize=True)


def rename_node(results, new_id):
    """Renames the node ijmuiden_conveyor wherever the file holds its id (ids, edges, events, details)."""
    old, new = b"ijmuiden_conveyor", new_id.encode()
    with h5py.File(results, "r+") as f:
        def visit(_name, obj):
            if not isinstance(obj, h5py.Dataset) or h5py.check_string_dtype(obj.dtype) is None:
                return
            data = obj[()]
            if isinstance(data, bytes):
                obj[()] = data.replace(old, new)
                return
            flat = [x.replace(old, new) for x in data.reshape(-1)]
            obj[...] = numpy.array(flat, dtype=object).reshape(data.shape)
        f.visititems(visit)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--porttwin", required=True)
    parser.add_argument("--source", required=True, help="the porttwin source tree")
    parser.add_argument("--work", required=True, help="a scratch directory (emptied)")
    parser.add_argument("--update-reference", action="store_true")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("SKIP: no chromium (run scripts/setup.sh)")
        return 77
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    work = lambda name: os.path.join(args.work, name)
    src = args.source
    porttwin = [args.porttwin]

    # The results files.
    run(porttwin + ["run", f"{src}/scenarios/terminal-ransomware.yaml", "--set", "settings.horizon=45 d",
                    "--replications", "4", "--threads", "2", "--quiet", "-o", work("incident.h5")])
    run(porttwin + ["run", f"{src}/tests/data/scenarios/small-port.yaml", "--replications", "3", "--quiet",
                    "-o", work("port.h5")])
    # The test scenarios start from shipped ones, outside their directory tree: allowed.
    allow = ["--allow-path", f"{src}/scenarios"]
    run(porttwin + ["sweep", f"{src}/tests/data/scenarios/conveyor-ransomware.yaml", *allow, "--set", "settings.horizon=45 d",
                    "--vary", "cyber.response.hinterland_operator.recovery=5 d,10 d", "--replications", "3",
                    "--quiet", "-o", work("sweep.h5")])
    with open(f"{src}/tests/data/scenarios/conveyor-ransomware.yaml") as f:
        text = f.read().replace("base: ../../../scenarios/", f"base: {src}/scenarios/")
    name = json.dumps(HOSTILE + "\u2028<!--")  # a JSON string is a YAML double-quoted one
    text = text.replace("name: conveyor-ransomware", "name: " + name)
    text += "vendors:\n  evil_vendor: {name: " + json.dumps(HOSTILE) + "}\n"
    with open(work("hostile.yaml"), "w") as f:
        f.write(text)
    run(porttwin + ["run", work("hostile.yaml"), *allow, "--set", "settings.horizon=45 d", "--replications", "2", "--quiet",
                    "-o", work("hostile.h5")])
    rename_node(work("hostile.h5"), HOSTILE)
    # 'constructor' is a valid node id, and a key every plain JavaScript object already has.
    rename_node(work("sweep.h5"), "constructor")

    # The reports.
    pages = {}
    for name, extra in [("incident", []), ("port", []), ("sweep", ["--point", "1"]), ("hostile", [])]:
        page = work(name + ".html")
        _, seconds = run(porttwin + ["report", work(name + ".h5"), "-o", page] + extra)
        pages[name] = page
        print(f"{name}: report written in {seconds:.2f} s, {os.path.getsize(page) / 1e6:.2f} MB")

    # Incident ensemble: every section, and a screenshot.
    dom, seconds = dump_dom(chromium, pages["incident"])
    charts = check_rendered("incident", dom, 20)
    sections = {a.get("id") for tag, a in dom.elements if tag == "section"}
    for section in ["throughput", "key-figures", "terminal-figures", "graph", "cascade", "reporting"]:
        check(section in sections, f"incident: no section {section!r} (sections: {sorted(sections)})")
    print(f"incident: {charts} charts drawn in {dom.body.get('data-render-ms')} ms by the page's script; "
          f"Chromium took {seconds:.1f} s in all")
    dom, _ = dump_dom(chromium, pages["incident"], height=900)  # boxes at the screenshot's width
    image = check_screenshot(chromium, pages["incident"], dom, work("incident.png"))
    if args.update_reference:
        save_reference(image, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.png"))
        print("reference.png updated")

    # A port without incidents: the port sections only, and a note saying so.
    dom, _ = dump_dom(chromium, pages["port"])
    check_rendered("port", dom, 8)
    sections = {a.get("id") for tag, a in dom.elements if tag == "section"}
    check(sections == {"throughput", "key-figures", "terminal-figures", "graph"}, f"port: sections {sorted(sections)}")

    # A sweep: the comparison first, then point 1 in detail.
    dom, _ = dump_dom(chromium, pages["sweep"])
    check_rendered("sweep", dom, 10)
    ids = [a.get("id") for tag, a in dom.elements if tag == "section"]
    check(ids[:1] == ["sweep"] and "cascade" in ids, f"sweep: sections in order {ids}")

    # Hostile strings: shown as text, never run.
    trapped = work("hostile-trapped.html")
    with open(pages["hostile"], encoding="utf-8") as f:
        page = f.read()
    check(HOSTILE not in page, "hostile: the raw string is in the page")
    with open(trapped, "w", encoding="utf-8") as f:
        f.write(page.replace("<head>", "<head>" + ALERT_TRAP, 1))
    dom, _ = dump_dom(chromium, trapped)
    check_rendered("hostile", dom, 10)
    check("data-alerted" not in dom.html, f"hostile: script ran (alert({dom.html.get('data-alerted')!r}))")
    injected = [a for tag, a in dom.elements if tag == "img" and a.get("src") == "x"]
    check(not injected, f"hostile: {len(injected)} <img src=x> elements made from the strings")
    # And the trap works: a page with the element itself must trip it.
    control = work("hostile-control.html")
    with open(control, "w", encoding="utf-8") as f:
        f.write(page.replace("<head>", "<head>" + ALERT_TRAP, 1).replace("<main id=\"sections\">",
                                                                         "<main id=\"sections\">" + HOSTILE[9:], 1))
    dom, _ = dump_dom(chromium, control)
    check(dom.html.get("data-alerted") == "1", "control: the alert trap did not catch a real <img onerror>")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all report checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
